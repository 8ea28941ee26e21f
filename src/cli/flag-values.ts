// Values of flags many commands share, read without oclif (the fast path, src/cli/fast, uses them too).
import {DEFAULT_MAX_FILE_SIZE, parseSize} from '../lib/input/files.js';

/** --max-file-size, or the default. */
export function maxFileSize(flags: {'max-file-size'?: string}): number {
  return flags['max-file-size'] === undefined ? DEFAULT_MAX_FILE_SIZE : parseSize(flags['max-file-size'], '--max-file-size');
}

/** The --ip-family flag over what the objects show. */
export function primaryFamilyOf(flags: {'ip-family'?: string}, shown: 4 | 6 | undefined): 4 | 6 | undefined {
  return flags['ip-family'] === 'IPv6' ? 6 : flags['ip-family'] === 'IPv4' ? 4 : shown;
}
