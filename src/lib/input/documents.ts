// Reading manifests: bytes → YAML documents, fast, one document at a time. A file is split into documents at "---"
// lines on its bytes, and only one document's text exists at a time: lint of 100,000 documents keeps none of their
// texts, and reads a document's text again (from its file) only when a finding needs the exact position
// (positions.ts). js-yaml parses what the fast subset reader cannot (it is several times faster than eemeli/yaml's
// full parse); one broken document does not hide the others.
import {isUtf8} from 'node:buffer';
import * as jsYaml from 'js-yaml';
import {CORE_SCHEMA, type Type, load} from 'js-yaml';
import {readSimpleYaml} from './simple-yaml.js';
import {type DocumentBytes, DocumentSplitter} from './split.js';

/**
 * YAML 1.2 core types plus merge keys, as Kubernetes reads manifests: no timestamps (Kubernetes keeps them strings),
 * and not trying the timestamp pattern on every scalar is a good part of the parse time.
 */
const MANIFEST_SCHEMA = CORE_SCHEMA.extend({implicit: [(jsYaml as unknown as {types: {merge: Type}}).types.merge]});

export type Path = readonly (string | number)[];

/** A path as people read it: spec.ports[0], metadata.annotations["network.deckhouse.io/…"]. */
export function formatPath(path: Path): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : /^[A-Za-z_$][\w$-]*$/.test(p) ? `.${p}` : `[${JSON.stringify(p)}]`)).join('').replace(/^\./, '');
}

export interface ManifestDocument {
  readonly file: string;
  /** 0-based index of the YAML document in its file. */
  readonly index: number;
  /** Where the document's text can be read again (bytes start..end), and the 0-based line of the file where it starts. */
  readonly origin: TextOrigin;
  readonly start: number;
  readonly end: number;
  readonly lineOffset: number;
  /** The object; for an item of a `kind: List`, the item. */
  readonly value: Record<string, unknown>;
  /** Where `value` sits in the document: [] or ["items", i]. */
  readonly basePath: Path;
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
}

/** A problem found while reading: it has a position but no object. */
export interface LoadProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly rule: 'yaml-syntax' | 'duplicate-key' | 'unreadable-input' | 'alias-expansion' | 'not-an-object';
  readonly message: string;
}

export interface ParsedFile {
  readonly file: string;
  readonly documents: ManifestDocument[];
  readonly problems: LoadProblem[];
  /** YAML documents in the file (List items not counted separately). */
  readonly documentCount: number;
  /** Lines carrying "# d8-metallb-disable-next-line": 1-based line they apply to → rules (empty set: all). */
  readonly suppressions: ReadonlyMap<number, ReadonlySet<string>>;
}

/** Aliases may expand a small file into billions of nodes ("billion laughs"); Kubernetes objects never need that. */
const MAX_EXPANDED_NODES = 1_000_000;

/** Reads a document's text again: a span of the bytes its file had when it was read. */
export interface TextOrigin {
  read(start: number, end: number): string;
}

/** The bytes are kept (stdin, and texts given as strings, have nowhere else to be read from). */
export class BytesOrigin implements TextOrigin {
  constructor(private readonly bytes: Buffer) {}
  read(start: number, end: number): string {
    return this.bytes.toString('utf8', start, end);
  }
}

/** No text (objects read from a cluster): positions fall back to the document's start. */
export const NO_TEXT: TextOrigin = {read: () => ''};

/** Where the text starts: after a byte order mark. */
function startOf(bytes: Buffer): number {
  return bytes.subarray(0, 3).equals(BOM) ? 3 : 0;
}

/** The text of a document, read again from where it came from. */
export function documentText(doc: ManifestDocument): string {
  return doc.origin.read(doc.start, doc.end);
}

/**
 * One input: a file's name and its text, its bytes when its turn comes (stdin: kept, to read documents again), or
 * its bytes in blocks with a way to read a document again later (a regular file: never in memory whole).
 */
export type ManifestSource =
  | {readonly file: string; readonly text: string}
  | {readonly file: string; readonly load: () => Buffer}
  | {readonly file: string; readonly blocks: () => Iterable<Buffer>; readonly origin: TextOrigin};

const SUPPRESSION_MARK = 'd8-metallb-disable-next-line';
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * A first pass over a file read in blocks: is it text, and does it carry suppression comments? UTF-8 is checked up
 * to each block's last line feed (no character spans one), the rest with the next block.
 */
function scanBlocks(blocks: Iterable<Buffer>): {text: boolean; suppressions: boolean} {
  let first = true;
  let carry = Buffer.alloc(0);
  let suppressions = false;
  for (const block of blocks) {
    if (first && block.subarray(0, 8192).includes(0)) return {text: false, suppressions};
    first = false;
    const data = carry.length > 0 ? Buffer.concat([carry, block]) : block;
    const cut = data.lastIndexOf(10) + 1;
    if (!isUtf8(data.subarray(0, cut))) return {text: false, suppressions};
    suppressions ||= data.includes(SUPPRESSION_MARK);
    carry = Buffer.from(data.subarray(cut));
  }
  return {text: isUtf8(carry), suppressions: suppressions || carry.includes(SUPPRESSION_MARK)};
}

/** All the bytes of a file read in blocks (the rare cases that need a file whole: a problem, suppressions). */
function wholeOf(blocks: Iterable<Buffer>): Buffer {
  const parts: Buffer[] = [];
  for (const block of blocks) parts.push(Buffer.from(block)); // a copy: the reader reuses its block
  return Buffer.concat(parts);
}

/** Binary files and invalid UTF-8 are reported, never parsed. */
function unreadable(file: string, bytes: Buffer): LoadProblem | undefined {
  if (bytes.subarray(0, 8192).includes(0)) {
    return {file, line: 1, column: 1, rule: 'unreadable-input', message: 'this is a binary file, not YAML or JSON; remove it from the inputs.'};
  }
  if (isUtf8(bytes)) return undefined;
  const text = new TextDecoder('utf-8').decode(bytes);
  const {line, column} = lineAndColumn(text, Math.max(text.indexOf('\uFFFD'), 0));
  return {file, line, column, rule: 'unreadable-input', message: 'the file is not valid UTF-8 here; save it as UTF-8.'};
}

export function lineAndColumn(text: string, offset: number): {line: number; column: number} {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return {line, column: offset - start + 1};
}

const DOCUMENT_START = /^---(?:[ \t\r]|$)/;
const NO_CONTENT = /^(?:[ \t]*(?:#.*)?|%.*)$/;

const MAX_DEPTH = 1000;

/**
 * Expanded node count, memoised per shared object so that an alias bomb is measured without expanding it;
 * Infinity when the document nests deeper than MAX_DEPTH (rules walk documents recursively).
 */
function expandedSize(root: unknown): number {
  const memo = new Map<object, number>();
  const visit = (value: unknown, depth: number): number => {
    if (typeof value !== 'object' || value === null) return 1;
    const known = memo.get(value);
    if (known !== undefined) return known;
    if (depth > MAX_DEPTH) return Infinity;
    memo.set(value, MAX_EXPANDED_NODES + 1); // a cycle counts as unbounded
    let size = 1;
    for (const child of Array.isArray(value) ? value : Object.values(value)) {
      size += visit(child, depth + 1);
      if (size > MAX_EXPANDED_NODES) break;
    }
    memo.set(value, size);
    return size;
  };
  return visit(root, 0);
}

const SUPPRESSION = /#\s*d8-metallb-disable-next-line\b([^\n]*)/g;

export function suppressionsOf(text: string): Map<number, Set<string>> {
  const result = new Map<number, Set<string>>();
  if (!text.includes(SUPPRESSION_MARK)) return result;
  for (const match of text.matchAll(SUPPRESSION)) {
    const {line} = lineAndColumn(text, match.index);
    const rules = match[1]!.split(/[\s,]+/).filter((r) => /^[a-z0-9-]+$/.test(r));
    result.set(line + 1, new Set(rules));
  }
  return result;
}

function describeObject(file: string, index: number, origin: TextOrigin, chunk: DocumentBytes, value: Record<string, unknown>, basePath: Path): ManifestDocument {
  const metadata = typeof value.metadata === 'object' && value.metadata !== null ? (value.metadata as Record<string, unknown>) : {};
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    file, index, origin, start: chunk.start, end: chunk.end, lineOffset: chunk.lineOffset, value, basePath,
    apiVersion: str(value.apiVersion), kind: str(value.kind), name: str(metadata.name), namespace: str(metadata.namespace),
  };
}

/** What one document's text reads as: the value, or why js-yaml could not read it. */
type LoadedChunk =
  | {readonly value: unknown}
  | {readonly error: {readonly reason: string; readonly line?: number; readonly column?: number}};

/** Reads one document's text (the fast subset reader first, else js-yaml); never throws. */
function loadChunk(text: string, file: string): LoadedChunk {
  const simple = readSimpleYaml(text);
  if (simple !== undefined) return {value: simple};
  try {
    return {value: load(text, {filename: file, schema: MANIFEST_SCHEMA})};
  } catch (error) {
    const mark = (error as {mark?: {line: number; column: number}}).mark;
    const reason = (error as {reason?: string}).reason ?? (error instanceof RangeError ? 'nesting is too deep to read' : String((error as Error).message));
    return {error: {reason, ...(mark ? {line: mark.line, column: mark.column} : {})}};
  }
}

/**
 * Parses one input into objects ("kind: List" unwrapped) and load problems, one document at a time. `keep`, when
 * given, sees each object as it is read and returns what to keep of it (lint checks it and keeps a compact copy);
 * `onSuppressions` hears the file's suppression comments before that.
 */
export function parseSource(source: ManifestSource, keep?: (doc: ManifestDocument) => ManifestDocument, onSuppressions?: (suppressions: ReadonlyMap<number, ReadonlySet<string>>) => void): ParsedFile {
  const {file} = source;
  let origin: TextOrigin;
  let feed: (splitter: DocumentSplitter) => void;
  let suppressions = new Map<number, Set<string>>();
  const noDocuments = (problem: LoadProblem): ParsedFile => ({file, documents: [], problems: [problem], documentCount: 0, suppressions});
  if ('blocks' in source) {
    const scan = scanBlocks(source.blocks());
    if (!scan.text || scan.suppressions) {
      const bytes = wholeOf(source.blocks());
      const problem = unreadable(file, bytes);
      if (problem) return noDocuments(problem);
      suppressions = suppressionsOf(bytes.toString('utf8', startOf(bytes)));
    }
    origin = source.origin;
    feed = (splitter) => {
      for (const block of source.blocks()) splitter.push(block);
    };
  } else {
    const bytes = 'text' in source ? Buffer.from(source.text, 'utf8') : source.load();
    const problem = unreadable(file, bytes);
    if (problem) return noDocuments(problem);
    if (bytes.includes(SUPPRESSION_MARK)) suppressions = suppressionsOf(bytes.toString('utf8', startOf(bytes)));
    origin = new BytesOrigin(bytes);
    feed = (splitter) => splitter.push(bytes);
  }
  // Known before the first document is kept: findings of per-document rules are reported while reading.
  onSuppressions?.(suppressions);
  const kept: ManifestDocument[] = [];
  const documents = {push: keep ? (doc: ManifestDocument) => kept.push(keep(doc)) : (doc: ManifestDocument) => kept.push(doc)};
  const problems: LoadProblem[] = [];
  let next = 0;
  const splitter = new DocumentSplitter((chunk) => {
    const index = next++;
    const text = chunk.bytes.toString('utf8');
    const result = loadChunk(text, file);
    if ('error' in result) {
      const {reason, line, column} = result.error;
      const duplicate = /duplicated mapping key/.test(reason);
      problems.push({
        file,
        line: chunk.lineOffset + (line !== undefined ? line + 1 : 1),
        column: column !== undefined ? column + 1 : 1,
        rule: duplicate ? 'duplicate-key' : 'yaml-syntax',
        message: duplicate ? 'this key is repeated in its mapping (the API server keeps only one of them); remove one.' : `${reason}; fix the YAML syntax.`,
      });
      return;
    }
    const value = result.value;
    if (value === null || value === undefined) return;
    // Whole-document problems point at the first line with content (not at "---"); computed only for them.
    const firstLine = () => chunk.lineOffset + 1 + Math.max(0, text.split('\n').findIndex((l) => !NO_CONTENT.test(l.replace(/\r$/, '')) && !DOCUMENT_START.test(l)));
    // Only aliases can make a document huge or (as shared objects) cyclic; a document without "*" has none.
    const size = text.includes('*') ? expandedSize(value) : 0;
    if (size === Infinity) {
      problems.push({file, line: firstLine(), column: 1, rule: 'yaml-syntax', message: `this document nests deeper than ${MAX_DEPTH} levels, which no Kubernetes object does; flatten it.`});
      return;
    }
    if (size > MAX_EXPANDED_NODES) {
      problems.push({file, line: firstLine(), column: 1, rule: 'alias-expansion', message: `aliases expand this document to more than ${MAX_EXPANDED_NODES.toLocaleString('en')} nodes (a "billion laughs" document); write it without anchors and aliases.`});
      return;
    }
    if (typeof value !== 'object' || Array.isArray(value)) {
      problems.push({file, line: firstLine(), column: 1, rule: 'not-an-object', message: 'this document is not a Kubernetes object (a mapping with apiVersion and kind); remove it or fix it.'});
      return;
    }
    const object = value as Record<string, unknown>;
    if (object.kind === 'List') {
      if (!Array.isArray(object.items)) {
        problems.push({file, line: firstLine(), column: 1, rule: 'not-an-object', message: `this List's items is ${object.items === undefined ? 'missing' : 'not a list'}, so it holds no object; write the objects under items: as a list.`});
        return;
      }
      object.items.forEach((item, i) => {
        if (typeof item === 'object' && item !== null && !Array.isArray(item)) documents.push(describeObject(file, index, origin, chunk, item as Record<string, unknown>, ['items', i]));
        else problems.push({file, line: firstLine(), column: 1, rule: 'not-an-object', message: `items[${i}] of this List is not a Kubernetes object (a mapping with apiVersion and kind); remove it or fix it.`});
      });
    } else documents.push(describeObject(file, index, origin, chunk, object, []));
  });
  feed(splitter);
  splitter.end();
  return {file, documents: kept, problems, documentCount: splitter.count, suppressions};
}

/** Parses a text (see parseSource). */
export function parseFile(file: string, text: string, keep?: (doc: ManifestDocument) => ManifestDocument): ParsedFile {
  return parseSource({file, text}, keep);
}
