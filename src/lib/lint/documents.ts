// Reading lint input: bytes → text → YAML documents, fast. js-yaml parses every document (it is several times faster
// than eemeli/yaml's full parse); exact positions are computed later, only for documents that have findings
// (positions.ts). A file is split into documents at "---" lines first, so that one broken document does not hide
// the others and each can be re-parsed alone.
import * as jsYaml from 'js-yaml';
import {CORE_SCHEMA, type Type, load} from 'js-yaml';
import {readSimpleYaml} from './simple-yaml.js';

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

export interface LintDocument {
  readonly file: string;
  /** 0-based index of the YAML document in its file. */
  readonly index: number;
  /** The document's own text, and the 0-based line of the file where it starts. */
  readonly text: string;
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
  readonly documents: LintDocument[];
  readonly problems: LoadProblem[];
  /** YAML documents in the file (List items not counted separately). */
  readonly documentCount: number;
  /** Lines carrying "# d8-metallb-disable-next-line": 1-based line they apply to → rules (empty set: all). */
  readonly suppressions: ReadonlyMap<number, ReadonlySet<string>>;
}

/** Aliases may expand a small file into billions of nodes ("billion laughs"); Kubernetes objects never need that. */
const MAX_EXPANDED_NODES = 1_000_000;

const STRICT_UTF8 = new TextDecoder('utf-8', {fatal: true});

/** Turns bytes into text, or a problem: binary files and invalid UTF-8 are reported, never parsed. */
export function decode(file: string, bytes: Uint8Array): {text: string} | {problem: LoadProblem} {
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) {
    return {problem: {file, line: 1, column: 1, rule: 'unreadable-input', message: 'this is a binary file, not YAML or JSON; remove it from the inputs.'}};
  }
  try {
    const text = STRICT_UTF8.decode(bytes);
    return {text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text};
  } catch {
    const text = new TextDecoder('utf-8').decode(bytes);
    const at = text.indexOf('\uFFFD');
    const {line, column} = lineAndColumn(text, Math.max(at, 0));
    return {problem: {file, line, column, rule: 'unreadable-input', message: 'the file is not valid UTF-8 here; save it as UTF-8.'}};
  }
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

interface Chunk {
  text: string;
  lineOffset: number;
}

const DOCUMENT_START = /^---(?:[ \t\r]|$)/;
const NO_CONTENT = /^(?:[ \t]*(?:#.*)?|%.*)$/;

/** Splits at "---" lines (a marker at column 0 always starts a document in YAML); "..." ends one. */
export function splitDocuments(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  let start = 0; // offset where the current document's text starts
  let startLine = 0;
  let hasContent = false;
  let line = 0;
  const flush = (end: number, nextLine: number) => {
    if (hasContent) chunks.push({text: text.slice(start, end), lineOffset: startLine});
    start = end;
    startLine = nextLine;
    hasContent = false;
  };
  for (let at = 0; at <= text.length; line++) {
    let next = text.indexOf('\n', at);
    if (next < 0) next = text.length;
    const first = text.charCodeAt(at);
    if (first === 45 /* - */ && text.startsWith('---', at) && isMarkerEnd(text.charCodeAt(at + 3))) {
      if (hasContent) flush(at, line);
      const rest = text.slice(at + 3, next).trim();
      if (rest !== '' && !rest.startsWith('#')) hasContent = true;
    } else if (first === 46 /* . */ && text.startsWith('...', at) && isMarkerEnd(text.charCodeAt(at + 3))) {
      flush(next + 1, line + 1);
    } else if (!hasContent && !NO_CONTENT.test(text.slice(at, next).replace(/\r$/, ''))) {
      hasContent = true;
    }
    at = next + 1;
  }
  flush(text.length, line);
  return chunks;
}

/** After "---" or "...": end of text, end of line, or a blank. */
function isMarkerEnd(code: number): boolean {
  return Number.isNaN(code) || code === 10 || code === 13 || code === 32 || code === 9;
}

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
  if (!text.includes('d8-metallb-disable-next-line')) return result;
  for (const match of text.matchAll(SUPPRESSION)) {
    const {line} = lineAndColumn(text, match.index);
    const rules = match[1]!.split(/[\s,]+/).filter((r) => /^[a-z0-9-]+$/.test(r));
    result.set(line + 1, new Set(rules));
  }
  return result;
}

function describeObject(file: string, index: number, chunk: Chunk, value: Record<string, unknown>, basePath: Path): LintDocument {
  const metadata = typeof value.metadata === 'object' && value.metadata !== null ? (value.metadata as Record<string, unknown>) : {};
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    file, index, text: chunk.text, lineOffset: chunk.lineOffset, value, basePath,
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
 * Parses one file's text into objects ("kind: List" unwrapped) and load problems. `keep`, when given, sees each
 * object as it is read and returns what to keep of it (lint checks it and keeps a compact copy).
 */
export function parseFile(file: string, text: string, keep?: (doc: LintDocument) => LintDocument): ParsedFile {
  const kept: LintDocument[] = [];
  const documents = {push: keep ? (doc: LintDocument) => kept.push(keep(doc)) : (doc: LintDocument) => kept.push(doc)};
  const problems: LoadProblem[] = [];
  const chunks = splitDocuments(text);
  chunks.forEach((chunk, index) => {
    const result = loadChunk(chunk.text, file);
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
    const firstLine = () => chunk.lineOffset + 1 + Math.max(0, chunk.text.split('\n').findIndex((l) => !NO_CONTENT.test(l.replace(/\r$/, '')) && !DOCUMENT_START.test(l)));
    // Only aliases can make a document huge or (as shared objects) cyclic; a document without "*" has none.
    const size = chunk.text.includes('*') ? expandedSize(value) : 0;
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
        if (typeof item === 'object' && item !== null && !Array.isArray(item)) documents.push(describeObject(file, index, chunk, item as Record<string, unknown>, ['items', i]));
        else problems.push({file, line: firstLine(), column: 1, rule: 'not-an-object', message: `items[${i}] of this List is not a Kubernetes object (a mapping with apiVersion and kind); remove it or fix it.`});
      });
    } else documents.push(describeObject(file, index, chunk, object, []));
  });
  return {file, documents: kept, problems, documentCount: chunks.length, suppressions: suppressionsOf(text)};
}
