// Exact line and column of a path in a document, from eemeli/yaml's parse of that one document. Only documents
// with findings are parsed this way, so the cost of positions is paid only where something is reported — loading
// the library included: it is required on the first position asked for (a clean lint never loads its 160 KB; the
// bundles evaluate it only then), not imported.
import type {Document, LineCounter} from 'yaml';
import {type ManifestDocument, type Path, documentText} from './documents.js';

// A literal require of the package, so that esbuild bundles it (and defers it); vitest gives modules a require too.
// require keeps the module after the first call.
const yaml = (): typeof import('yaml') => require('yaml') as typeof import('yaml');

interface Located {
  readonly document: Document.Parsed;
  readonly lineCounter: LineCounter;
}

export class PositionResolver {
  private readonly parsed = new Map<string, Located>();

  private parse(doc: ManifestDocument): Located {
    const key = `${doc.file}\u0000${doc.index}`;
    let located = this.parsed.get(key);
    if (!located) {
      const {LineCounter, parseDocument} = yaml();
      const lineCounter = new LineCounter();
      located = {document: parseDocument(documentText(doc), {lineCounter, uniqueKeys: false}), lineCounter};
      this.parsed.set(key, located);
    }
    return located;
  }

  /**
   * 1-based line and column of `path` (relative to the object) in the file: the value's start, or the key's for
   * `at: 'key'` (unknown fields). Falls back to the deepest existing parent, then to the document start.
   */
  locate(doc: ManifestDocument, path: Path, at: 'key' | 'value' = 'value'): {line: number; column: number} {
    const {document, lineCounter} = this.parse(doc);
    const {isMap, isScalar} = yaml();
    const full = [...doc.basePath, ...path];
    let offset: number | undefined;
    for (let n = full.length; n >= 0 && offset === undefined; n--) {
      const prefix = full.slice(0, n);
      if (at === 'key' && n === full.length && n > 0) {
        const parent = document.getIn(prefix.slice(0, -1), true);
        if (isMap(parent)) {
          const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === prefix[prefix.length - 1]);
          offset = (pair?.key as {range?: [number, number, number]} | undefined)?.range?.[0];
        }
        if (offset !== undefined) break;
      }
      const node = n === 0 ? document.contents : document.getIn(prefix, true);
      offset = (node as {range?: [number, number, number]} | null | undefined)?.range?.[0];
    }
    const {line, col} = lineCounter.linePos(offset ?? 0);
    return {line: doc.lineOffset + line, column: col};
  }
}
