// How the module and MetalLB read a Service: shared by lint (which warns) and the engine (which plans).
import {type Family, parseIp} from '../net/index.js';

/** Go's strconv.Atoi, then the module's rule: only a count above 1 counts, anything else means 1. */
export function effectiveCount(annotation: string | undefined): number {
  if (annotation === undefined || !/^[+-]?[0-9]+$/.test(annotation)) return 1;
  const n = Number(annotation);
  return Number.isSafeInteger(n) && n > 1 ? n : 1;
}

/**
 * The most addresses of one Service that the tool lays out one by one. The module has no upper limit: it creates an
 * SDNInternalL2LBService (and MetalLB a Service) per address, so a count of 100,000,000 in an IPv6 class would be that
 * many objects. Every plan, lint and status path works in proportion to this, never to the requested count; the
 * addresses beyond it are reported as a number and a reason, and lint and `service create` warn about such counts.
 */
export const MAX_PLANNED_ADDRESSES = 4096;

/**
 * MetalLB's backend key for IP sharing: with externalTrafficPolicy Local, the pod selector; otherwise nothing.
 * Services may share an address only with equal keys.
 */
export function backendKey(externalTrafficPolicy: unknown, selector: Readonly<Record<string, unknown>> | undefined): string {
  if (externalTrafficPolicy !== 'Local') return '';
  const labels = selector ?? {};
  return Object.keys(labels).sort().map((k) => `${k}=${String(labels[k])}`).join(',');
}

/**
 * The module's class resolution without a binding, later steps overriding earlier ones: the default class, then the
 * class annotation, then spec.loadBalancerClass, each only if that class exists.
 */
export function resolveClassName(
  service: {specClass?: string | undefined; annotationClass?: string | undefined},
  exists: (name: string) => boolean,
  defaultClass: string | undefined,
): {name: string | undefined; source: 'spec' | 'annotation' | 'default' | 'none'} {
  let name = defaultClass;
  let source: 'spec' | 'annotation' | 'default' | 'none' = defaultClass === undefined ? 'none' : 'default';
  if (service.annotationClass !== undefined && exists(service.annotationClass)) {
    name = service.annotationClass;
    source = 'annotation';
  }
  if (service.specClass !== undefined && exists(service.specClass)) {
    name = service.specClass;
    source = 'spec';
  }
  return {name, source};
}

/**
 * The names the module derives from a Service and its class: one SDNInternalL2LBService per address, named
 * <service>-<class>-<index> (the hook, handleL2LoadBalancers), which the patched MetalLB speaker then writes as the
 * label value metallb.io/service-name of its ServiceL2Status (layer2_status_controller.go): at most 63 characters.
 */
export const MAX_LABEL_VALUE = 63;

export function internalObjectName(service: string, className: string, index: number): string {
  return `${service}-${className}-${index}`;
}

/** The longest derived name of a Service asking for `count` addresses, when it is too long to be a label value. */
export function derivedNameTooLong(service: string, className: string, count: number): string | undefined {
  const longest = internalObjectName(service, className, Math.min(count, MAX_PLANNED_ADDRESSES) - 1);
  return longest.length > MAX_LABEL_VALUE ? longest : undefined;
}

/** The longest class name that can serve a Service at all (a one-letter Service, one address). */
export const MAX_USABLE_CLASS_NAME = MAX_LABEL_VALUE - '-'.length - '-0'.length - 1;

/**
 * The family of a Service's internal objects: of its clusterIP, which is all the module copies (the template sets
 * spec.clusterIP only, and MetalLB's ipfamily.ForService falls back to it); a manifest without one gets the
 * cluster's primary family once created, which the caller knows (undefined here).
 */
export function serviceFamily(spec: Record<string, unknown>): Family | undefined {
  const clusterIPs = Array.isArray(spec.clusterIPs) ? spec.clusterIPs : [];
  for (const text of [spec.clusterIP, clusterIPs[0]]) {
    const address = typeof text === 'string' ? parseIp(text) : undefined;
    if (address) return address.family;
  }
  const families = Array.isArray(spec.ipFamilies) ? spec.ipFamilies : [];
  return families[0] === 'IPv6' ? 6 : families[0] === 'IPv4' ? 4 : undefined;
}

/**
 * default/kubernetes, the API server's own Service: it takes the first address of the primary service range, so
 * its family is the one every Service gets that asks for none.
 */
export function isApiServerService(object: {namespace?: string; name?: string}): boolean {
  return object.namespace === 'default' && object.name === 'kubernetes';
}
