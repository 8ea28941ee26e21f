// Cluster flags (as in d8 and kubectl) and connecting; @kubernetes/client-node is loaded only here, lazily.
import {Flags} from '@oclif/core';
import type {ClusterClient, KubeObject} from '../lib/cluster/client.js';
import {toYaml} from '../lib/manifests/yaml.js';
import {UserError} from '../lib/errors.js';

export const clusterFlags = {
  kubeconfig: Flags.string({char: 'k', description: 'Path to the kubeconfig (default: $KUBECONFIG, then ~/.kube/config).', helpGroup: 'CLUSTER'}),
  context: Flags.string({description: 'The kubeconfig context to use.', helpGroup: 'CLUSTER'}),
  'request-timeout': Flags.string({default: '30s', description: 'How long to wait for each API request (e.g. 10s, 1m; 0: no limit).', helpGroup: 'CLUSTER'}),
};

/** "30s", "1m", "500ms", "0" → milliseconds. */
export function parseTimeout(text: string): number {
  const match = /^(\d+)(ms|s|m|h)?$/.exec(text);
  if (!match) throw new UserError(`--request-timeout ${JSON.stringify(text)}: not a duration; write it like 30s, 1m or 0 (no limit).`);
  const unit = {ms: 1, s: 1000, m: 60_000, h: 3_600_000}[match[2] ?? 's']!;
  return Number(match[1]) * unit;
}

export async function connectFromFlags(flags: {kubeconfig?: string; context?: string; namespace?: string; 'request-timeout'?: string}): Promise<ClusterClient> {
  const {connect} = await import('../lib/cluster/kube-client.js');
  return connect({
    ...(flags['request-timeout'] === undefined ? {} : {requestTimeoutMs: parseTimeout(flags['request-timeout'])}),
    ...(flags.kubeconfig === undefined ? {} : {kubeconfig: flags.kubeconfig}),
    ...(flags.context === undefined ? {} : {context: flags.context}),
    ...(flags.namespace === undefined ? {} : {namespace: flags.namespace}),
  });
}

/** -o of an applied object: yaml, json, or name (kind.group/name, as kubectl prints it). */
export function renderApplied(object: KubeObject, format: string | undefined, resource: string): string | undefined {
  if (format === 'json') return `${JSON.stringify(object, null, 2)}\n`;
  if (format === 'yaml') return toYaml(object);
  if (format === 'name') return `${resource}/${object.metadata.name}\n`;
  return undefined;
}
