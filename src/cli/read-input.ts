// Reading a file named by a flag, or stdin for "-": the same rules as every other input (regular files only, a size
// limit), and unreadable input is a usage error that names the flag and the path.
import {Flags} from '@oclif/core';
import {UserError} from '../lib/errors.js';
import {DEFAULT_MAX_FILE_SIZE, formatSize, readInputBytes} from '../lib/input/files.js';

export const maxFileSizeFlag = {
  'max-file-size': Flags.string({description: `Largest input file (or stdin) read, e.g. 512Mi; default ${formatSize(DEFAULT_MAX_FILE_SIZE)}.`, helpGroup: 'INPUT'}),
};

export {maxFileSize} from './flag-values.js';

export function readTextInput(path: string, flag: string, limit = DEFAULT_MAX_FILE_SIZE): string {
  const bytes = readInputBytes(path, limit, `${flag} ${JSON.stringify(path === '-' ? 'stdin' : path)}`);
  const text = bytes.toString('utf8');
  if (text.includes('\uFFFD') && !bytes.includes(Buffer.from('\uFFFD'))) throw new UserError(`${flag} ${JSON.stringify(path)}: not UTF-8 text; give a YAML or JSON file.`);
  return text;
}
