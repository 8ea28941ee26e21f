// Runs oclif. Bundled together with the commands (scripts/build.mjs), so that @oclif/core loads once, from one file.
import {execute} from '@oclif/core';

export async function run(args: string[], dir: string): Promise<void> {
  await execute({args, dir});
}
