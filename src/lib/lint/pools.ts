// Every address pool MetalLB will load, whatever object it comes from: classes, ModuleConfig BGP pools and
// MetalLoadBalancerPool objects all become IPAddressPools in one configuration.
import type {ManifestDocument} from '../input/documents.js';
import {type PoolEntryRef, type World, isObject, parseEntries} from './world.js';

export interface PoolSource {
  readonly doc: ManifestDocument;
  /** "class ingress", "ModuleConfig pool mypool", "MetalLoadBalancerPool bgp-1". */
  readonly label: string;
  /** The name MetalLB gives its IPAddressPool. */
  readonly name: string;
  readonly entries: readonly PoolEntryRef[];
}

const cache = new WeakMap<World, PoolSource[]>();

export function allPools(world: World): PoolSource[] {
  let pools = cache.get(world);
  if (pools) return pools;
  pools = [
    ...world.classes.map((c) => ({doc: c.doc, label: `class ${c.name}`, name: c.name, entries: c.entries})),
    ...world.bgpPools.map((p) => ({doc: p.doc, label: `MetalLoadBalancerPool ${p.name}`, name: p.name, entries: p.entries})),
  ];
  for (const doc of world.moduleConfigs) {
    if (doc.name !== 'metallb') continue;
    const spec = isObject(doc.value.spec) ? doc.value.spec : {};
    const settings = isObject(spec.settings) ? spec.settings : {};
    const version = typeof spec.version === 'number' ? spec.version : 2;
    const list = Array.isArray(settings.addressPools) ? settings.addressPools : [];
    list.forEach((pool, i) => {
      if (!isObject(pool)) return;
      if (pool.protocol === 'layer2' && version >= 2) return; // ignored by the module from version 2 on
      pools!.push({doc, label: `ModuleConfig pool ${String(pool.name)}`, name: String(pool.name), entries: parseEntries(pool.addresses, ['spec', 'settings', 'addressPools', i, 'addresses'])});
    });
  }
  cache.set(world, pools);
  return pools;
}
