// A BGP password from a file (never on the command line): one line, the editor's final newline dropped, and at most
// the 80 bytes Linux's TCP MD5 option takes (TCP_MD5SIG_MAXKEYLEN). Shared by `bgp peer create --password-file`
// (which writes it into the labelled Secret) and `announce --bgp` (which signs its sessions with it).
import {readFileSync} from 'node:fs';
import type {ManifestDocument} from '../input/documents.js';
import {asObject} from '../manifests/objects.js';

/** Linux's TCP_MD5SIG_MAXKEYLEN: the longest key a TCP MD5 signature takes. */
const MD5_KEY_MAX_BYTES = 80;
const tooLong = (password: string) => Buffer.byteLength(password) > MD5_KEY_MAX_BYTES;

/** The password, or why the file cannot be one (a sentence ending with what to do), for the caller to prefix. */
export function readPasswordFile(path: string): {password: string} | {problem: string} {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {problem: `${code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? 'error'})`}; give the path of a file holding the password.`};
  }
  const password = text.replace(/\r?\n$/, '');
  if (password === '' || /[\r\n]/.test(password)) return {problem: 'expected the password on one line; write only the password into the file.'};
  if (tooLong(password)) return {problem: `the password is longer than ${MD5_KEY_MAX_BYTES} bytes, the most TCP MD5 signatures take; use a shorter one.`};
  return {password};
}

/**
 * The password a peer's Secret holds in the manifests, as MetalLB reads it (config.go passwordForSession: the
 * basic-auth Secret's `password` key; stringData counted too, since the API server folds it into data), or why not.
 */
export function secretPassword(documents: readonly ManifestDocument[], source: {readonly namespace: string; readonly name: string}): {password: string} | {problem: string} {
  const secret = documents.find((d) => d.kind === 'Secret' && d.name === source.name && (d.namespace ?? '') === source.namespace);
  const where = `the Secret ${source.namespace}/${source.name}`;
  if (!secret) return {problem: `${where} is not in the manifests; add it to the input so the session can be signed.`};
  const stringData = asObject(secret.value.stringData);
  const data = asObject(secret.value.data);
  const password = typeof stringData.password === 'string' ? stringData.password : typeof data.password === 'string' ? Buffer.from(data.password, 'base64').toString('utf8') : undefined;
  if (password === undefined || password === '') return {problem: `${where} has no password key; MetalLB reads the password from it, so add one.`};
  if (tooLong(password)) return {problem: `${where} holds a password longer than ${MD5_KEY_MAX_BYTES} bytes, the most TCP MD5 signatures take; use a shorter one.`};
  return {password};
}
