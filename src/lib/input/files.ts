// Collecting input from the file system: files, directories (recursively: *.yaml, *.yml, *.json), "-" for stdin.
// Symlinks are followed (Kubernetes mounts ConfigMaps as symlinks), loops are reported once; what is not a regular
// file (a FIFO, /dev/zero) is refused before anything is read, and so is a file over the size limit.
import {closeSync, constants as fsConstants, fstatSync, openSync, readdirSync, readSync, realpathSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {UserError} from '../errors.js';
import type {ManifestSource, TextOrigin} from './documents.js';

const MANIFEST = /\.(ya?ml|json)$/i;

/** The largest input read, unless a flag raises it: larger manifests are a mistake (a log, a dump), not a plan. */
export const DEFAULT_MAX_FILE_SIZE = 256 * 1024 * 1024;

const errnoOf = (error: unknown) => (error as NodeJS.ErrnoException).code ?? (error as Error).message;

function why(error: unknown): string {
  const code = errnoOf(error);
  return code === 'ENOENT' ? 'no such file or directory'
    : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
      : code === 'ELOOP' ? 'too many levels of symbolic links'
        : code === 'ENOTDIR' ? 'a part of the path is not a directory'
          : code;
}

export interface ExpandOptions {
  /** Told once per symlink loop found in a directory. */
  readonly onNote?: (text: string) => void;
}

function walk(directory: string, visited: Set<string>, options: ExpandOptions): string[] {
  let real: string;
  let entries: string[];
  try {
    real = realpathSync(directory);
    entries = readdirSync(directory).sort((a, b) => a.localeCompare(b));
  } catch (error) {
    throw new UserError(`${JSON.stringify(directory)}: cannot read the directory (${why(error)}); fix its permissions or leave it out.`, {cause: error});
  }
  if (visited.has(real)) {
    options.onNote?.(`${JSON.stringify(directory)} leads back to ${JSON.stringify(real)} (a symbolic link loop); read once.`);
    return [];
  }
  visited.add(real);
  const files: string[] = [];
  for (const name of entries) {
    if (name.startsWith('.')) continue;
    const path = join(directory, name);
    let stats;
    try {
      stats = statSync(path); // follows symlinks
    } catch (error) {
      if (errnoOf(error) === 'ENOENT') {
        if (MANIFEST.test(name)) throw new UserError(`${JSON.stringify(path)}: a symbolic link to nothing; fix the link or remove it.`, {cause: error});
        continue;
      }
      if (errnoOf(error) === 'ELOOP') {
        options.onNote?.(`${JSON.stringify(path)}: a symbolic link loop; skipped.`);
        continue;
      }
      throw new UserError(`${JSON.stringify(path)}: cannot read it (${why(error)}); fix its permissions or leave it out.`, {cause: error});
    }
    if (stats.isDirectory()) files.push(...walk(path, visited, options));
    else if (MANIFEST.test(name)) files.push(path);
  }
  return files;
}

/**
 * Expands paths into files, in a stable order. A path that does not exist, a directory that cannot be read, and
 * paths that give no file at all are usage errors.
 */
export function expandPaths(paths: readonly string[], options: ExpandOptions = {}): string[] {
  const files: string[] = [];
  const visited = new Set<string>();
  for (const path of paths) {
    if (path === '-') {
      files.push('-');
      continue;
    }
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch (error) {
      throw new UserError(`${JSON.stringify(path)}: ${why(error)}; give YAML/JSON files, directories, or - for stdin.`, {cause: error});
    }
    files.push(...(isDirectory ? walk(path, visited, options) : [path]));
  }
  if (files.length === 0) {
    throw new UserError(`no *.yaml, *.yml or *.json file under ${paths.map((p) => JSON.stringify(p)).join(', ')}; give the files or directories that hold the manifests.`);
  }
  // A file reached twice (through a symlink, or named and inside a named directory) is read once.
  const seen = new Set<string>();
  return files.filter((file) => {
    let key = file;
    try {
      if (file !== '-') key = realpathSync(file);
    } catch {}
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Reads up to `limit` bytes of an open file descriptor; more is an error (a pipe from /dev/zero never ends). A
 * regular file's size is known: it is read into one buffer of that size (chunks and a concatenation would hold it
 * twice).
 */
function readBounded(fd: number, limit: number, name: string, expectedSize?: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(total === 0 && expectedSize !== undefined ? Math.min(expectedSize + 1, limit + 1) : Math.min(1024 * 1024, limit + 1 - total));
    let n: number;
    try {
      n = readSync(fd, chunk, 0, chunk.length, null);
    } catch (error) {
      // stdin may be a non-blocking pipe: wait a moment for more.
      if (errnoOf(error) === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
        continue;
      }
      throw error;
    }
    if (n === 0) break;
    chunks.push(chunk.subarray(0, n));
    total += n;
    if (total > limit) throw new UserError(`${name}: larger than ${formatSize(limit)}; raise the limit with --max-file-size if this really is one manifest.`);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
}

const SIZE_UNITS: Record<string, number> = {'': 1, k: 1e3, m: 1e6, g: 1e9, ki: 2 ** 10, mi: 2 ** 20, gi: 2 ** 30};

/** A size as Kubernetes quantities write it: 1000000, 500k, 256Mi, 1Gi (also with a trailing B). */
export function parseSize(text: string, flag: string): number {
  const match = /^\s*([0-9]+)\s*([kmg]i?)?b?\s*$/i.exec(text);
  const bytes = match ? Number(match[1]) * SIZE_UNITS[(match[2] ?? '').toLowerCase()]! : Number.NaN;
  if (!Number.isSafeInteger(bytes) || bytes <= 0) throw new UserError(`${flag} ${JSON.stringify(text)}: not a size; write bytes or a number with k, M, G, Ki, Mi or Gi, e.g. 512Mi.`);
  return bytes;
}

export function formatSize(bytes: number): string {
  for (const [unit, size] of [['GiB', 2 ** 30], ['MiB', 2 ** 20], ['KiB', 2 ** 10]] as const) if (bytes >= size && bytes % size === 0) return `${bytes / size} ${unit}`;
  return `${bytes} bytes`;
}

/**
 * The bytes of one input: stdin for "-", otherwise a regular file of at most `limit` bytes. Anything else (a FIFO, a
 * device, a directory, a socket) is refused before it is read, so nothing hangs and nothing fills the memory.
 */
export function readInputBytes(file: string, limit = DEFAULT_MAX_FILE_SIZE, name = JSON.stringify(file)): Buffer {
  if (file === '-') return readBounded(0, limit, 'stdin');
  const {fd, size} = openRegularFile(file, limit, name);
  try {
    return readBounded(fd, limit, name, size);
  } catch (error) {
    throw cannotRead(error, name);
  } finally {
    closeSync(fd);
  }
}

const BLOCK_SIZE = 1024 * 1024;

/**
 * A regular file's bytes in blocks of 1 MiB (one buffer, filled again for each block), under the same rules as
 * readInputBytes; read anew for each pass.
 */
export function* readInputBlocks(file: string, limit = DEFAULT_MAX_FILE_SIZE, name = JSON.stringify(file)): Generator<Buffer> {
  const {fd} = openRegularFile(file, limit, name);
  try {
    let total = 0;
    // One block, filled again for each read: whoever reads a block is done with it when asking for the next.
    const block = Buffer.allocUnsafe(BLOCK_SIZE);
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, block, 0, BLOCK_SIZE, total);
      } catch (error) {
        throw cannotRead(error, name);
      }
      if (n === 0) return;
      total += n;
      if (total > limit) throw new UserError(`${name}: larger than ${formatSize(limit)}; raise the limit with --max-file-size if this really is one manifest.`);
      yield n === BLOCK_SIZE ? block : block.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}

function cannotRead(error: unknown, name: string): UserError {
  return error instanceof UserError ? error : new UserError(`${name}: cannot read it (${why(error)}); check the path and its permissions.`, {cause: error});
}

/** Opens a path that must be a regular file of at most `limit` bytes; anything else is refused with a sentence. */
function openRegularFile(file: string, limit: number, name: string): {fd: number; size: number} {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
    fd = openSync(file, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
  } catch (error) {
    throw cannotRead(error, name);
  }
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) throw new UserError(`${name}: a directory, not a file; give a YAML or JSON file.`);
    if (!stats.isFile()) {
      const kind = stats.isFIFO() ? 'a named pipe (FIFO)' : stats.isCharacterDevice() || stats.isBlockDevice() ? 'a device' : stats.isSocket() ? 'a socket' : 'not a regular file';
      throw new UserError(`${name}: ${kind}, not a regular file; save the manifests to a file, or pipe them to - (stdin).`);
    }
    if (stats.size > limit) throw new UserError(`${name}: ${formatSize(stats.size)}, larger than ${formatSize(limit)}; raise the limit with --max-file-size if this really is one manifest.`);
    return {fd, size: stats.size};
  } catch (error) {
    closeSync(fd);
    throw cannotRead(error, name);
  }
}

/**
 * Reads a document's text again from its file, for the few documents whose findings need exact positions; so the
 * bytes of a file need not stay in memory once it has been parsed. Should the file change in between, positions
 * are read from what it holds then (they can only be off, never fail).
 */
class FileOrigin implements TextOrigin {
  constructor(private readonly file: string) {}
  read(start: number, end: number): string {
    const bytes = Buffer.alloc(end - start);
    let fd: number | undefined;
    try {
      fd = openSync(this.file, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
      let read = 0;
      while (read < bytes.length) {
        const n = readSync(fd, bytes, read, bytes.length - read, start + read);
        if (n === 0) break;
        read += n;
      }
      return bytes.toString('utf8', 0, read);
    } catch {
      return '';
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }
}

/**
 * The inputs, each read only when its turn comes. A regular file is read in blocks, never whole, and a document's
 * text is read again from the file for positions; stdin's bytes are kept, there is nowhere to read them again.
 */
export function readInputs(files: readonly string[], limit = DEFAULT_MAX_FILE_SIZE): ManifestSource[] {
  return files.map((file) => (file === '-' ? {file, load: () => readInputBytes(file, limit)} : {file, blocks: () => readInputBlocks(file, limit), origin: new FileOrigin(file)}));
}
