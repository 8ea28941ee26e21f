// Manifests of BGP mode's objects (MetalLoadBalancerPool, MetalLoadBalancerBGPPeer, MetalLoadBalancerConfiguration)
// from the model, field for field as the module's CRDs name them; the migration's labels where it made them.
import {MIGRATION_LABELS} from './migration.js';
import type {ModuleConfiguration, ModulePeer, ModulePool, Origin} from './types.js';

const API_VERSION = 'network.deckhouse.io/v1alpha1';

export interface BgpManifest {
  apiVersion: typeof API_VERSION;
  kind: 'MetalLoadBalancerPool' | 'MetalLoadBalancerBGPPeer' | 'MetalLoadBalancerConfiguration';
  metadata: {name: string; labels?: Record<string, string>};
  spec: Record<string, unknown>;
}

const metadata = (name: string, origin: Origin) => ({name, ...(origin === 'migrated' ? {labels: {...MIGRATION_LABELS}} : {})});

export function poolManifest(pool: ModulePool): BgpManifest {
  return {
    apiVersion: API_VERSION, kind: 'MetalLoadBalancerPool', metadata: metadata(pool.name, pool.origin),
    spec: {addresses: [...pool.addresses], ...(pool.autoAssign !== undefined ? {autoAssign: pool.autoAssign} : {}), ...(pool.avoidBuggyIPs !== undefined ? {avoidBuggyIPs: pool.avoidBuggyIPs} : {})},
  };
}

export function peerManifest(peer: ModulePeer): BgpManifest {
  return {
    apiVersion: API_VERSION, kind: 'MetalLoadBalancerBGPPeer', metadata: metadata(peer.name, peer.origin),
    spec: {
      peerAddress: peer.peerAddress, peerASN: peer.peerASN, myASN: peer.myASN,
      ...(peer.peerPort !== undefined ? {peerPort: peer.peerPort} : {}),
      ...(peer.routerID ? {routerID: peer.routerID} : {}),
      ...(peer.holdTime ? {holdTime: peer.holdTime} : {}),
      ...(peer.passwordSecretRef ? {passwordSecretRef: {...peer.passwordSecretRef}} : {}),
      ...(peer.sourceAddresses.length > 0 ? {sourceAddresses: peer.sourceAddresses.map((s) => ({...s}))} : {}),
    },
  };
}

export function configurationManifest(cfg: ModuleConfiguration): BgpManifest {
  return {
    apiVersion: API_VERSION, kind: 'MetalLoadBalancerConfiguration', metadata: metadata(cfg.name, cfg.origin),
    spec: {
      mode: cfg.mode,
      ...(Object.keys(cfg.nodeSelector).length > 0 ? {nodeSelector: {...cfg.nodeSelector}} : {}),
      bgp: cfg.peerNames.length > 0 ? {peerNames: [...cfg.peerNames]} : {},
      advertisements: cfg.advertisements.map((a) => {
        const bgp = {
          ...(a.communities && a.communities.length > 0 ? {communities: [...a.communities]} : {}),
          ...(a.localPref !== undefined ? {localPref: a.localPref} : {}),
          ...(a.aggregationLength !== undefined ? {aggregationLength: a.aggregationLength} : {}),
        };
        return {poolNames: [...a.poolNames], ...(Object.keys(bgp).length > 0 ? {bgp} : {})};
      }),
    },
  };
}
