// The network.deckhouse.io/load-balancer-ips annotation as the module reads it: split at commas, not trimmed,
// entry i goes to address i while i < count.
import {ANNOTATIONS} from '../manifests/constants.js';
import {type IpAddress, formatIp, parseIp} from '../net/index.js';
import type {ServiceEntry} from './world.js';

export interface RequestedIp {
  readonly index: number;
  readonly text: string;
  /** Parsed as the module parses it (no trimming); undefined when it does not parse. */
  readonly address?: IpAddress;
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
      const address = parseIp(text);
      return {index, text, ignored: index >= service.count, ...(address ? {address} : {})};
    });
    cache.set(service, list);
  }
  return list;
}

export const addressKey = (a: IpAddress) => `${a.family}:${formatIp(a)}`;
