// Reading a file named by a flag, or stdin for "-": unreadable input is a usage error that names the path.
import {readFile} from 'node:fs/promises';
import {UserError} from '../lib/errors.js';

export async function readTextInput(path: string, flag: string): Promise<string> {
  if (path === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new UserError(`${flag} ${JSON.stringify(path)}: cannot read it (${why}); give the path of a readable YAML or JSON file.`, {cause: error});
  }
}
