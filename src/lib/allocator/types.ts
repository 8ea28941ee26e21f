// The allocation engine's own types: plain data, no Kubernetes objects (from-manifests.ts converts those).
import type {Family, Pool} from '../net/index.js';
import type {ConfigurationRejection} from './configuration.js';

export interface EngineClass {
  readonly name: string;
  readonly pool: Pool;
  /** spec.addressPool as written (MetalLB's configuration check reads it); the parsed pool's entries otherwise. */
  readonly addressPool?: readonly string[];
  readonly isDefault: boolean;
  /** Labels a node must carry; undefined or empty: every node. */
  readonly nodeSelector?: Readonly<Record<string, string>>;
}

export interface EngineNode {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** The NodeNetworkUnavailable condition is True. */
  readonly networkUnavailable?: boolean;
}

export interface EnginePort {
  readonly port: number;
  readonly protocol: string;
}

export interface EngineService {
  readonly namespace: string;
  readonly name: string;
  /** spec.loadBalancerClass. */
  readonly specClass?: string;
  /** network.deckhouse.io/metal-load-balancer-class. */
  readonly annotationClass?: string;
  /** The class recorded in the Service's LoadBalancerClassBound condition (sticky binding). */
  readonly boundClass?: string;
  /** The external-ips-count annotation as written (the module reads garbage as 1). */
  readonly countAnnotation?: string;
  /** The load-balancer-ips annotation as written: the hook splits it at commas, MetalLB trims each entry. */
  readonly requestedIps?: string;
  /** A non-empty sharing key (an empty one renders no allow-shared-ip annotation: no sharing). */
  readonly sharingKey?: string;
  /** The family of the internal objects: of the Service's clusterIP (the only address field the module copies). */
  readonly family?: Family;
  readonly ports: readonly EnginePort[];
  readonly selector?: Readonly<Record<string, string>>;
  readonly externalTrafficPolicy?: 'Cluster' | 'Local';
  /**
   * Its EndpointSlices as the speaker reads them (epslices.EndpointCanServe: ready unset or true, or serving):
   * whether any endpoint can serve, and the nodes that have one. Undefined: not known (assumed ready).
   */
  readonly endpoints?: {readonly serving: boolean; readonly nodes: readonly string[]};
  /** status.loadBalancer.ingress[].ip, in order: kept and processed first, as the controller does on restart. */
  readonly statusIps?: readonly string[];
}

export type ClassSource = 'spec' | 'annotation' | 'default' | 'binding';

/** Why an address is pending: our sentence, and (`metallb`) what MetalLB's controller logs for it, where it does. */
export type PendingReason = {readonly metallb?: string} & (
  | {code: 'no-class'; message: string}
  | {code: 'bound-class-deleted'; message: string; class: string}
  | {code: 'no-nodes'; message: string; class: string}
  | {code: 'config-rejected'; message: string; pool: string; entry: string}
  | {code: 'no-family-in-pool'; message: string; class: string; family: string}
  | {code: 'pool-exhausted'; message: string; requested: number; size: string; used: string; family?: string}
  | {code: 'count-over-limit'; message: string; requested: number; limit: number}
  | {code: 'requested-outside-pool'; message: string; ip: string; class?: string}
  | {code: 'requested-invalid'; message: string; text: string}
  | {code: 'requested-wrong-family'; message: string; ip: string}
  | {code: 'requested-taken'; message: string; ip: string; holder: string}
  | {code: 'sharing-refused'; message: string; ip: string; holder: string; rule: 'port-collision' | 'selector-mismatch'});

export interface AddressPlan {
  readonly index: number;
  /** Canonical address, or null while pending. */
  readonly ip: string | null;
  /** How it was chosen. */
  readonly source?: 'status' | 'requested' | 'shared' | 'first-free';
  /** The node the module names for the index (also while pending, once the internal object exists). */
  readonly preferredNode: string | null;
  /** The node that answers for the address; null when no node may (see announcerNote). */
  readonly announcer: string | null;
  /** Why no node announces an assigned address (no ready endpoint, none on an available node, no node available). */
  readonly announcerNote?: string;
  readonly reason?: PendingReason;
}

export interface ServicePlan {
  readonly namespace: string;
  readonly name: string;
  readonly class: string | null;
  readonly classSource: ClassSource | null;
  readonly count: number;
  /** Addresses beyond MAX_PLANNED_ADDRESSES that the plan does not lay out one by one (0 almost always). */
  readonly unplanned: number;
  /** The family of its addresses (its clusterIP's). */
  readonly family: Family;
  /**
   * Whether another processing order could give it other addresses or leave it pending: it takes first free
   * addresses of a class and family that other Services take too.
   */
  readonly orderDependent: boolean;
  /** The competition it is part of (null when it is not). */
  readonly competition: Competition | null;
  readonly status: 'assigned' | 'partial' | 'pending';
  /** The first reason an address is pending (null when assigned). */
  readonly reason: PendingReason | null;
  /** One entry per index, at most MAX_PLANNED_ADDRESSES of them. */
  readonly addresses: AddressPlan[];
}

/** Services taking first free addresses of one class and family, in plan order; shared by all of them. */
export interface Competition {
  readonly class: string;
  readonly family: Family;
  /** "namespace/name" of every competitor. */
  readonly services: readonly string[];
  /** The free addresses ran out: which of them stay pending depends on the order too. */
  readonly exhausted: boolean;
}

export interface ClassUsage {
  readonly name: string;
  readonly size: bigint;
  readonly used: bigint;
  /** Nodes the class selects, in preferred-node order (sha256(class#node)). */
  readonly nodes: readonly string[];
}

export interface Plan {
  readonly services: ServicePlan[];
  readonly classes: ClassUsage[];
  /** Set when MetalLB refuses the configuration the classes make: no Service gets a new address. */
  readonly rejection?: ConfigurationRejection;
}
