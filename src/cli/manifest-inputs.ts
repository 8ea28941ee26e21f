// Reading manifests for the offline commands (ip …): the same inputs as lint (files, directories, "-").
import {Flags} from '@oclif/core';
import {UserError} from '../lib/errors.js';
import {type ManifestDocument, parseSource} from '../lib/input/documents.js';
import {expandPaths, readInputs} from '../lib/input/files.js';
import {formatNotice} from '../lib/render/messages.js';
import {maxFileSize, maxFileSizeFlag} from './read-input.js';

export const inputFlags = {
  filename: Flags.string({char: 'f', multiple: true, multipleNonGreedy: true, description: 'Manifests: a file, a directory or - (stdin), e.g. the output of "d8 k get mlbc,svc,nodes -A -o yaml". Repeatable.'}),
  ...maxFileSizeFlag,
};

export function readDocuments(paths: readonly string[] | undefined, example: string, flags: {'max-file-size'?: string} = {}): ManifestDocument[] {
  const limit = maxFileSize(flags);
  if (!paths || paths.length === 0) throw new UserError(`give manifests with -f (a file, a directory, or - for stdin), e.g. '${example}'.`);
  const documents: ManifestDocument[] = [];
  for (const input of readInputs(expandPaths(paths, {onNote: warn}), limit)) {
    const parsed = parseSource(input);
    const first = parsed.problems[0];
    if (first) throw new UserError(`${first.file}:${first.line}:${first.column}: ${first.message.replace(/\.$/, '')}; run 'd8 metallb lint' on it for details.`);
    documents.push(...parsed.documents);
  }
  return documents;
}

/** Notes about the input (a symlink loop) go to stderr: the commands' results stay clean. */
export function warn(text: string): void {
  process.stderr.write(`${formatNotice('warning', text)}\n`);
}
