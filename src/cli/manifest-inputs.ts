// Reading manifests for the offline commands (ip …): the same inputs as lint (files, directories, "-").
import {Flags} from '@oclif/core';
import {UserError} from '../lib/errors.js';
import {type ManifestDocument, parseSource} from '../lib/input/documents.js';
import {expandPaths, readInputs} from '../lib/input/files.js';
import {formatNotice} from '../lib/render/messages.js';
import {maxFileSize, maxFileSizeFlag} from './read-input.js';

export const inputFlags = {
  filename: Flags.string({char: 'f', multiple: true, multipleNonGreedy: true, description: 'Manifests: a file, a directory or - (stdin), e.g. the output of "d8 k get metalloadbalancerclasses,svc,nodes,endpointslices -A -o yaml". Repeatable.'}),
  'ip-family': Flags.string({options: ['IPv4', 'IPv6'], description: 'The cluster\'s primary IP family, for Services whose manifests give no clusterIP, clusterIPs or ipFamilies. Default: the family of the default/kubernetes Service when the input has it (a live cluster always does), else IPv4.'}),
  ...maxFileSizeFlag,
};

export {primaryFamilyOf} from './flag-values.js';

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
