// Names from the cluster for completion. A completion that waits is worse than none: everything gives up at the
// deadline, and any failure (no kubeconfig, no server, no permission, no CRD) is an empty list, never a message.
import {BGP_CONFIGURATIONS, BGP_PEERS, BGP_POOLS, CLASSES, type ClusterClient, type KubeObject} from '../cluster/client.js';
import {readKubeconfig} from '../cluster/kubeconfig.js';
import type {GivenFlags} from './line.js';
import type {ClusterNames} from './values.js';

/** How long a completion may wait for the cluster, in all (connecting included). */
export const CLUSTER_DEADLINE_MS = 1000;

function names(objects: readonly KubeObject[]): string[] {
  return objects.map((o) => o.metadata.name).sort();
}

async function listNames(client: ClusterClient, kind: ClusterNames): Promise<string[]> {
  switch (kind) {
    case 'classes':
      return names(await client.list(CLASSES));
    case 'bgp-pools':
      return names(await client.list(BGP_POOLS));
    case 'bgp-peers':
      return names(await client.list(BGP_PEERS));
    case 'bgp-configurations':
      return names(await client.list(BGP_CONFIGURATIONS));
    case 'nodes':
      return names(await client.listNodes());
    case 'namespaces':
      return names(await client.listNamespaces());
    case 'services':
      // The Services that take an address from the module: NAMESPACE/NAME, as the commands take them.
      return (await client.listServices())
        .filter((s) => (s.spec as {type?: string} | undefined)?.type === 'LoadBalancer')
        .map((s) => `${s.metadata.namespace}/${s.metadata.name}`)
        .sort();
  }
}

export async function clusterNames(connect: () => Promise<ClusterClient>, kind: ClusterNames, deadlineMs = CLUSTER_DEADLINE_MS): Promise<string[]> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<string[]>((resolve) => {
    timer = setTimeout(() => resolve([]), deadlineMs);
  });
  const lookup = (async () => listNames(await connect(), kind))().catch(() => []);
  try {
    return await Promise.race([lookup, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** The kubeconfig's context names (--kubeconfig, else KUBECONFIG, else ~/.kube/config); none when it cannot be read. */
export function contextNames(given: GivenFlags, env: NodeJS.ProcessEnv = process.env): string[] {
  try {
    const {contexts} = JSON.parse(readKubeconfig(given.kubeconfig?.at(-1), env).text) as {contexts: {name?: unknown}[]};
    return contexts.flatMap((c) => (typeof c.name === 'string' ? [c.name] : [])).sort();
  } catch {
    return [];
  }
}
