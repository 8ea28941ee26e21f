// Kubernetes objects → BGP mode's module objects, the way the hook's snapshots read them (sdk.FromUnstructured into
// the hook's types), with version 2 settings migrated as the module's own migration hook does.
import type {ManifestDocument} from '../input/documents.js';
import {asObject, asString, isObject, stringMap} from '../manifests/objects.js';
import type {LabelRequirement, LabelSelector} from './labels.js';
import {type Migration, migrateBgp} from './migration.js';
import type {BgpObjects, ModuleConfiguration, ModulePeer, ModulePool, PasswordSecret} from './types.js';

export const PASSWORD_LABEL = 'network.deckhouse.io/metallb-bgp-password';
export const BGP_KINDS = ['MetalLoadBalancerPool', 'MetalLoadBalancerBGPPeer', 'MetalLoadBalancerConfiguration'] as const;

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const strings = (v: unknown): string[] => asArray(v).filter((s): s is string => typeof s === 'string');
const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) ? v : undefined);
const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);

export function toPool(doc: ManifestDocument): ModulePool {
  const spec = asObject(doc.value.spec);
  const autoAssign = bool(spec.autoAssign);
  const avoidBuggyIPs = bool(spec.avoidBuggyIPs);
  return {name: doc.name ?? '', addresses: strings(spec.addresses), ...(autoAssign !== undefined ? {autoAssign} : {}), ...(avoidBuggyIPs !== undefined ? {avoidBuggyIPs} : {}), origin: 'manifest'};
}

export function toPeer(doc: ManifestDocument): ModulePeer {
  const spec = asObject(doc.value.spec);
  const ref = isObject(spec.passwordSecretRef) ? spec.passwordSecretRef : undefined;
  const optional = {peerPort: int(spec.peerPort), routerID: asString(spec.routerID), holdTime: asString(spec.holdTime)};
  return {
    name: doc.name ?? '',
    peerAddress: asString(spec.peerAddress) ?? '',
    peerASN: int(spec.peerASN) ?? 0,
    myASN: int(spec.myASN) ?? 0,
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined && v !== '')),
    ...(ref ? {passwordSecretRef: {name: asString(ref.name) ?? '', namespace: asString(ref.namespace) ?? ''}} : {}),
    sourceAddresses: asArray(spec.sourceAddresses).map(asObject).map((s) => ({nodeName: asString(s.nodeName) ?? '', address: asString(s.address) ?? ''})),
    bfd: isObject(spec.bfd),
    origin: 'manifest',
  };
}

export function toConfiguration(doc: ManifestDocument): ModuleConfiguration {
  const spec = asObject(doc.value.spec);
  return {
    name: doc.name ?? '',
    mode: asString(spec.mode) ?? '',
    nodeSelector: stringMap(spec.nodeSelector),
    peerNames: strings(asObject(spec.bgp).peerNames),
    advertisements: asArray(spec.advertisements).map(asObject).map((a) => {
      const bgp = isObject(a.bgp) ? a.bgp : undefined;
      const localPref = int(bgp?.localPref);
      const aggregationLength = int(bgp?.aggregationLength);
      return {
        poolNames: strings(a.poolNames),
        ...(bgp ? {communities: strings(bgp.communities)} : {}),
        ...(localPref !== undefined ? {localPref} : {}),
        ...(aggregationLength !== undefined ? {aggregationLength} : {}),
      };
    }),
    origin: 'manifest',
  };
}

export function toSecret(doc: ManifestDocument): PasswordSecret {
  const labels = stringMap(asObject(doc.value.metadata).labels);
  const keys = new Set([...Object.keys(asObject(doc.value.data)), ...Object.keys(asObject(doc.value.stringData))]);
  return {namespace: doc.namespace ?? '', name: doc.name ?? '', labelled: labels[PASSWORD_LABEL] === 'true', keys: [...keys]};
}

/** A selector as written (nodeSelectors of MetalLB objects the tool reads back). */
export function toLabelSelector(v: unknown): LabelSelector {
  const s = asObject(v);
  const expressions: LabelRequirement[] = asArray(s.matchExpressions).map(asObject).map((e) => ({key: asString(e.key) ?? '', operator: (asString(e.operator) ?? 'In') as LabelRequirement['operator'], values: strings(e.values)}));
  return {matchLabels: stringMap(s.matchLabels), matchExpressions: expressions};
}

export interface BgpInput extends BgpObjects {
  /** The migration of version 2 settings, when the ModuleConfig has them. */
  readonly migration?: Migration;
}

/** BGP mode's objects among the documents; the metallb ModuleConfig's version 2 settings migrated first. */
export function bgpObjects(documents: readonly ManifestDocument[]): BgpInput {
  const pools: ModulePool[] = [];
  const peers: ModulePeer[] = [];
  const configurations: ModuleConfiguration[] = [];
  const secrets: PasswordSecret[] = [];
  let moduleConfig: ManifestDocument | undefined;
  for (const doc of documents) {
    if (doc.kind === 'MetalLoadBalancerPool') pools.push(toPool(doc));
    else if (doc.kind === 'MetalLoadBalancerBGPPeer') peers.push(toPeer(doc));
    else if (doc.kind === 'MetalLoadBalancerConfiguration') configurations.push(toConfiguration(doc));
    else if (doc.kind === 'Secret') secrets.push(toSecret(doc));
    else if (doc.kind === 'ModuleConfig' && doc.name === 'metallb') moduleConfig = doc;
  }
  const spec = asObject(moduleConfig?.value.spec);
  const settings = asObject(spec.settings);
  const loadBalancerClass = asString(settings.loadBalancerClass);
  const base = {pools, peers, configurations, secrets, ...(loadBalancerClass ? {loadBalancerClass} : {})};
  if (!moduleConfig) return base;
  const version = typeof spec.version === 'number' ? spec.version : 2;
  const migration = migrateBgp(version, settings, {pools: new Set(pools.map((p) => p.name)), peers: new Set(peers.map((p) => p.name)), configurations: new Set(configurations.map((c) => c.name))});
  if (migration.pools.length === 0 && migration.peers.length === 0 && !migration.configuration && migration.kept.length === 0) return base;
  return {
    ...base,
    pools: [...pools, ...migration.pools],
    peers: [...peers, ...migration.peers],
    configurations: [...configurations, ...(migration.configuration ? [migration.configuration] : [])],
    migration,
  };
}

/** Whether BGP mode is in play: some pool exists (the module deploys its BGP controller and speaker only then). */
export function bgpActive(objects: BgpObjects): boolean {
  return objects.pools.length > 0;
}
