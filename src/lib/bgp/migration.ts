// The module's migration of version 2 BGP settings to version 3 objects (hooks/migration_bgp.go migrateBGP):
// a MetalLoadBalancerPool per bgp address pool, peers peer-<i>, one MetalLoadBalancerConfiguration migrated-bgp.
// It runs for settings below version 3, creates only objects whose names do not exist yet, and drops several
// settings without a word: `dropped` lists them, with what to do.
import {asObject, asString, isObject, stringMap} from '../manifests/objects.js';
import type {ModuleAdvertisement, ModuleConfiguration, ModulePeer, ModulePool} from './types.js';

/** The CRD's community pattern, which the hook checks each community against after mapping it. */
export const COMMUNITY_PATTERN = /^([0-9]+:[0-9]+|no-export|no-advertise|local-as|none)$/;

export const MIGRATION_LABELS = {heritage: 'deckhouse', 'auto-generated-by': 'd8-migration-hook'} as const;
export const MIGRATED_CONFIGURATION = 'migrated-bgp';

export interface Dropped {
  /** Where in the settings, as a path. */
  readonly path: readonly (string | number)[];
  readonly what: string;
  readonly fix: string;
}

export interface Migration {
  readonly pools: ModulePool[];
  readonly peers: ModulePeer[];
  readonly configuration?: ModuleConfiguration;
  /** Objects the hook would create but leaves alone because one of that name exists. */
  readonly kept: string[];
  readonly dropped: Dropped[];
}

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
/** Go's json into float64 then int(): a number, or 0 for anything else. */
const goInt = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : 0);
const optionalInt = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) ? v : undefined);

/** Whether the hook migrates these settings at all: version below 3, and a bgp pool or a peer. */
export function needsMigration(version: number, settings: unknown): boolean {
  if (version >= 3) return false;
  const s = asObject(settings);
  const pools = asArray(s.addressPools);
  return pools.some((p) => asObject(p).protocol === 'bgp') || asArray(s.bgpPeers).length > 0;
}

export function migrateBgp(version: number, settings: unknown, existing: {pools: ReadonlySet<string>; peers: ReadonlySet<string>; configurations: ReadonlySet<string>}): Migration {
  const result: Migration = {pools: [], peers: [], kept: [], dropped: []};
  if (!needsMigration(version, settings)) return result;
  const s = asObject(settings);
  const communities = stringMap(s.bgpCommunities);
  const poolName = (pool: Record<string, unknown>, i: number) => asString(pool.name) || `pool-${i}`;

  asArray(s.addressPools).forEach((raw, i) => {
    const pool = asObject(raw);
    if (pool.protocol !== 'bgp') return;
    const name = poolName(pool, i);
    if (pool['auto-assign'] === false) result.dropped.push({path: ['addressPools', i, 'auto-assign'], what: `pool ${name}: auto-assign: false is dropped, so the pool becomes automatic: Services without a pool annotation may take its addresses`, fix: `setting autoAssign: false on MetalLoadBalancerPool ${name} afterwards does not help either (the module's template renders autoAssign: true for every pool); give the Services that must not take these addresses network.deckhouse.io/load-balancer-pool naming another pool`});
    if (pool['avoid-buggy-ips'] === true) result.dropped.push({path: ['addressPools', i, 'avoid-buggy-ips'], what: `pool ${name}: avoid-buggy-ips is dropped, so addresses ending in .0 and .255 are handed out`, fix: `set avoidBuggyIPs: true on MetalLoadBalancerPool ${name}`});
    if (existing.pools.has(name)) {
      result.kept.push(`MetalLoadBalancerPool ${name}`);
      return;
    }
    result.pools.push({name, addresses: asArray(pool.addresses).filter((a): a is string => typeof a === 'string'), origin: 'migrated'});
  });

  const peerNames: string[] = [];
  asArray(s.bgpPeers).forEach((raw, i) => {
    const peer = asObject(raw);
    const name = `peer-${i}`;
    peerNames.push(name);
    const address = asString(peer['peer-address']) ?? '';
    if (peer['node-selector'] !== undefined) result.dropped.push({path: ['bgpPeers', i, 'node-selector'], what: `peer ${address} (${name}): node-selector is dropped, so every speaker node opens a session to it`, fix: `give the configuration a nodeSelector, or split the peer into per-node sourceAddresses`});
    if (peer['source-address'] !== undefined) result.dropped.push({path: ['bgpPeers', i, 'source-address'], what: `peer ${address} (${name}): source-address is dropped, so sessions use the node's default source address`, fix: `add sourceAddresses (nodeName and address) to MetalLoadBalancerBGPPeer ${name}`});
    if (peer.password !== undefined) result.dropped.push({path: ['bgpPeers', i, 'password'], what: `peer ${address} (${name}): password is dropped, so the session runs without MD5 authentication (and the router may refuse it)`, fix: `store the password in a Secret labelled network.deckhouse.io/metallb-bgp-password: "true" and set passwordSecretRef (d8 metallb bgp peer create --password-file)`});
    if (existing.peers.has(name)) {
      result.kept.push(`MetalLoadBalancerBGPPeer ${name}`);
      return;
    }
    const port = optionalInt(peer['peer-port']);
    result.peers.push({
      name, peerAddress: address, peerASN: goInt(peer['peer-asn']), myASN: goInt(peer['my-asn']),
      ...(port !== undefined ? {peerPort: port} : {}),
      ...(asString(peer['router-id']) ? {routerID: asString(peer['router-id'])} : {}),
      ...(asString(peer['hold-time']) ? {holdTime: asString(peer['hold-time'])} : {}),
      sourceAddresses: [], bfd: false, origin: 'migrated',
    });
  });

  const advertisements: ModuleAdvertisement[] = [];
  asArray(s.addressPools).forEach((raw, i) => {
    const pool = asObject(raw);
    if (pool.protocol !== 'bgp') return;
    const name = poolName(pool, i);
    const advs = asArray(pool['bgp-advertisements']);
    if (advs.length === 0) {
      advertisements.push({poolNames: [name]});
      return;
    }
    advs.forEach((rawAdv, j) => {
      const adv = asObject(rawAdv);
      const kept: string[] = [];
      asArray(adv.communities).forEach((c, k) => {
        if (typeof c !== 'string') return;
        const mapped = communities[c] ?? c;
        if (COMMUNITY_PATTERN.test(mapped)) kept.push(mapped);
        else result.dropped.push({path: ['addressPools', i, 'bgp-advertisements', j, 'communities', k], what: `pool ${name}: community ${JSON.stringify(c)}${mapped !== c ? ` (${JSON.stringify(mapped)})` : ''} is neither a bgpCommunities key with a valid value nor a valid community, so it is dropped`, fix: 'write it as ASN:value (or add it to bgpCommunities) before the migration'});
      });
      const localPref = optionalInt(adv.localpref);
      const aggregationLength = optionalInt(adv['aggregation-length']);
      advertisements.push({poolNames: [name], communities: kept, ...(localPref !== undefined ? {localPref} : {}), ...(aggregationLength !== undefined ? {aggregationLength} : {})});
    });
  });

  if (existing.configurations.has(MIGRATED_CONFIGURATION)) result.kept.push(`MetalLoadBalancerConfiguration ${MIGRATED_CONFIGURATION}`);
  else if (peerNames.length > 0 || advertisements.length > 0) {
    const speaker = asObject(s.speaker);
    return {...result, configuration: {name: MIGRATED_CONFIGURATION, mode: 'BGP', nodeSelector: isObject(speaker.nodeSelector) ? stringMap(speaker.nodeSelector) : {}, peerNames, advertisements, origin: 'migrated'}};
  }
  return result;
}
