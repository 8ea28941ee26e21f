// Cluster flags (as in d8 and kubectl) and connecting; @kubernetes/client-node is loaded only here, lazily.
import {Flags} from '@oclif/core';
import type {ClusterClient, KubeObject} from '../lib/cluster/client.js';
import {toYaml} from '../lib/manifests/yaml.js';
import {durationFlag} from './duration-flag.js';

export const clusterFlags = {
  kubeconfig: Flags.string({char: 'k', description: 'Path to the kubeconfig (default: $KUBECONFIG, then ~/.kube/config).', helpGroup: 'CLUSTER'}),
  context: Flags.string({description: 'The kubeconfig context to use.', helpGroup: 'CLUSTER'}),
  'request-timeout': durationFlag({name: 'request-timeout', default: '30s', zero: 'no limit', description: 'How long to wait for each API request (e.g. 10s, 1m; 0: no limit).', helpGroup: 'CLUSTER'}),
};


export async function connectFromFlags(flags: {kubeconfig?: string; context?: string; namespace?: string; 'request-timeout'?: number}): Promise<ClusterClient> {
  const {connect} = await import('../lib/cluster/kube-client.js');
  return connect({
    ...(flags['request-timeout'] === undefined ? {} : {requestTimeoutMs: flags['request-timeout']}),
    ...(flags.kubeconfig === undefined ? {} : {kubeconfig: flags.kubeconfig}),
    ...(flags.context === undefined ? {} : {context: flags.context}),
    ...(flags.namespace === undefined ? {} : {namespace: flags.namespace}),
  });
}

/** -o of an applied object: yaml, json, or name (kind.group/name, as kubectl prints it). */
/** The object as kubectl shows it: metadata.managedFields only with --show-managed-fields. */
export function shown(object: KubeObject, showManagedFields = false): KubeObject {
  if (showManagedFields || !('managedFields' in object.metadata)) return object;
  const {managedFields: _, ...metadata} = object.metadata;
  return {...object, metadata} as KubeObject;
}

export function renderApplied(object: KubeObject, format: string | undefined, resource: string): string | undefined {
  if (format === 'json') return `${JSON.stringify(shown(object), null, 2)}\n`;
  if (format === 'yaml') return toYaml(shown(object));
  if (format === 'name') return `${resource}/${object.metadata.name}\n`;
  return undefined;
}
