// The allocation engine's own types: plain data, no Kubernetes objects (from-manifests.ts converts those).
import type {Pool} from '../net/index.js';

export interface EngineClass {
  readonly name: string;
  readonly pool: Pool;
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
  /** The load-balancer-ips annotation as written (split at commas, not trimmed). */
  readonly requestedIps?: string;
  readonly sharingKey?: string;
  readonly ports: readonly EnginePort[];
  readonly selector?: Readonly<Record<string, string>>;
  readonly externalTrafficPolicy?: 'Cluster' | 'Local';
  /** status.loadBalancer.ingress[].ip, in order: kept and processed first, as the controller does on restart. */
  readonly statusIps?: readonly string[];
}

export type ClassSource = 'spec' | 'annotation' | 'default' | 'binding';

export type PendingReason =
  | {code: 'no-class'; message: string}
  | {code: 'bound-class-deleted'; message: string; class: string}
  | {code: 'no-nodes'; message: string; class: string}
  | {code: 'pool-exhausted'; message: string; requested: number; size: string; used: string}
  | {code: 'count-over-limit'; message: string; requested: number; limit: number}
  | {code: 'requested-outside-pool'; message: string; ip: string}
  | {code: 'requested-invalid'; message: string; text: string}
  | {code: 'requested-taken'; message: string; ip: string; holder: string}
  | {code: 'sharing-refused'; message: string; ip: string; holder: string; rule: 'port-collision' | 'selector-mismatch'};

export interface AddressPlan {
  readonly index: number;
  /** Canonical address, or null while pending. */
  readonly ip: string | null;
  /** How it was chosen. */
  readonly source?: 'status' | 'requested' | 'shared' | 'first-free';
  readonly preferredNode: string | null;
  /** The node that answers for the address; null when no node is available. */
  readonly announcer: string | null;
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
  readonly status: 'assigned' | 'partial' | 'pending';
  /** The first reason an address is pending (null when assigned). */
  readonly reason: PendingReason | null;
  /** One entry per index, at most MAX_PLANNED_ADDRESSES of them. */
  readonly addresses: AddressPlan[];
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
}
