// BGP mode's objects at two levels: the module's own (MetalLoadBalancerPool, MetalLoadBalancerBGPPeer,
// MetalLoadBalancerConfiguration, password Secrets: what users write) and the MetalLB objects its hook and templates
// render from them (IPAddressPool, BGPPeer, BGPAdvertisement), which MetalLB's controller and speaker then read.
import type {LabelSelector} from './labels.js';

/** Where an object came from: a manifest in the input, or the module's migration of version 2 settings. */
export type Origin = 'manifest' | 'migrated';

export interface ModulePool {
  readonly name: string;
  readonly addresses: readonly string[];
  readonly autoAssign?: boolean;
  readonly avoidBuggyIPs?: boolean;
  readonly origin: Origin;
}

export interface ModulePeer {
  readonly name: string;
  readonly peerAddress: string;
  readonly peerASN: number;
  readonly myASN: number;
  readonly peerPort?: number;
  readonly routerID?: string;
  readonly holdTime?: string;
  readonly passwordSecretRef?: {readonly name: string; readonly namespace: string};
  readonly sourceAddresses: readonly {readonly nodeName: string; readonly address: string}[];
  /** The bfd block is set (the current hook ignores it: the speaker runs native BGP, without BFD). */
  readonly bfd: boolean;
  readonly origin: Origin;
}

export interface ModuleAdvertisement {
  readonly poolNames: readonly string[];
  readonly communities?: readonly string[];
  readonly localPref?: number;
  readonly aggregationLength?: number;
}

export interface ModuleConfiguration {
  readonly name: string;
  readonly mode: string;
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly peerNames: readonly string[];
  readonly advertisements: readonly ModuleAdvertisement[];
  readonly origin: Origin;
}

/** A Secret a peer's passwordSecretRef may name; only those labelled reach the hook. */
export interface PasswordSecret {
  readonly namespace: string;
  readonly name: string;
  readonly labelled: boolean;
  readonly keys: readonly string[];
}

export interface BgpObjects {
  readonly pools: readonly ModulePool[];
  readonly peers: readonly ModulePeer[];
  readonly configurations: readonly ModuleConfiguration[];
  readonly secrets: readonly PasswordSecret[];
  /** settings.loadBalancerClass: MetalLB's controller and speaker then handle only Services of that class. */
  readonly loadBalancerClass?: string;
}

// What the module renders for MetalLB (hooks/discovery_bgp.go handleBGP and templates/speaker, templates/controller).

export interface MetallbPool {
  readonly name: string;
  readonly addresses: readonly string[];
  readonly autoAssign: boolean;
  readonly avoidBuggyIPs: boolean;
  /** A MetalLoadBalancerClass's pool (the L2 controller's): the same namespace, so both controllers read it. */
  readonly l2Class?: boolean;
}

export interface MetallbPeer {
  /** The derived name: <peer>-<configuration>, or <peer>-<configuration>-node-<node> for a source address. */
  readonly name: string;
  /** The MetalLoadBalancerBGPPeer it comes from. */
  readonly peer: string;
  readonly configuration: string;
  readonly myASN: number;
  readonly peerASN: number;
  readonly peerAddress: string;
  readonly peerPort?: number;
  readonly routerID?: string;
  readonly holdTime?: string;
  readonly sourceAddress?: string;
  /** The copied Secret bgp-pwd-<ns>-<name>, when the referenced Secret reached the hook. */
  readonly passwordSecret?: string;
  readonly nodeSelectors: readonly LabelSelector[];
}

export interface MetallbAdvertisement {
  /** <configuration>-adv-<i>. */
  readonly name: string;
  readonly configuration: string;
  readonly pools: readonly string[];
  /** The derived peer names of its configuration; empty: every peer session (MetalLB's MatchesPeer). */
  readonly peers: readonly string[];
  readonly nodeSelectors: readonly LabelSelector[];
  readonly communities: readonly string[];
  /** As rendered: the template's if drops 0, so MetalLB's default 32 applies. */
  readonly aggregationLength?: number;
  readonly localPref?: number;
}

export interface CopiedSecret {
  readonly name: string;
  readonly source: {readonly namespace: string; readonly name: string};
  readonly keys: readonly string[];
}

export interface MetallbBgp {
  readonly pools: readonly MetallbPool[];
  readonly peers: readonly MetallbPeer[];
  readonly advertisements: readonly MetallbAdvertisement[];
  readonly secrets: readonly CopiedSecret[];
  /**
   * The speaker DaemonSet's node affinity: undefined when it runs on every node, else the terms (a node matching
   * any of them runs a speaker).
   */
  readonly speakerTerms?: readonly Readonly<Record<string, string>>[];
  /** What the hook skipped without a word: for lint and the plan's notes. */
  readonly skipped: readonly HookSkip[];
}

export type HookSkip =
  | {readonly code: 'unknown-peer'; readonly configuration: string; readonly peer: string}
  | {readonly code: 'secret-not-found'; readonly peer: string; readonly secret: string; readonly reason: 'missing' | 'unlabelled'}
  | {readonly code: 'not-bgp'; readonly configuration: string; readonly mode: string}
  | {readonly code: 'bfd-ignored'; readonly peer: string};
