// V8's young generation grows to 2 × 16 MiB when many objects survive, and a large lint keeps one compact object
// per Service: measured at 100,000 documents, peak RSS 186 MB with it, 140 MB with it held at its start size, and
// the same time. The flag is read each time V8 would grow the young generation, so setting it at run time works.
// Small inputs never grow it: for them neither the flag nor node:v8 (3–4 ms to load, a tenth of a fast lint) is
// touched, which is why node:v8 is required here and not imported.
import {statSync} from 'node:fs';

const GROWTH_FACTOR = '--semi-space-growth-factor';
/** V8's default (node --v8-options). */
const DEFAULT_GROWTH_FACTOR = 2;
/** Inputs up to this size stay far below the objects that make the young generation grow. */
const LARGE_INPUT = 4 * 2 ** 20;

function setV8Flag(flag: string): void {
  (require('node:v8') as typeof import('node:v8')).setFlagsFromString(flag);
}

export function keepYoungGenerationSmall(): void {
  setV8Flag(`${GROWTH_FACTOR}=1`);
  // V8 stamps a code cache with a hash of its flags, so a cache written with the flag changed is rejected by every
  // later start (which has the default): put the default back before the code cache is written at exit
  // (bin/main.js, the executable's bootstrap), ahead of their listeners.
  process.prependOnceListener('exit', () => setV8Flag(`${GROWTH_FACTOR}=${DEFAULT_GROWTH_FACTOR}`));
}

/** keepYoungGenerationSmall for inputs (files, or - for stdin, of unknown size) that can be large. */
export function keepYoungGenerationSmallFor(files: readonly string[]): void {
  let total = 0;
  for (const file of files) {
    try {
      total += file === '-' ? Number.POSITIVE_INFINITY : statSync(file).size;
    } catch {
      // Unreadable: reading it reports that.
    }
  }
  if (total > LARGE_INPUT) keepYoungGenerationSmall();
}
