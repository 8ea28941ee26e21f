// YAML in and out. Reading keeps each document's source positions (eemeli/yaml's CST and LineCounter), so that
// problems can point at file:line:column; writing produces what `kubectl apply -f` accepts unchanged.
import {type Document, LineCounter, isMap, isScalar, parseAllDocuments, stringify} from 'yaml';
import {UserError} from '../errors.js';

export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

export interface SourceDocument {
  /** File name, or "-" for stdin. */
  readonly source: string;
  /** 0-based index of the document in its file. */
  readonly index: number;
  readonly value: unknown;
  readonly document: Document.Parsed;
  readonly lineCounter: LineCounter;
}

export type YamlPath = readonly (string | number)[];

/** Parses every document of a YAML (or JSON) text; a syntax error, duplicate key included, is a UserError naming file:line:column. */
export function readYamlDocuments(text: string, source: string): SourceDocument[] {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, {lineCounter, prettyErrors: false, uniqueKeys: true});
  const list = Array.isArray(documents) ? documents : [documents];
  const result: SourceDocument[] = [];
  for (const [index, document] of list.entries()) {
    const error = document.errors[0];
    if (error) {
      const {line, col} = lineCounter.linePos(error.pos[0]);
      const what = error.code === 'DUPLICATE_KEY' ? 'a key is repeated (map keys must be unique)' : error.message.split('\n')[0]!.replace(/\.$/, '');
      throw new UserError(`${source}:${line}:${col}: ${what}; fix the YAML and try again.`);
    }
    if (document.contents === null) continue; // an empty document ("---" at the end)
    let value: unknown;
    try {
      value = document.toJS({maxAliasCount: 100});
    } catch (error) {
      // eemeli/yaml refuses aliases that expand too far ("billion laughs") with a plain Error.
      const {line, col} = lineCounter.linePos(document.range[0]);
      throw new UserError(`${source}:${line}:${col}: ${(error as Error).message.replace(/\.$/, '')} (aliases expand the document too far); write it without anchors and aliases.`, {cause: error});
    }
    result.push({source, index, value, document, lineCounter});
  }
  return result;
}

/** The line and column of `path` in a document (the key of a mapping entry, else the value), if the path exists there. */
export function locate(doc: SourceDocument, path: YamlPath): SourcePosition | undefined {
  let offset: number | undefined;
  const last = path[path.length - 1];
  const parent = path.length > 0 ? doc.document.getIn(path.slice(0, -1), true) : undefined;
  if (isMap(parent)) {
    const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === last);
    const key = pair?.key as {range?: [number, number, number]} | undefined;
    offset = key?.range?.[0];
  }
  if (offset === undefined) {
    const node = doc.document.getIn(path, true) as {range?: [number, number, number]} | undefined;
    if (!node || typeof node !== 'object' || !node.range) return undefined;
    offset = node.range[0];
  }
  const {line, col} = doc.lineCounter.linePos(offset);
  return {line, column: col};
}

/**
 * One object as YAML: kubectl's block style, no line folding, strings quoted wherever YAML would read another type.
 * Quoting follows YAML 1.1, which kubectl's parser (go-yaml) speaks: "yes", "on", "n" and "1:20" are not strings
 * there, so they must be quoted even though YAML 1.2 would read them as strings.
 */
export function toYaml(value: unknown): string {
  return stringify(value, {version: '1.1', indentSeq: false, lineWidth: 0, minContentWidth: 0});
}

/** Several objects as one multi-document YAML stream. */
export function toYamlStream(values: readonly unknown[]): string {
  return values.map(toYaml).join('---\n');
}
