// Objects read from a cluster, in the shape the engine's converters read (the same as documents from files).
import {engineObjects, type EngineObjects} from '../allocator/from-manifests.js';
import {type ManifestDocument, NO_TEXT} from '../input/documents.js';
import type {KubeObject} from './client.js';

export function asDocument(object: KubeObject, kind: string, apiVersion?: string): ManifestDocument {
  return {
    ...(apiVersion ? {apiVersion} : {}),
    file: '(cluster)', index: 0, origin: NO_TEXT, start: 0, end: 0, lineOffset: 0, value: object as Record<string, unknown>, basePath: [], kind,
    name: object.metadata.name, ...(object.metadata.namespace ? {namespace: object.metadata.namespace} : {}),
  };
}

/** `slices`: the EndpointSlices, when they could be read (undefined: endpoints unknown, assumed ready). */
export function liveEngineObjects(classes: KubeObject[], nodes: KubeObject[], services: KubeObject[], slices?: KubeObject[]): EngineObjects {
  return engineObjects([
    ...classes.map((o) => asDocument(o, 'MetalLoadBalancerClass')),
    ...nodes.map((o) => asDocument(o, 'Node')),
    ...services.map((o) => asDocument(o, 'Service')),
    ...(slices ?? []).map((o) => asDocument(o, 'EndpointSlice', 'discovery.k8s.io/v1')),
  ], {endpointSlicesRead: slices !== undefined});
}
