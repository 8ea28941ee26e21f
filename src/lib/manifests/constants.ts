// Names the module defines: API groups, kinds and the Service annotations it honours.

export const MODULE_NAME = 'metallb';

export const MODULE_CONFIG = {apiVersion: 'deckhouse.io/v1alpha1', kind: 'ModuleConfig'} as const;
export const METAL_LOAD_BALANCER_CLASS = {apiVersion: 'network.deckhouse.io/v1alpha1', kind: 'MetalLoadBalancerClass'} as const;
export const SERVICE = {apiVersion: 'v1', kind: 'Service'} as const;

export const ANNOTATIONS = {
  externalIpsCount: 'network.deckhouse.io/l2-load-balancer-external-ips-count',
  loadBalancerIps: 'network.deckhouse.io/load-balancer-ips',
  sharedIpKey: 'network.deckhouse.io/load-balancer-shared-ip-key',
  loadBalancerClass: 'network.deckhouse.io/metal-load-balancer-class',
} as const;

export const SETTINGS_VERSIONS = [1, 2, 3] as const;
export type SettingsVersion = (typeof SETTINGS_VERSIONS)[number];
/** The version the Deckhouse documentation's examples use. */
export const DEFAULT_SETTINGS_VERSION: SettingsVersion = 2;

/** Interfaces MetalLB never announces on (its speaker's built-in exclusion list). */
export const EXCLUDED_INTERFACE_PATTERNS: readonly RegExp[] = [
  /^docker.*/, /^cbr.*/, /^dummy.*/, /^virbr.*/, /^lxc.*/, /^veth.*/, /^lo$/, /^cali.*/, /^tunl.*/, /^flannel.*/,
  /^kube-ipvs.*/, /^cni.*/, /^nodelocaldns.*/, /^cilium_vxlan.*/,
];

export function excludedInterfacePattern(name: string): RegExp | undefined {
  return EXCLUDED_INTERFACE_PATTERNS.find((pattern) => pattern.test(name));
}
