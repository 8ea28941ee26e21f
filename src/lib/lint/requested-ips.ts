// The network.deckhouse.io/load-balancer-ips annotation as the module and MetalLB read it: the hook splits it at
// commas without trimming and gives entry i to address i while i < count; an empty entry renders no annotation (the
// index takes the first free address); MetalLB trims the rest (controller/service.go getDesiredLbIPs).
import {ANNOTATIONS} from '../manifests/constants.js';
import {type IpAddress, formatIp, parseIp} from '../net/index.js';
import type {ServiceEntry} from './world.js';

export interface RequestedIp {
  readonly index: number;
  readonly text: string;
  /** Parsed as MetalLB parses it (trimmed); undefined when it does not parse. */
  readonly address?: IpAddress;
  /** "": no address requested at this index. */
  readonly empty: boolean;
  /** Beyond the count: the module ignores it. */
  readonly ignored: boolean;
}

export const LB_IPS_PATH = ['metadata', 'annotations', ANNOTATIONS.loadBalancerIps] as const;

const cache = new WeakMap<ServiceEntry, RequestedIp[]>();

export function requestedIps(service: ServiceEntry): RequestedIp[] {
  const value = service.annotations[ANNOTATIONS.loadBalancerIps];
  if (value === undefined) return [];
  let list = cache.get(service);
  if (!list) {
    list = value.split(',').map((text, index) => {
      const address = parseIp(text.trim());
      return {index, text, empty: text === '', ignored: index >= service.count, ...(address ? {address} : {})};
    });
    cache.set(service, list);
  }
  return list;
}

export const addressKey = (a: IpAddress) => `${a.family}:${formatIp(a)}`;
