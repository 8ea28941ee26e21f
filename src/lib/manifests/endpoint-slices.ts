// EndpointSlices as MetalLB's speakers read them: which Service a slice is of (the kubernetes.io/service-name label)
// and, per endpoint, whether it can serve (epslices.EndpointCanServe: ready unset or true, or serving), whether it
// has an address, and its node.
import type {ManifestDocument} from '../input/documents.js';
import {asObject, asString, stringMap} from './objects.js';

export interface SliceEndpoint {
  readonly canServe: boolean;
  readonly hasAddress: boolean;
  readonly node: string | undefined;
}

/** The slice's Service as "namespace/name" and its endpoints, or undefined for a slice that names no Service. */
export function sliceEndpoints(doc: ManifestDocument): {service: string; endpoints: SliceEndpoint[]} | undefined {
  const service = stringMap(asObject(doc.value.metadata).labels)['kubernetes.io/service-name'];
  if (service === undefined) return undefined;
  const endpoints = (Array.isArray(doc.value.endpoints) ? doc.value.endpoints : []).map(asObject).map((e) => {
    const c = asObject(e.conditions);
    return {
      canServe: c.ready === undefined || c.ready === null || c.ready === true || c.serving === true,
      hasAddress: Array.isArray(e.addresses) && e.addresses.length > 0,
      node: asString(e.nodeName),
    };
  });
  return {service: `${doc.namespace ?? ''}/${service}`, endpoints};
}

export type EndpointsByService = Map<string, {serving: boolean; nodes: Set<string>}>;

/**
 * Adds one slice to its Service's entry: whether any endpoint counts, and the nodes with one. The L2 speaker counts
 * every endpoint that can serve; the BGP speaker, with the module's patch 004 (hasHealthyEndpoint), only those that
 * also have an address (`requireAddress`).
 */
export function addSliceEndpoints(byService: EndpointsByService, doc: ManifestDocument, requireAddress: boolean): void {
  const slice = sliceEndpoints(doc);
  if (!slice) return;
  let entry = byService.get(slice.service);
  if (!entry) byService.set(slice.service, (entry = {serving: false, nodes: new Set()}));
  for (const endpoint of slice.endpoints) {
    if (!endpoint.canServe || (requireAddress && !endpoint.hasAddress)) continue;
    entry.serving = true;
    if (endpoint.node !== undefined) entry.nodes.add(endpoint.node);
  }
}
