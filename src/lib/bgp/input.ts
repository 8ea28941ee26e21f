// From documents (files or objects read from a cluster) to the BGP plan's input: BGP mode's objects rendered as the
// module renders them, the Services MetalLB's BGP controller handles, and those it ignores.
import type {ManifestDocument} from '../input/documents.js';
import {asObject} from '../manifests/objects.js';
import type {Family} from '../net/index.js';
import {toNode} from '../allocator/from-manifests.js';
import {type BgpInput, bgpActive, bgpObjects} from './from-manifests.js';
import type {BgpPlanInput} from './plan.js';
import {renderBgp} from './render.js';
import {type BgpService, bgpEndpoints, handledByBgp, toBgpService} from './services.js';
import type {MetallbPool} from './types.js';

const HOSTNAME = 'kubernetes.io/hostname';

export interface BgpWorld {
  readonly objects: BgpInput;
  readonly input: BgpPlanInput;
  /** Services neither the L2 classes nor the BGP controller handle (another loadBalancerClass). */
  readonly ignored: readonly BgpService[];
  /**
   * Services a class takes (by annotation or as the default) that MetalLB's BGP controller takes too: it filters only
   * on spec.loadBalancerClass, so both write their status.
   */
  readonly contested: readonly BgpService[];
}

/**
 * The BGP world of the documents, or undefined when BGP mode is not in play (no pool). `l2Handles`: whether the
 * class hook takes the Service (those stay with the L2 plan).
 */
export function bgpWorld(documents: readonly ManifestDocument[], options: {l2Handles: (namespace: string, name: string) => boolean; primaryFamily?: Family; endpointSlicesRead?: boolean}): BgpWorld | undefined {
  const objects = bgpObjects(documents);
  if (!bgpActive(objects)) return undefined;
  const metallb = renderBgp(objects);
  const classPools: MetallbPool[] = [];
  const nodes = [];
  const services: BgpService[] = [];
  const ignored: BgpService[] = [];
  const contested: BgpService[] = [];
  const slices = bgpEndpoints(documents);
  const endpointsKnown = options.endpointSlicesRead === true || documents.some((d) => d.kind === 'EndpointSlice');
  for (const doc of documents) {
    if (doc.kind === 'MetalLoadBalancerClass') {
      const spec = asObject(doc.value.spec);
      classPools.push({name: doc.name ?? '', addresses: Array.isArray(spec.addressPool) ? spec.addressPool.filter((t): t is string => typeof t === 'string') : [], autoAssign: true, avoidBuggyIPs: false, l2Class: true});
    } else if (doc.kind === 'Node') {
      // Every real node carries kubernetes.io/hostname (the kubelet sets it to the node name), which the per-node
      // peers of sourceAddresses select on; a hand-written manifest may leave it out.
      const n = toNode(doc);
      nodes.push(Object.hasOwn(n.labels, HOSTNAME) ? n : {...n, labels: {...n.labels, [HOSTNAME]: n.name}});
    }
    else if (doc.kind === 'Service' && asObject(doc.value.spec).type === 'LoadBalancer') {
      const service = toBgpService(doc);
      if (options.l2Handles(service.namespace, service.name)) {
        if (handledByBgp(service, objects.loadBalancerClass)) contested.push(service);
        continue;
      }
      const endpoints = endpointsKnown ? (slices.get(`${service.namespace}/${service.name}`) ?? {serving: false, nodes: new Set<string>()}) : undefined;
      const withEndpoints = endpoints ? {...service, endpoints} : service;
      (handledByBgp(service, objects.loadBalancerClass) ? services : ignored).push(withEndpoints);
    }
  }
  const unique = [...new Map(classPools.map((p) => [p.name, p])).values()];
  return {objects, input: {metallb, classPools: unique, nodes, services, ...(options.primaryFamily ? {primaryFamily: options.primaryFamily} : {})}, ignored, contested};
}
