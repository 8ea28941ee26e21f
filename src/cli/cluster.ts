// Cluster flags (as in d8 and kubectl) and connecting; @kubernetes/client-node is loaded only here, lazily.
import {Flags} from '@oclif/core';
import type {ClusterClient, KubeObject} from '../lib/cluster/client.js';
import {toYaml} from '../lib/manifests/yaml.js';

export const clusterFlags = {
  kubeconfig: Flags.string({char: 'k', description: 'Path to the kubeconfig (default: $KUBECONFIG, then ~/.kube/config).', helpGroup: 'CLUSTER'}),
  context: Flags.string({description: 'The kubeconfig context to use.', helpGroup: 'CLUSTER'}),
};

export async function connectFromFlags(flags: {kubeconfig?: string; context?: string; namespace?: string}): Promise<ClusterClient> {
  const {connect} = await import('../lib/cluster/kube-client.js');
  return connect({
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
