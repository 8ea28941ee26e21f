// The allocation engine's input for the ip commands: from manifests (-f), or read from the cluster.
import {engineObjects, type EngineObjects} from '../lib/allocator/from-manifests.js';
import type {Plan} from '../lib/allocator/types.js';
import {CLASSES, ENDPOINT_SLICES} from '../lib/cluster/client.js';
import {liveEngineObjects} from '../lib/cluster/live-objects.js';
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

export async function readEngineInput(flags: EngineInputFlags, example: string): Promise<{objects: EngineObjects; live: boolean}> {
  const withFamily = (objects: EngineObjects): EngineObjects => {
    const family = primaryFamilyOf(flags, objects.primaryFamily);
    return family === undefined ? objects : {...objects, primaryFamily: family};
  };
  if (flags.filename && flags.filename.length > 0) return {objects: withFamily(engineObjects(readDocuments(flags.filename, example, flags))), live: false};
  const client = await connectFromFlags(flags);
  // A constant number of list calls, in parallel, whatever the number of Services.
  // EndpointSlices decide who may announce; without permission to read them the plan assumes ready endpoints.
  const [classes, nodes, services, slices] = await Promise.all([client.list(CLASSES), client.listNodes(), client.listServices(), client.listEverywhere(ENDPOINT_SLICES).catch(() => undefined)]);
  return {objects: withFamily(liveEngineObjects(classes, nodes, services, slices)), live: true};
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
