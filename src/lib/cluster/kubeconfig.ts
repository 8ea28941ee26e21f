// The kubeconfig as kubectl reads it: --kubeconfig names one file; otherwise KUBECONFIG, a colon-separated list whose
// files are merged (files that do not exist are skipped; for every cluster, user and context name and for
// current-context the first file to set it wins), and ~/.kube/config when KUBECONFIG is unset or empty.
import {existsSync, readFileSync} from 'node:fs';
import {homedir} from 'node:os';
import {delimiter, dirname, isAbsolute, join} from 'node:path';
import {parse} from 'yaml';
import {ExitCode, UserError} from '../errors.js';

export interface KubeconfigSource {
  /** The files read, in order (one with --kubeconfig). */
  readonly files: readonly string[];
  /** The merged kubeconfig, with relative file paths made absolute against the file that named them. */
  readonly text: string;
}

type Named = {name?: unknown; [key: string]: unknown};

/** Fields that hold paths, relative to the kubeconfig file that sets them. */
const PATH_FIELDS: Record<string, readonly string[]> = {clusters: ['certificate-authority'], users: ['client-certificate', 'client-key', 'tokenFile']};

function absolutePaths(list: unknown, section: string, file: string): Named[] {
  if (!Array.isArray(list)) return [];
  return list.filter((e): e is Named => typeof e === 'object' && e !== null).map((entry) => {
    const inner = entry[section.slice(0, -1)];
    if (typeof inner !== 'object' || inner === null) return entry;
    const copy: Record<string, unknown> = {...(inner as Record<string, unknown>)};
    for (const field of PATH_FIELDS[section] ?? []) {
      if (typeof copy[field] === 'string' && copy[field] !== '' && !isAbsolute(copy[field] as string)) copy[field] = join(dirname(file), copy[field] as string);
    }
    return {...entry, [section.slice(0, -1)]: copy};
  });
}

export function kubeconfigFiles(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): {files: string[]; described: string} {
  if (flag !== undefined) return {files: [flag], described: flag};
  if (env.KUBECONFIG) {
    const listed = env.KUBECONFIG.split(delimiter).filter((f) => f !== '');
    return {files: listed.filter((f) => existsSync(f)), described: listed.length === 1 ? listed[0]! : `any of ${listed.join(', ')} (KUBECONFIG)`};
  }
  const home = join(homedir(), '.kube', 'config');
  return {files: [home], described: home};
}

export function readKubeconfig(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): KubeconfigSource {
  const {files, described} = kubeconfigFiles(flag, env);
  const existing = files.filter((f) => existsSync(f));
  if (existing.length === 0) {
    throw new UserError(`no kubeconfig at ${described}; give one with --kubeconfig or KUBECONFIG.`, {exitCode: ExitCode.Cluster});
  }
  const merged: Record<string, unknown> = {apiVersion: 'v1', kind: 'Config', clusters: [], users: [], contexts: []};
  for (const file of existing) {
    let value: unknown;
    try {
      value = parse(readFileSync(file, 'utf8'), {maxAliasCount: 100});
    } catch (error) {
      throw new UserError(`${file}: not a readable kubeconfig (${(error as Error).message.split('\n')[0]}); fix the file or give another with --kubeconfig.`, {exitCode: ExitCode.Cluster, cause: error});
    }
    if (value === null || value === undefined) continue; // an empty file, as kubectl allows
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new UserError(`${file}: not a kubeconfig (not a mapping); fix the file or give another with --kubeconfig.`, {exitCode: ExitCode.Cluster});
    }
    const config = value as Record<string, unknown>;
    if (merged['current-context'] === undefined && typeof config['current-context'] === 'string' && config['current-context'] !== '') merged['current-context'] = config['current-context'];
    for (const section of ['clusters', 'users', 'contexts']) {
      const target = merged[section] as Named[];
      for (const entry of absolutePaths(config[section], section, file)) {
        if (!target.some((e) => e.name === entry.name)) target.push(entry);
      }
    }
  }
  return {files: existing, text: JSON.stringify(merged)};
}
