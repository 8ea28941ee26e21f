// Collecting lint input from the file system: files, directories (recursively: *.yaml, *.yml, *.json), "-" for stdin.
import {readdirSync, readFileSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {UserError} from '../errors.js';
import {decode} from './documents.js';
import type {LintInput} from './lint.js';

const MANIFEST = /\.(ya?ml|json)$/i;

function walk(directory: string): string[] {
  return readdirSync(directory, {withFileTypes: true})
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) return entry.name.startsWith('.') ? [] : walk(path);
      return entry.isFile() && MANIFEST.test(entry.name) ? [path] : [];
    });
}

/** Expands paths into files, in a stable order; a path that does not exist is a usage error. */
export function expandPaths(paths: readonly string[]): string[] {
  const files: string[] = [];
  for (const path of paths) {
    if (path === '-') {
      files.push('-');
      continue;
    }
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch {
      throw new UserError(`${JSON.stringify(path)}: no such file or directory; give YAML/JSON files, directories, or - for stdin.`);
    }
    files.push(...(isDirectory ? walk(path) : [path]));
  }
  return [...new Set(files)];
}

export function readInputs(files: readonly string[], stdin: () => Buffer): LintInput[] {
  return files.map((file) => {
    let bytes: Buffer;
    try {
      bytes = file === '-' ? stdin() : readFileSync(file);
    } catch (error) {
      throw new UserError(`${JSON.stringify(file)}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); check the path and its permissions.`, {cause: error});
    }
    const decoded = decode(file, bytes);
    return 'text' in decoded ? {file, text: decoded.text} : {file, problem: decoded.problem};
  });
}
