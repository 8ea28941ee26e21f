// Shared entry of the three executables. `--version` is answered without loading oclif: d8 smoke-tests plugins
// with it, and start-up time is a feature.
import {readFileSync} from 'node:fs';

const VERSION_FLAGS = new Set(['--version', '-v']);

export async function main(args) {
  const rest = args[0] === 'metallb' ? args.slice(1) : args;
  if (rest.length === 1 && VERSION_FLAGS.has(rest[0])) {
    const pjson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    process.stdout.write(`${pjson.name}/${pjson.version} ${process.platform}-${process.arch} node-${process.version}\n`);
    return;
  }
  const {run} = await import('../dist/cli/main.js');
  await run(args, import.meta.url);
}
