// Objects read from a cluster, in the shape the engine's converters read (the same as documents from files).
import {engineObjects, type EngineObjects} from '../allocator/from-manifests.js';
import {type ManifestDocument, NO_TEXT} from '../input/documents.js';
import type {KubeObject} from './client.js';
import {asObject} from '../manifests/objects.js';
import {PASSWORD_LABEL} from '../bgp/from-manifests.js';

export function asDocument(object: KubeObject, kind: string, apiVersion?: string): ManifestDocument {
  return {
    ...(apiVersion ? {apiVersion} : {}),
    file: '(cluster)', index: 0, origin: NO_TEXT, start: 0, end: 0, lineOffset: 0, value: object as Record<string, unknown>, basePath: [], kind,
    name: object.metadata.name, ...(object.metadata.namespace ? {namespace: object.metadata.namespace} : {}),
  };
}

export interface LiveObjects {
  readonly classes: readonly KubeObject[];
  readonly nodes: readonly KubeObject[];
  readonly services: readonly KubeObject[];
  /** The EndpointSlices, when they could be read (undefined: endpoints unknown, assumed ready). */
  readonly slices?: readonly KubeObject[];
  readonly pools?: readonly KubeObject[];
  readonly peers?: readonly KubeObject[];
  readonly configurations?: readonly KubeObject[];
  readonly moduleConfig?: KubeObject;
}

/**
 * The objects read from a cluster as documents, as the manifest readers would give them. Password Secrets are not
 * read (that needs permission to read Secrets): each one a peer references is taken as present and labelled.
 */
export function liveDocuments(live: LiveObjects): ManifestDocument[] {
  const peers = live.peers ?? [];
  return [
    ...live.classes.map((o) => asDocument(o, 'MetalLoadBalancerClass')),
    ...live.nodes.map((o) => asDocument(o, 'Node')),
    ...live.services.map((o) => asDocument(o, 'Service')),
    ...(live.slices ?? []).map((o) => asDocument(o, 'EndpointSlice', 'discovery.k8s.io/v1')),
    ...(live.pools ?? []).map((o) => asDocument(o, 'MetalLoadBalancerPool')),
    ...peers.map((o) => asDocument(o, 'MetalLoadBalancerBGPPeer')),
    ...(live.configurations ?? []).map((o) => asDocument(o, 'MetalLoadBalancerConfiguration')),
    ...(live.moduleConfig ? [asDocument(live.moduleConfig, 'ModuleConfig')] : []),
    ...peers.flatMap((o) => {
      const ref = asObject(asObject(o.spec).passwordSecretRef);
      return typeof ref.name === 'string' ? [asDocument({metadata: {name: ref.name, namespace: typeof ref.namespace === 'string' ? ref.namespace : '', labels: {[PASSWORD_LABEL]: 'true'}}, data: {password: ''}}, 'Secret')] : [];
    }),
  ];
}

/** `slices`: the EndpointSlices, when they could be read (undefined: endpoints unknown, assumed ready). */
export function liveEngineObjects(classes: KubeObject[], nodes: KubeObject[], services: KubeObject[], slices?: KubeObject[]): EngineObjects {
  return engineObjects(liveDocuments({classes, nodes, services, ...(slices ? {slices} : {})}), {endpointSlicesRead: slices !== undefined});
}
