// What the ip commands show of the BGP plan: JSON entries beside the L2 ones, table rows, and notes.
import {type AddressRange, type IpAddress, Pool, formatIp, formatRange, parseIp, rangeContains, rangeSize, tryParsePoolEntry} from '../net/index.js';
import {someOf} from '../text/plural.js';
import {percent, serviceName as id} from '../allocator/report.js';
import type {BgpWorld} from './input.js';
import {type BgpPlan, type BgpServicePlan, advertisedBy, prefixesOf} from './plan.js';


/** advertisedBy for one address: one route per (node, session, prefix), as a session keeps one per prefix. */
export function addressRoutes(address: BgpServicePlan['addresses'][number]): ReturnType<typeof advertisedBy>[] {
  const seen = new Set<string>();
  const out: ReturnType<typeof advertisedBy>[] = [];
  const prefix = prefixesOf(address.ip);
  for (const route of address.routes) {
    const entry = advertisedBy(route, prefix(route.advertisement.aggregationLength));
    const key = `${entry.node}|${route.session.name}|${entry.prefix}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(entry);
  }
  return out;
}

export function bgpServicesJson(plan: BgpPlan, world: BgpWorld): Record<string, unknown>[] {
  const planned = plan.services.map((s) => ({
    namespace: s.namespace, name: s.name, mode: 'bgp', pool: s.poolIsClass ? null : s.pool, ...(s.poolIsClass ? {classPool: s.pool} : {}),
    family: s.family, status: s.status, reason: s.reason,
    ...(s.metallbReason ? {metallbReason: s.metallbReason} : {}),
    orderDependent: s.orderDependent, ...(s.candidates.length > 0 ? {otherPools: s.candidates} : {}),
    addresses: s.addresses.map((a) => ({index: a.index, ip: a.ip, advertisedBy: addressRoutes(a), ...(a.note ? {advertisedByNote: a.note} : {})})),
  }));
  const lbClass = world.objects.loadBalancerClass;
  const ignored = world.ignored.map((s) => ({
    namespace: s.namespace, name: s.name, mode: 'bgp', pool: null, family: null, status: 'ignored',
    reason: lbClass ? `its loadBalancerClass is ${s.specClass ? JSON.stringify(s.specClass) : 'not set'}, and MetalLB's BGP controller handles only ${JSON.stringify(lbClass)} (settings.loadBalancerClass)` : `its loadBalancerClass ${JSON.stringify(s.specClass)} is neither a MetalLoadBalancerClass nor unset, so no controller of the module handles it`,
    orderDependent: false, addresses: [],
  }));
  return [...planned, ...ignored];
}

export function bgpConfigurationJson(plan: BgpPlan): Record<string, unknown> {
  return {
    controller: plan.controllerRejection ? {accepted: false, reason: `${plan.controllerRejection.reason}; ${plan.controllerRejection.hint}`, metallb: plan.controllerRejection.metallbMessage} : {accepted: true},
    speaker: plan.speakerRejection ? {accepted: false, object: plan.speakerRejection.object, reason: `${plan.speakerRejection.reason}; ${plan.speakerRejection.hint}`, metallb: plan.speakerRejection.metallbMessage} : {accepted: true},
  };
}

export const BGP_HEADERS = ['NAMESPACE/NAME', 'POOL', '#', 'ADDRESS', 'NODES', 'PEERS', 'STATUS'];

/** One row per address: the ECMP set at a glance (nodes, and the peers they send the route to). */
export function bgpRows(plan: BgpPlan, world: BgpWorld): string[][] {
  const rows: string[][] = [];
  for (const s of plan.services) {
    if (s.status === 'pending') {
      rows.push([id(s), '-', '0', '-', '-', '-', `pending: ${s.reason}`]);
      continue;
    }
    for (const a of s.addresses) {
      const routes = addressRoutes(a);
      const nodes = [...new Set(routes.map((r) => r.node))];
      const peers = [...new Set(routes.map((r) => `${r.peer} (${r.peerAddress})`))];
      rows.push([id(s), s.poolIsClass ? `${s.pool} (class)` : s.pool ?? '-', String(a.index), a.ip, someOf(nodes) || '-', someOf(peers) || '-', routes.length > 0 ? `advertised: ${routes.length} route${routes.length === 1 ? '' : 's'}` : `assigned, not advertised: ${a.note}`]);
    }
  }
  for (const s of world.ignored) rows.push([id(s), '-', '-', '-', '-', '-', 'ignored: another loadBalancerClass']);
  return rows;
}

/** Sentences for people after the table: rejections and undetermined pool choices. */
export function bgpNotes(plan: BgpPlan, world?: BgpWorld): {warnings: string[]; infos: string[]} {
  const warnings: string[] = [];
  if (world && world.contested.length > 0) warnings.push(`${someOf(world.contested.map(id))} ${world.contested.length === 1 ? 'has' : 'have'} a class by annotation or as the default but no spec.loadBalancerClass, so MetalLB's BGP controller (which filters on spec.loadBalancerClass only) assigns ${world.contested.length === 1 ? 'it' : 'them'} an address too and both controllers write the status; set spec.loadBalancerClass to the class name.`);
  const infos: string[] = [];
  if (plan.controllerRejection) warnings.push(`MetalLB's BGP controller refuses the pools, so no Service gets a new address (addresses already assigned stay): ${plan.controllerRejection.reason} (MetalLB: ${plan.controllerRejection.metallbMessage}); ${plan.controllerRejection.hint}`);
  if (plan.speakerRejection) warnings.push(`MetalLB's speaker refuses the configuration, so addresses are assigned but nobody advertises them (alert D8MetallbConfigNotLoaded): ${plan.speakerRejection.reason} (MetalLB: ${plan.speakerRejection.metallbMessage}); ${plan.speakerRejection.hint}`);
  const undetermined = plan.services.filter((s) => s.orderDependent);
  if (undetermined.length > 0) infos.push(`${someOf(undetermined.map(id))} could take addresses from more than one auto-assign pool: MetalLB's choice is not determined (this plan: MetalLoadBalancerPools before classes, by name); name a pool with network.deckhouse.io/load-balancer-pool to fix it.`);
  const fromClass = plan.services.filter((s) => s.poolIsClass);
  if (fromClass.length > 0) warnings.push(`${someOf(fromClass.map(id))} get${fromClass.length === 1 ? 's' : ''} an address from a MetalLoadBalancerClass's pool, which the BGP controller also reads: no speaker advertises it and the L2 controller does not know it is taken; give the Service a class or a pool annotation.`);
  return {warnings, infos};
}

/** One BGP pool's usage: the addresses its Services hold (shared ones once) and what is left, in pool order. */
export function bgpPoolUsage(plan: BgpPlan, world: BgpWorld): {name: string; entries: number; size: bigint; used: bigint; free: bigint; utilisation: string; largestFree: string | null; freeRanges: string[]; freeCount: bigint}[] {
  return world.input.metallb.pools.map((def) => {
    const pool = Pool.parseAll(def.addresses).pool;
    const used = new Map<string, IpAddress>();
    for (const s of plan.services) if (s.pool === def.name && !s.poolIsClass) for (const a of s.addresses) used.set(a.ip, parseIp(a.ip)!);
    const free = pool.freeRanges(used.values());
    const largest = free.reduce<AddressRange | undefined>((best, r) => (!best || rangeSize(r) > rangeSize(best) ? r : best), undefined);
    const usedCount = BigInt(used.size);
    return {name: def.name, entries: pool.entries.length, size: pool.size, used: usedCount, free: pool.size - usedCount, utilisation: percent(usedCount, pool.size), largestFree: largest ? formatRange(largest) : null, freeRanges: free.map(formatRange), freeCount: free.reduce((n, r) => n + rangeSize(r), 0n)};
  });
}

/** `ip inspect ADDRESS` for BGP: the pools that hold it and the Services that have it, with their routes. */
export function bgpAddressInspection(plan: BgpPlan, world: BgpWorld, address: IpAddress): {pools: {pool: string; entry: string}[]; holders: {service: string; pool: string | null; advertisedBy: ReturnType<typeof addressRoutes>}[]} {
  const ip = formatIp(address);
  const pools = world.input.metallb.pools.flatMap((p) => p.addresses.filter((text) => {
    const entry = tryParsePoolEntry(text).entry;
    return entry !== undefined && rangeContains(entry.range, address);
  }).map((entry) => ({pool: p.name, entry})));
  const holders = plan.services.flatMap((s) => s.addresses.filter((a) => a.ip === ip).map((a) => ({service: id(s), pool: s.pool, advertisedBy: addressRoutes(a)})));
  return {pools, holders};
}

/** `ip inspect NS/NAME` for a BGP Service: how its pool was chosen, its addresses and who advertises them. */
export function bgpServiceInspection(plan: BgpPlan, world: BgpWorld, target: string): {data: Record<string, unknown>; lines: string[]} | undefined {
  const s = plan.services.find((x) => id(x) === target);
  const service = world.input.services.find((x) => id(x) === target);
  if (!s || !service) return undefined;
  const choice = service.requested ? `requested ${service.requested}` : service.pool ? `network.deckhouse.io/load-balancer-pool (or metallb.io/address-pool) names ${service.pool}` : s.orderDependent ? `first auto-assign pool with a free address; MetalLB may as well take ${s.candidates.join(', ')} (its choice is not determined)` : 'the only auto-assign pool with a free address';
  const addresses = s.addresses.map((a) => ({index: a.index, ip: a.ip, advertisedBy: addressRoutes(a), ...(a.note ? {advertisedByNote: a.note} : {})}));
  const data = {service: id(s), mode: 'bgp', pool: s.pool, poolChoice: choice, status: s.status, reason: s.reason, ...(s.metallbReason ? {metallbReason: s.metallbReason} : {}), family: s.family, orderDependent: s.orderDependent, externalTrafficPolicy: service.externalTrafficPolicy, addresses};
  const lines = [
    `Service: ${id(s)} (BGP: no class takes it, MetalLB's BGP controller does)`,
    `Pool:    ${s.pool ?? '-'}${s.poolIsClass ? ' (a class\'s pool: nobody advertises it)' : ''} — ${choice}`,
    `Status:  ${s.status}${s.reason ? `: ${s.reason}` : ''}`,
    ...(s.metallbReason ? [`MetalLB: ${s.metallbReason}`] : []),
    `Family:  ${s.family}; externalTrafficPolicy ${service.externalTrafficPolicy}${service.endpoints ? `, ready endpoints on ${service.endpoints.nodes.size > 0 ? [...service.endpoints.nodes].sort().join(', ') : 'no node'}` : ', endpoints not in the input (assumed ready)'}`,
    '',
    'Addresses:',
    ...addresses.flatMap((a) => [
      `  #${a.index}  ${a.ip}  ${a.advertisedBy.length > 0 ? `${a.advertisedBy.length} route${a.advertisedBy.length === 1 ? '' : 's'}` : `not advertised: ${a.advertisedByNote}`}`,
      ...a.advertisedBy.map((r) => `      ${r.node} → ${r.peer} (${r.peerAddress}): ${r.prefix}${r.communities.length ? `, communities ${r.communities.join(' ')}` : ''}${r.localPref === null ? ', eBGP (no LOCAL_PREF)' : `, LOCAL_PREF ${r.localPref}`}`),
    ]),
  ];
  return {data, lines};
}
