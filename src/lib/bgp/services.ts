// A LoadBalancer Service as MetalLB's BGP controller and speaker read it: with the module's patches, the
// network.deckhouse.io/ annotations win over MetalLB's own whenever they are present, even empty
// (images/metallb/patches 001-add-d8-annotations.patch getDesiredLbIPs and SharingKey, 005-add-deckhouse-pool-annotation
// valueForAnnotation), then metallb.io/, then the deprecated metallb.universe.tf/.
import type {ManifestDocument} from '../input/documents.js';
import {backendKey} from '../manifests/service-rules.js';
import {type EndpointsByService, addSliceEndpoints} from '../manifests/endpoint-slices.js';
import {asObject, asString, isObject, stringMap} from '../manifests/objects.js';
import type {Family} from '../net/index.js';
import {parseIp} from '../net/index.js';

export interface BgpService {
  readonly namespace: string;
  readonly name: string;
  readonly specClass?: string;
  /** The requested pool ("" or undefined: none). */
  readonly pool?: string;
  /** The requested addresses as written (annotation, or spec.loadBalancerIP). */
  readonly requested?: string;
  /** spec.loadBalancerIP, which MetalLB refuses together with a loadBalancerIPs annotation. */
  readonly loadBalancerIP?: string;
  readonly annotationIps?: string;
  /** Families of spec.clusterIPs (or clusterIP); undefined: not set in the manifest. */
  readonly families?: readonly Family[];
  readonly ipFamilyPolicy: 'SingleStack' | 'PreferDualStack' | 'RequireDualStack';
  readonly sharingKey: string;
  readonly backend: string;
  readonly ports: readonly string[];
  readonly externalTrafficPolicy: 'Cluster' | 'Local';
  readonly statusIps: readonly string[];
  /** The patched speaker's hasHealthyEndpoint: endpoints that can serve and have an address. Undefined: not known. */
  readonly endpoints?: {readonly serving: boolean; readonly nodes: ReadonlySet<string>};
}

function firstPresent(annotations: Record<string, string>, keys: readonly string[]): string | undefined {
  for (const key of keys) if (Object.hasOwn(annotations, key)) return annotations[key];
  return undefined;
}

export function toBgpService(doc: ManifestDocument): BgpService {
  const spec = asObject(doc.value.spec);
  const annotations = stringMap(asObject(doc.value.metadata).annotations);
  const ingress = Array.isArray(asObject(asObject(doc.value.status).loadBalancer).ingress) ? (asObject(asObject(doc.value.status).loadBalancer).ingress as unknown[]) : [];
  const clusterIPs = (Array.isArray(spec.clusterIPs) ? spec.clusterIPs : []).filter((t): t is string => typeof t === 'string');
  const addresses = clusterIPs.length > 0 ? clusterIPs : typeof spec.clusterIP === 'string' && spec.clusterIP !== 'None' && spec.clusterIP !== '' ? [spec.clusterIP] : [];
  const families = addresses.map((t) => parseIp(t)?.family).filter((f): f is Family => f !== undefined);
  const policy = asString(spec.ipFamilyPolicy);
  const annotationIps = firstPresent(annotations, ['network.deckhouse.io/load-balancer-ips', 'metallb.io/loadBalancerIPs', 'metallb.universe.tf/loadBalancerIPs']);
  const loadBalancerIP = asString(spec.loadBalancerIP) || undefined;
  const ports = (Array.isArray(spec.ports) ? spec.ports : []).map(asObject).filter((p) => typeof p.port === 'number').map((p) => `${asString(p.protocol) ?? 'TCP'}/${p.port as number}`);
  const etp = spec.externalTrafficPolicy === 'Local' ? 'Local' : 'Cluster';
  const pool = firstPresent(annotations, ['network.deckhouse.io/load-balancer-pool', 'metallb.io/address-pool', 'metallb.universe.tf/address-pool']);
  return {
    namespace: doc.namespace ?? '',
    name: doc.name ?? '',
    ...(asString(spec.loadBalancerClass) !== undefined ? {specClass: asString(spec.loadBalancerClass)} : {}),
    ...(pool ? {pool} : {}),
    ...(annotationIps ? {annotationIps, requested: annotationIps} : loadBalancerIP ? {requested: loadBalancerIP} : {}),
    ...(loadBalancerIP ? {loadBalancerIP} : {}),
    ...(families.length > 0 ? {families} : {}),
    ipFamilyPolicy: policy === 'PreferDualStack' || policy === 'RequireDualStack' ? policy : 'SingleStack',
    sharingKey: firstPresent(annotations, ['network.deckhouse.io/load-balancer-shared-ip-key', 'metallb.io/allow-shared-ip', 'metallb.universe.tf/allow-shared-ip']) ?? '',
    backend: backendKey(etp, isObject(spec.selector) ? stringMap(spec.selector) : undefined),
    ports,
    externalTrafficPolicy: etp,
    statusIps: ingress.map((i) => asString(asObject(i).ip)).filter((ip): ip is string => ip !== undefined && ip !== ''),
  };
}

/**
 * EndpointSlices by "namespace/service" as the BGP speaker reads them: the module's patch 004 (hasHealthyEndpoint)
 * counts an endpoint that can serve and has an address.
 */
export function bgpEndpoints(documents: readonly ManifestDocument[]): EndpointsByService {
  const result: EndpointsByService = new Map();
  for (const doc of documents) if (doc.kind === 'EndpointSlice') addSliceEndpoints(result, doc, true);
  return result;
}

/** MetalLB's filterByLoadBalancerClass: without --lb-class only Services without a class; with it, only that class. */
export function handledByBgp(service: {specClass?: string | undefined}, loadBalancerClass: string | undefined): boolean {
  return (service.specClass ?? undefined) === (loadBalancerClass || undefined);
}
