import {existsSync} from 'node:fs';

export default function setup(): void {
  if (!existsSync(new URL('../dist/cli.cjs', import.meta.url))) {
    throw new Error('dist/ is missing: run the tests with `npm test`, which builds first.');
  }
}
