// V8's young generation grows to 2 × 16 MiB when many objects survive, and a large lint keeps one compact object
// per Service: measured at 100,000 documents, peak RSS 186 MB with it, 140 MB with it held at its start size, and
// the same time. The flag is read each time V8 would grow the young generation, so setting it at run time works.
import {setFlagsFromString} from 'node:v8';

export function keepYoungGenerationSmall(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}
