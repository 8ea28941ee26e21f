// Loads a heavy module only when a command needs it. The built CLI runs from a V8 code cache (bin/main.js), where
// a plain import() inside the cached bundle fails on Node 20 ("dynamic import callback was not specified"); the
// executable therefore provides the importer, and everything else (tests, other hosts) uses import() itself.

const IMPORTER = Symbol.for('d8-metallb.import');

type Importer = (specifier: string) => Promise<unknown>;

export function lazyImport<Module>(specifier: string): Promise<Module> {
  const importer = (globalThis as {[IMPORTER]?: Importer})[IMPORTER];
  return (importer ? importer(specifier) : import(specifier)) as Promise<Module>;
}
