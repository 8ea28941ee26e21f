// Kubernetes objects (as read by lint's reader: files, stdin, kubectl's List) → the engine's own types.
import {ANNOTATIONS} from '../manifests/constants.js';
import {asObject, asString, isObject, stringMap} from '../manifests/objects.js';
import type {ManifestDocument} from '../input/documents.js';
import {classPool} from '../manifests/metal-load-balancer-class.js';
import type {Family} from '../net/index.js';
import {isApiServerService, serviceFamily} from '../manifests/service-rules.js';
import {addSliceEndpoints} from '../manifests/endpoint-slices.js';
import type {EngineClass, EngineNode, EnginePort, EngineService} from './types.js';

export const CLASS_CONDITION = 'network.deckhouse.io/load-balancer-class';

const obj = asObject;
const str = asString;

export interface EngineObjects {
  classes: EngineClass[];
  nodes: EngineNode[];
  services: EngineService[];
  /** The cluster's primary family, when the objects show it: the clusterIP of default/kubernetes. */
  primaryFamily?: Family;
  /** Whether EndpointSlices were among the objects: then every Service's endpoints are known. */
  endpointsKnown?: boolean;
}

export function toClass(doc: ManifestDocument): EngineClass {
  const spec = obj(doc.value.spec);
  return {
    name: doc.name ?? '',
    pool: classPool(doc.value),
    addressPool: Array.isArray(spec.addressPool) ? spec.addressPool.filter((t): t is string => typeof t === 'string') : [],
    isDefault: spec.isDefault === true,
    ...(isObject(spec.nodeSelector) ? {nodeSelector: stringMap(spec.nodeSelector)} : {}),
  };
}

export function toNode(doc: ManifestDocument): EngineNode {
  const conditions = Array.isArray(obj(doc.value.status).conditions) ? (obj(doc.value.status).conditions as unknown[]) : [];
  const networkUnavailable = conditions.some((c) => obj(c).type === 'NetworkUnavailable' && obj(c).status === 'True');
  return {name: doc.name ?? '', labels: stringMap(obj(doc.value.metadata).labels), ...(networkUnavailable ? {networkUnavailable} : {})};
}

export function toService(doc: ManifestDocument): EngineService {
  const spec = obj(doc.value.spec);
  const status = obj(doc.value.status);
  const annotations = stringMap(obj(doc.value.metadata).annotations);
  const ports: EnginePort[] = (Array.isArray(spec.ports) ? spec.ports : []).flatMap((p) => {
    const port = obj(p);
    return typeof port.port === 'number' ? [{port: port.port, protocol: str(port.protocol) ?? 'TCP'}] : [];
  });
  const ingress = Array.isArray(obj(status.loadBalancer).ingress) ? (obj(status.loadBalancer).ingress as unknown[]) : [];
  const statusIps = ingress.flatMap((i) => str(obj(i).ip) ?? []);
  const conditions = Array.isArray(status.conditions) ? status.conditions : [];
  // The hook reads the condition by its type alone, whatever its reason, and its message as written
  // (discovery_l2_load_balancers.go applyServiceFilter); an empty message is no binding.
  const binding = conditions.map(obj).find((c) => c.type === CLASS_CONDITION);
  const policy = str(spec.externalTrafficPolicy);
  const optional = {
    specClass: str(spec.loadBalancerClass),
    annotationClass: annotations[ANNOTATIONS.loadBalancerClass],
    boundClass: str(binding?.message) || undefined,
    countAnnotation: annotations[ANNOTATIONS.externalIpsCount],
    requestedIps: annotations[ANNOTATIONS.loadBalancerIps],
    // An empty key renders no allow-shared-ip annotation (the template's if), and MetalLB never shares on "".
    sharingKey: annotations[ANNOTATIONS.sharedIpKey] || undefined,
    family: serviceFamily(spec),
    selector: isObject(spec.selector) ? stringMap(spec.selector) : undefined,
    externalTrafficPolicy: policy === 'Local' || policy === 'Cluster' ? policy : undefined,
    statusIps: statusIps.length > 0 ? statusIps : undefined,
  };
  return {
    namespace: doc.namespace ?? '',
    name: doc.name ?? '',
    ports,
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
  } as EngineService;
}

/**
 * Classes, Nodes, LoadBalancer Services (with their EndpointSlices) and the cluster's primary family among the
 * documents; everything else is ignored. `endpointSlicesRead`: the slices were listed from a cluster, even if none.
 */
export function engineObjects(documents: readonly ManifestDocument[], options: {endpointSlicesRead?: boolean} = {}): EngineObjects {
  const result: EngineObjects = {classes: [], nodes: [], services: []};
  const slices = new Map<string, {serving: boolean; nodes: Set<string>}>();
  for (const doc of documents) {
    if (doc.kind === 'MetalLoadBalancerClass') result.classes.push(toClass(doc));
    else if (doc.kind === 'Node') result.nodes.push(toNode(doc));
    else if (doc.kind === 'Service' && obj(doc.value.spec).type === 'LoadBalancer') result.services.push(toService(doc));
    else if (doc.kind === 'EndpointSlice' && typeof doc.apiVersion === 'string' && doc.apiVersion.startsWith('discovery.k8s.io/')) addSliceEndpoints(slices, doc, false);
    else if (doc.kind === 'Service' && isApiServerService(doc)) {
      const family = serviceFamily(obj(doc.value.spec));
      if (family !== undefined) result.primaryFamily = family;
    }
  }
  // With EndpointSlices in the input, or read from a cluster that has none, they are the whole truth: a Service
  // without one has no endpoint.
  if (!options.endpointSlicesRead && slices.size === 0 && !documents.some((d) => d.kind === 'EndpointSlice')) return result;
  result.endpointsKnown = true;
  result.services = result.services.map((s) => {
    const found = slices.get(`${s.namespace}/${s.name}`);
    return {...s, endpoints: found ? {serving: found.serving, nodes: [...found.nodes]} : {serving: false, nodes: []}};
  });
  return result;
}
