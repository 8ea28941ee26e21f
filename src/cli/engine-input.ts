// The allocation engine's input for the ip commands: from manifests (-f), or read from the cluster.
import {engineObjects, type EngineObjects} from '../lib/allocator/from-manifests.js';
import type {Plan} from '../lib/allocator/types.js';
import {BGP_CONFIGURATIONS, BGP_PEERS, BGP_POOLS, CLASSES, ENDPOINT_SLICES, MODULE_CONFIGS, type KubeObject} from '../lib/cluster/client.js';
import {liveDocuments} from '../lib/cluster/live-objects.js';
import type {ManifestDocument} from '../lib/input/documents.js';
import {type BgpWorld, bgpWorld} from '../lib/bgp/input.js';
import {type BgpPlan, planBgp} from '../lib/bgp/plan.js';
import {connectFromFlags} from './cluster.js';
import {primaryFamilyOf, readDocuments} from './manifest-inputs.js';

export interface EngineInputFlags {
  filename?: string[];
  'max-file-size'?: string;
  kubeconfig?: string;
  context?: string;
  'request-timeout'?: number;
  'ip-family'?: string;
}

export async function readEngineInput(flags: EngineInputFlags, example: string): Promise<{objects: EngineObjects; live: boolean; documents: ManifestDocument[]}> {
  const withFamily = (objects: EngineObjects): EngineObjects => {
    const family = primaryFamilyOf(flags, objects.primaryFamily);
    return family === undefined ? objects : {...objects, primaryFamily: family};
  };
  if (flags.filename && flags.filename.length > 0) {
    const documents = readDocuments(flags.filename, example, flags);
    return {objects: withFamily(engineObjects(documents)), live: false, documents};
  }
  const client = await connectFromFlags(flags);
  // A constant number of list calls, in parallel, whatever the number of Services.
  // EndpointSlices decide who may announce; without permission to read them the plan assumes ready endpoints.
  // BGP mode's objects exist only in editions with BGP: a missing resource is an empty list.
  const optional = (p: Promise<KubeObject[]>) => p.catch(() => [] as KubeObject[]);
  const [classes, nodes, services, slices, pools, peers, configurations, moduleConfig] = await Promise.all([
    client.list(CLASSES), client.listNodes(), client.listServices(), client.listEverywhere(ENDPOINT_SLICES).catch(() => undefined),
    optional(client.list(BGP_POOLS)), optional(client.list(BGP_PEERS)), optional(client.list(BGP_CONFIGURATIONS)), client.get(MODULE_CONFIGS, 'metallb').catch(() => undefined),
  ]);
  const documents = liveDocuments({classes, nodes, services, ...(slices ? {slices} : {}), pools, peers, configurations, ...(moduleConfig ? {moduleConfig} : {})});
  const objects = withFamily(engineObjects(documents, {endpointSlicesRead: slices !== undefined}));
  return {objects, live: true, documents};
}

/** Said once when the plan had to assume endpoints: what it assumed and how to give it the real ones. */
export function endpointsNote(objects: EngineObjects, live: boolean): string | undefined {
  if (objects.endpointsKnown || objects.services.length === 0) return undefined;
  return live
    ? 'the EndpointSlices could not be read, so the plan assumes every Service has ready endpoints on every node (announcers may differ); ask for permission to list endpointslices.'
    : "the input has no EndpointSlices, so the plan assumes every Service has ready endpoints on every node; add 'd8 k get endpointslices -A -o yaml' to the input to plan announcers from the real ones.";
}

/** Where the cluster's real assignment (Service status) differs from the plan: a stale or split assignment. */
export function differences(plan: Plan, objects: EngineObjects): string[] {
  const lines: string[] = [];
  const plannedById = new Map(plan.services.map((s) => [`${s.namespace}/${s.name}`, s]));
  for (const service of objects.services) {
    const actual = service.statusIps ?? [];
    const planned = plannedById.get(`${service.namespace}/${service.name}`);
    if (!planned) continue;
    const predicted = planned.addresses.map((a) => a.ip).filter((ip): ip is string => ip !== null);
    if (actual.length === 0 && predicted.length === 0) continue;
    if (actual.join(',') !== predicted.join(',')) {
      const id = service.namespace ? `${service.namespace}/${service.name}` : service.name;
      lines.push(`${id}: the cluster has ${actual.length > 0 ? actual.join(', ') : 'no address'}, the module's rules give ${predicted.length > 0 ? predicted.join(', ') : 'none'}; the controller may be behind, or the assignment is stale.`);
    }
  }
  return lines;
}

/**
 * The BGP side of the plan, when the input has BGP mode's objects: the Services the class hook leaves without a
 * class are MetalLB's BGP controller's (or ignored, for another loadBalancerClass).
 */
export function bgpPlanOf(documents: readonly ManifestDocument[], l2: Plan, objects: EngineObjects, live: boolean): {world: BgpWorld; plan: BgpPlan; l2Unhandled: ReadonlySet<string>} | undefined {
  const noClass = new Set(l2.services.filter((s) => s.reason?.code === 'no-class').map((s) => `${s.namespace}/${s.name}`));
  const world = bgpWorld(documents, {
    l2Handles: (namespace, name) => !noClass.has(`${namespace}/${name}`),
    ...(objects.primaryFamily ? {primaryFamily: objects.primaryFamily} : {}),
    endpointSlicesRead: live ? objects.endpointsKnown === true : false,
  });
  if (!world) return undefined;
  return {world, plan: planBgp(world.input), l2Unhandled: noClass};
}
