// Runs oclif. Bundled together with the commands (scripts/build.mjs), so that @oclif/core loads once, from one file.
import {run as runOclif} from '@oclif/core';
import {Exit, handle} from '@oclif/core/handle';
import {COMPLETE_COMMAND, complete} from './complete.js';

/**
 * Resolves when everything written to the stream so far has been handed to the OS, or the reader is gone.
 * Writes are ordered, so an empty write's callback runs after every earlier chunk has gone out.
 */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  if (stream.destroyed || !stream.writable) return Promise.resolve();
  return new Promise((resolve) => {
    stream.once('error', () => resolve());
    stream.write('', () => resolve());
  });
}

/**
 * oclif ends every failed command (`this.exit(1)` included) with `process.exit`, which drops whatever a pipe has not
 * read yet (`lint -o json | jq` got the first 64 KiB of a document). Its exit therefore waits until stdout and stderr
 * are written out, whatever the exit code.
 */
// Typed `never` by oclif; it returns, and every call in oclif's handle is its last statement (the SIGINT one aside,
// which only prints after it).
Exit.exit = ((code = 0) => {
  process.exitCode = code;
  void Promise.all([drained(process.stdout), drained(process.stderr)]).then(() => process.exit(code));
}) as (code?: number) => never;

/** `where`: the checkout's directory (bin/main.js), or the single executable's root and package.json (src/cli/sea.ts). */
export async function run(args: string[], where: string | {root: string; pjson: Record<string, unknown>}): Promise<void> {
  if (args[0] === 'metallb' && args[1] === COMPLETE_COMMAND) return complete(args.slice(2), where as Parameters<typeof complete>[1]);
  await runOclif(args, where as Parameters<typeof runOclif>[1]).catch(handle);
}
