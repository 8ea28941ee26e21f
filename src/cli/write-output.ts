// Writing a result to a file the user named: beside the target, then renamed, so an interrupted run never leaves half
// a file; nothing is replaced without --overwrite; a path that cannot be written is one sentence, no temporary left.
import {statSync} from 'node:fs';
import {rename, rm, writeFile} from 'node:fs/promises';
import {dirname} from 'node:path';
import {UserError} from '../lib/errors.js';

const reason = (error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOSPC' ? 'no space left on the device' : code === 'EROFS' ? 'a read-only file system' : code ?? (error as Error).message;
};

/** Refuses a target that cannot be written, before anything is asked or computed. */
export function checkOutputFile(target: string, flag: string, overwrite: boolean): void {
  const stats = statSync(target, {throwIfNoEntry: false});
  if (stats?.isDirectory()) throw new UserError(`${flag} ${JSON.stringify(target)}: a directory; give the path of a file to write.`);
  if (stats && !overwrite) throw new UserError(`${flag} ${JSON.stringify(target)}: the file exists and would be overwritten; choose another path or add --overwrite.`);
  const parent = statSync(dirname(target), {throwIfNoEntry: false});
  if (!parent?.isDirectory()) throw new UserError(`${flag} ${JSON.stringify(target)}: the directory ${JSON.stringify(dirname(target))} does not exist; create it or choose another path.`);
}

export async function writeOutputFile(target: string, flag: string, text: string): Promise<void> {
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, text, {flag: 'wx'});
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, {force: true}).catch(() => {});
    throw new UserError(`${flag} ${JSON.stringify(target)}: cannot write it (${reason(error)}); choose another path.`, {cause: error});
  }
}
