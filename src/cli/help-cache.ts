// Help at other widths than the build's 80 columns (a terminal, OCLIF_COLUMNS): oclif renders it the first time,
// and the text is kept in the cache directory, one file per build and width, so that the fast path (src/cli/fast)
// prints it from then on. oclif's help depends on nothing else (no colours, no theme), so the text is exact.
import {mkdirSync, readFileSync, renameSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';

/** Where the oclif path is told what to keep: set by the fast path when it has no text, read by src/cli/help.ts. */
const REQUEST = Symbol.for('d8-metallb.help-cache');

export interface HelpCacheRequest {
  file: string;
  /** The command or topic id ('' for the root). */
  key: string;
}

/** The width oclif renders help for (lib/screen.js: OCLIF_COLUMNS, else the terminal's, at least 40, else 80). */
export function helpWidth(env: NodeJS.ProcessEnv, stdout: {isTTY?: boolean; getWindowSize?: () => number[]}): number {
  const columns = Number.parseInt(env.OCLIF_COLUMNS ?? '', 10);
  if (columns) return columns;
  if (!stdout.isTTY || !stdout.getWindowSize) return 80;
  const width = stdout.getWindowSize()[0] ?? 0;
  return width < 1 ? 80 : Math.max(width, 40);
}

export function helpCacheFile(cacheDirectory: string, stamp: string, width: number): string {
  return join(cacheDirectory, `help-${stamp}-${process.version}-${width}.json`);
}

export function readHelpCache(file: string): Record<string, string> {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  } catch {
    return {};
  }
}

export function requestHelpCache(request: HelpCacheRequest): void {
  (globalThis as Record<symbol, unknown>)[REQUEST] = request;
}

export function helpCacheRequest(): HelpCacheRequest | undefined {
  return (globalThis as Record<symbol, unknown>)[REQUEST] as HelpCacheRequest | undefined;
}

/** Adds one text to its file (written whole and renamed into place); a failure only means oclif renders it again. */
export function storeHelp({file, key}: HelpCacheRequest, text: string): void {
  try {
    const texts = {...readHelpCache(file), [key]: text};
    mkdirSync(dirname(file), {recursive: true});
    const temporary = `${file}.${process.pid}`;
    writeFileSync(temporary, JSON.stringify(texts));
    renameSync(temporary, file);
  } catch {
    // Not writable: no cache.
  }
}
