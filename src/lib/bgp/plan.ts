// The BGP plan: which address every Service MetalLB's BGP controller handles gets (controller/service.go
// convergeBalancer and allocateIPs, internal/allocator Assign, AllocateFromPool, Allocate, getFreeIPsFromPool),
// and who advertises it: every (node, peer session) whose speaker sends a route (speaker/bgp_controller.go
// ShouldAnnounce, SetBalancer, publishAds with the module's patch 004 to hasHealthyEndpoint; internal/bgp/native:
// LOCAL_PREF only on iBGP sessions).
//
// Order (documented): Services with a status address first (the controller's restart order), then the rest, each
// group by namespace/name. With two or more auto-assign pools that can serve a Service, MetalLB's choice is not
// determined (it walks a Go map): the plan takes MetalLoadBalancerPools before class pools, each by name, and marks
// the Service orderDependent with the candidates.
import {configurationRejection} from '../allocator/configuration.js';
import {type Family, type IpAddress, Pool, formatIp, parseIp} from '../net/index.js';
import {EXCLUDE_LABEL} from '../allocator/engine.js';
import {anySelectorMatches, labelsMatch} from './labels.js';
import type {BgpService} from './services.js';
import {type SpeakerAdvertisement, type SpeakerConfig, type SpeakerRejection, prefixOf, speakerConfig} from './speaker-config.js';
import type {MetallbBgp, MetallbPeer, MetallbPool} from './types.js';

export interface BgpNode {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly networkUnavailable?: boolean;
}

export interface BgpPlanInput {
  readonly metallb: MetallbBgp;
  /** The classes' pools: the BGP controller reads every IPAddressPool of the namespace, these too. */
  readonly classPools: readonly MetallbPool[];
  readonly nodes: readonly BgpNode[];
  readonly services: readonly BgpService[];
  readonly primaryFamily?: Family;
}

/** One route a speaker sends: the template, before the address's prefix is applied. */
export interface Route {
  readonly node: string;
  readonly session: MetallbPeer;
  readonly advertisement: SpeakerAdvertisement;
}

export interface BgpAddressPlan {
  readonly index: number;
  readonly ip: string;
  /** Routes for this address (shared between addresses with the same pool and endpoints). */
  readonly routes: readonly Route[];
  /** Why nobody advertises it, when nobody does. */
  readonly note?: string;
}

export interface BgpServicePlan {
  readonly namespace: string;
  readonly name: string;
  /** The MetalLB pool (a MetalLoadBalancerPool, or a class's pool) or null. */
  readonly pool: string | null;
  readonly poolIsClass: boolean;
  readonly status: 'assigned' | 'pending';
  readonly reason: string | null;
  readonly metallbReason?: string;
  readonly family: string;
  readonly orderDependent: boolean;
  /** Other pools MetalLB could have taken (order dependence). */
  readonly candidates: readonly string[];
  readonly addresses: readonly BgpAddressPlan[];
}

export interface BgpPlan {
  readonly services: BgpServicePlan[];
  /** The controller refuses the pools: no Service gets a new address. */
  readonly controllerRejection?: {readonly reason: string; readonly metallbMessage: string; readonly hint: string};
  /** The speaker refuses the configuration: addresses are assigned, nobody advertises them. */
  readonly speakerRejection?: SpeakerRejection;
  readonly pools: {readonly name: string; readonly size: bigint; readonly used: bigint; readonly class: boolean}[];
  readonly speaker: SpeakerConfig;
}

interface Holder {
  readonly id: string;
  readonly sharing: string;
  readonly backend: string;
  readonly ports: ReadonlySet<string>;
}

const isBuggy = (a: IpAddress) => a.family === 4 && ((a.value & 0xffn) === 0n || (a.value & 0xffn) === 0xffn);

/** One MetalLB pool's addresses of one family, in pool order, with a cursor to the lowest that may be free. */
class FamilyAddresses {
  cursor = 0n;
  constructor(readonly pool: Pool) {}
}

class PoolState {
  readonly families: Record<Family, FamilyAddresses>;
  readonly all: Pool;
  used = 0n;
  /** Sharing key → held addresses of this pool. */
  readonly shared = new Map<string, IpAddress[]>();
  constructor(readonly def: MetallbPool) {
    this.all = Pool.parseAll(def.addresses).pool;
    const of = (f: Family) => new FamilyAddresses(new Pool(this.all.entries.filter((e) => e.range.family === f)));
    this.families = {4: of(4), 6: of(6)};
  }
  contains(a: IpAddress): boolean {
    return !(this.def.avoidBuggyIPs && isBuggy(a)) && this.all.contains(a);
  }
}

const q = JSON.stringify;
const goList = (items: readonly string[]) => `[${items.map((i) => q(i)).join(' ')}]`;

class Allocator {
  /** Holders of each address, by family and value: no address text is made while scanning a pool. */
  private readonly holders: Record<Family, Map<bigint, Holder[]>> = {4: new Map(), 6: new Map()};
  constructor(readonly pools: readonly PoolState[]) {}

  poolFor(ips: readonly IpAddress[]): PoolState | undefined {
    return this.pools.find((p) => ips.every((ip) => p.contains(ip)));
  }

  /** checkSharing + sharingOK: the error MetalLB gives when `holder` may not use `ip`, or undefined. */
  refusal(ip: IpAddress, holder: Holder): string | undefined {
    const existing = this.holders[ip.family].get(ip.value);
    if (!existing || existing.length === 0) return undefined;
    const first = existing[0]!;
    const others = existing.filter((h) => h.id !== holder.id);
    let incompatible: string | undefined;
    if (first.sharing === '') incompatible = 'existing service does not allow sharing';
    else if (holder.sharing === '') incompatible = 'new service does not allow sharing';
    else if (first.sharing !== holder.sharing) incompatible = `sharing key ${q(holder.sharing)} does not match existing sharing key ${q(first.sharing)}`;
    else if (first.backend !== holder.backend) incompatible = `backend key ${q(holder.backend)} does not match existing sharing key ${q(first.backend)}`;
    if (incompatible && others.length > 0) return `can't change sharing key for ${q(holder.id)}, address also in use by ${others.map((o) => o.id).join(',')}`;
    for (const port of holder.ports) if (others.some((o) => o.ports.has(port))) return `port ${port} is already in use on ${q(formatIp(ip))}`;
    return undefined;
  }

  take(pool: PoolState, ips: readonly IpAddress[], holder: Holder): void {
    for (const ip of ips) {
      const list = this.holders[ip.family].get(ip.value);
      if (list) list.push(holder);
      else {
        this.holders[ip.family].set(ip.value, [holder]);
        pool.used++;
        if (holder.sharing !== '') {
          const held = pool.shared.get(holder.sharing) ?? [];
          held.push(ip);
          pool.shared.set(holder.sharing, held);
        }
      }
    }
  }

  /** getIPFromCIDR over the pool's addresses of one family: the first one `holder` may use. */
  firstUsable(pool: PoolState, family: Family, holder: Holder): IpAddress | undefined {
    const fam = pool.families[family];
    const held = this.holders[family];
    let best: IpAddress | undefined;
    let bestPos: bigint | undefined;
    // The first address nobody holds (a cursor: addresses below it are all held or skipped).
    for (let pos = fam.cursor; pos < fam.pool.size; pos++) {
      const a = fam.pool.nth(pos)!;
      if (pool.def.avoidBuggyIPs && isBuggy(a)) continue;
      if (held.has(a.value)) {
        if (pos === fam.cursor) fam.cursor = pos + 1n;
        continue;
      }
      best = a;
      bestPos = pos;
      break;
    }
    // A held address comes first when it is lower and the holder may share it.
    if (holder.sharing !== '') {
      for (const a of pool.shared.get(holder.sharing) ?? []) {
        if (a.family !== family) continue;
        const pos = fam.pool.indexOf(a)!;
        if ((bestPos === undefined || pos < bestPos) && this.refusal(a, holder) === undefined) {
          best = a;
          bestPos = pos;
        }
      }
    }
    return best;
  }
}

function serviceFamilies(s: BgpService, primary: Family): {families: readonly Family[]; label: string} {
  const families = s.families ?? [primary];
  const label = families.length === 2 ? 'DualStack' : `IPv${families[0]}`;
  return {families, label};
}

/** getDesiredLbIPs (patched): the addresses asked for, or MetalLB's error. */
function desiredIps(s: BgpService): {ips: IpAddress[]} | {error: string} {
  if (s.annotationIps && s.loadBalancerIP) return {error: 'service can not have both metallb.io/loadBalancerIPs and svc.Spec.LoadBalancerIP'};
  if (!s.requested) return {ips: []};
  const ips: IpAddress[] = [];
  for (const part of s.annotationIps ? s.requested.split(',') : [s.requested]) {
    const ip = parseIp(part.trim());
    if (!ip) return {error: s.annotationIps ? `invalid metallb.io/loadBalancerIPs: ${q(s.requested)}` : `invalid spec.loadBalancerIP ${q(s.requested)}`};
    ips.push(ip);
  }
  if (ips.length > 2) return {error: `IPFamilyForAddresses: invalid ips length ${ips.length} ${goList(ips.map(formatIp))}`};
  if (ips.length === 2 && ips[0]!.family === ips[1]!.family) return {error: `IPFamilyForAddresses: same address family ${goList(ips.map(formatIp))}`};
  return {ips};
}

export function planBgp(input: BgpPlanInput): BgpPlan {
  const primary = input.primaryFamily ?? 4;
  const defs = [...input.metallb.pools, ...input.classPools];
  const states = defs.map((d) => new PoolState(d));
  const allocator = new Allocator(states);
  const byName = new Map(states.map((s) => [s.def.name, s]));
  // MetalLoadBalancerPools before class pools, each by name: the plan's stand-in for MetalLB's map order.
  const autoPools = states.filter((s) => s.def.autoAssign).sort((a, b) => Number(a.def.l2Class ?? false) - Number(b.def.l2Class ?? false) || (a.def.name < b.def.name ? -1 : 1));
  const controller = configurationRejection(defs.map((d) => ({name: d.name, entries: d.addresses, label: d.l2Class ? 'class' : 'pool'})));
  const speaker = speakerConfig(input.metallb, input.classPools, input.nodes);

  const ordered = [...input.services].sort((a, b) => Number(b.statusIps.length > 0) - Number(a.statusIps.length > 0) || (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // Plain records, built without spreads: this runs for every Service.
  interface Outcome {pool: PoolState | null; reason: string | null; metallbReason: string | undefined; candidates: string[]; ips: IpAddress[]; family: string}
  const results = new Map<BgpService, Outcome>();
  for (const s of ordered) {
    const id = `${s.namespace}/${s.name}`;
    const {families, label} = serviceFamilies(s, primary);
    const holder: Holder = {id, sharing: s.sharingKey, backend: s.backend, ports: new Set(s.ports)};
    const pending = (reason: string, metallb?: string) => results.set(s, {pool: null, reason, metallbReason: metallb, candidates: [], ips: [], family: label});
    const assigned = (pool: PoolState, ips: IpAddress[], candidates: string[] = []) => {
      allocator.take(pool, ips, holder);
      results.set(s, {pool, reason: null, metallbReason: undefined, candidates, ips, family: label});
    };
    if (states.length === 0) {
      pending('no pool exists: the BGP controller has no configuration; create a MetalLoadBalancerPool.');
      continue;
    }
    // convergeBalancer: a status address that is still valid stays.
    const status = s.statusIps.map((t) => parseIp(t)).filter((a): a is IpAddress => a !== undefined);
    const desired = desiredIps(s);
    if (status.length > 0) {
      const pool = allocator.poolFor(status);
      const familyOk = status.length === families.length && status.every((a, i) => a.family === families[i] || families.includes(a.family));
      const refused = pool ? status.map((a) => allocator.refusal(a, holder)).find((r) => r !== undefined) : 'not allowed';
      const poolChanged = s.pool !== undefined && pool !== undefined && pool.def.name !== s.pool;
      const ipsChanged = 'ips' in desired && desired.ips.length > 0 && desired.ips.map(formatIp).sort().join() !== status.map(formatIp).sort().join();
      if (pool && familyOk && !refused && !poolChanged && !ipsChanged) {
        assigned(pool, status);
        continue;
      }
    }
    if (controller) {
      pending(`MetalLB refuses the pools, so no Service gets a new address: ${controller.reason}; ${controller.hint}`, controller.metallbMessage);
      continue;
    }
    if ('error' in desired) {
      pending(`the requested addresses cannot be read: ${desired.error}; fix the annotation.`, desired.error);
      continue;
    }
    if (desired.ips.length > 0) {
      const wanted = desired.ips.length === 2 ? 'DualStack' : `IPv${desired.ips[0]!.family}`;
      const asText = goList(desired.ips.map(formatIp));
      if (wanted !== label) {
        pending(`the requested ${asText} is not of the Service's family (${label}); request an address of its family.`, `requested loadBalancer IP(s) ${asText} does not match the ipFamily of the service`);
        continue;
      }
      const pool = allocator.poolFor(desired.ips);
      if (!pool) {
        pending(`no pool has ${asText}${defs.some((d) => d.avoidBuggyIPs) ? ' (pools with avoidBuggyIPs exclude .0 and .255)' : ''}; request an address of a pool.`, `${asText} is not allowed in config`);
        continue;
      }
      const refused = desired.ips.map((a) => allocator.refusal(a, holder)).find((r) => r !== undefined);
      if (refused) {
        pending(`the requested ${asText} is in use: ${refused}; request another address or share it with the same key.`, refused);
        continue;
      }
      if (s.pool && pool.def.name !== s.pool) {
        pending(`the requested ${asText} is in pool ${pool.def.name}, not in the requested pool ${s.pool}; make them agree.`, `requested loadBalancer IP(s) ${asText} is not compatible with requested address pool ${s.pool}`);
        continue;
      }
      assigned(pool, desired.ips);
      continue;
    }
    const pick = (pool: PoolState): IpAddress[] | undefined => {
      const found = families.map((f) => allocator.firstUsable(pool, f, holder));
      if (families.length === 1) return found[0] ? [found[0]] : undefined;
      if (found[0] && found[1]) return found as IpAddress[];
      if (s.ipFamilyPolicy === 'PreferDualStack') return found[0] ? [found[0]] : found[1] ? [found[1]] : undefined;
      return undefined;
    };
    if (s.pool) {
      const pool = byName.get(s.pool);
      if (!pool) {
        pending(`the requested pool ${s.pool} does not exist; name an existing MetalLoadBalancerPool.`, `unknown pool ${q(s.pool)}`);
        continue;
      }
      const ips = pick(pool);
      if (!ips) {
        pending(`pool ${s.pool} has no free ${label} address for it; free one or add addresses.`, `${goList(['<nil>'])} is not allowed in config`);
        continue;
      }
      assigned(pool, ips);
      continue;
    }
    let chosen: {pool: PoolState; ips: IpAddress[]} | undefined;
    const candidates: string[] = [];
    for (const pool of autoPools) {
      const ips = pick(pool);
      if (!ips) continue;
      if (!chosen) chosen = {pool, ips};
      else candidates.push(pool.def.name);
    }
    if (!chosen) {
      pending(`no auto-assign pool has a free ${label} address; add addresses, or free some.`, 'no available IPs');
      continue;
    }
    assigned(chosen.pool, chosen.ips, candidates);
  }

  const routeCache = new Map<string, Route[]>();
  // Nodes whose speaker may advertise at all (ShouldAnnounce's node checks), in name order, with their sessions.
  const speakerRuns = (n: BgpNode) => !input.metallb.speakerTerms || input.metallb.speakerTerms.some((t) => labelsMatch(t, n.labels));
  const eligible = [...input.nodes].sort((a, b) => (a.name < b.name ? -1 : 1))
    .filter((n) => speakerRuns(n) && !n.networkUnavailable && !Object.hasOwn(n.labels, EXCLUDE_LABEL))
    .map((n) => ({name: n.name, sessions: input.metallb.peers.filter((p) => anySelectorMatches(p.nodeSelectors, n.labels))}));
  const routesFor = (pool: string, s: BgpService): {routes: Route[]; note?: string} => {
    if (speaker.rejection) return {routes: [], note: `the speaker refuses the configuration (${speaker.rejection.reason}), so nobody advertises it`};
    const advs = speaker.advertisements.get(pool) ?? [];
    if (advs.length === 0) return {routes: [], note: `no configuration advertises pool ${pool}`};
    if (s.endpoints && !s.endpoints.serving) return {routes: [], note: 'the Service has no ready endpoint'};
    // externalTrafficPolicy Local: only nodes with a ready endpoint of the Service.
    const local = s.externalTrafficPolicy === 'Local' && s.endpoints !== undefined ? s.endpoints.nodes : undefined;
    const key = local ? `${pool}|${[...local].sort().join(',')}` : `${pool}|*`;
    let routes = routeCache.get(key);
    if (!routes) {
      routes = [];
      for (const node of eligible) {
        if (local && !local.has(node.name)) continue;
        for (const adv of advs) {
          if (!adv.nodes.has(node.name)) continue;
          for (const session of node.sessions) if (adv.peers.size === 0 || adv.peers.has(session.name)) routes.push({node: node.name, session, advertisement: adv});
        }
      }
      routeCache.set(key, routes);
    }
    if (routes.length > 0) return {routes};
    return {routes, note: local ? 'no node with a ready endpoint of the Service runs a session that advertises its pool' : 'no available speaker node runs a session that advertises its pool'};
  };

  const services: BgpServicePlan[] = input.services.map((s) => {
    const r = results.get(s)!;
    const plan: BgpServicePlan = {
      namespace: s.namespace, name: s.name, pool: r.pool ? r.pool.def.name : null, poolIsClass: r.pool?.def.l2Class === true,
      status: r.pool ? 'assigned' : 'pending', reason: r.reason, family: r.family, orderDependent: r.candidates.length > 0, candidates: r.candidates,
      addresses: r.ips.map((ip, index) => {
        const {routes, note} = routesFor(r.pool!.def.name, s);
        return note ? {index, ip: formatIp(ip), routes, note} : {index, ip: formatIp(ip), routes};
      }),
    };
    return r.metallbReason ? {...plan, metallbReason: r.metallbReason} : plan;
  });
  return {
    services,
    ...(controller ? {controllerRejection: {reason: controller.reason, metallbMessage: controller.metallbMessage, hint: controller.hint}} : {}),
    ...(speaker.rejection ? {speakerRejection: speaker.rejection} : {}),
    pools: states.map((p) => ({name: p.def.name, size: p.all.size, used: p.used, class: p.def.l2Class === true})),
    speaker,
  };
}

/** One advertisedBy entry of the JSON: the route with the address's prefix (`prefix`: computed once per length). */
export function advertisedBy(route: Route, prefix: string): {node: string; peer: string; peerAddress: string; prefix: string; communities: readonly string[]; localPref: number | null} {
  const ibgp = route.session.myASN === route.session.peerASN;
  return {
    node: route.node,
    peer: route.session.peer,
    peerAddress: route.session.peerAddress,
    prefix,
    communities: route.advertisement.communities,
    localPref: ibgp ? route.advertisement.localPref : null,
  };
}

/** The address's prefix for each aggregation length, parsed once: an address has hundreds of routes. */
export function prefixesOf(ip: string): (length: number) => string {
  const address = parseIp(ip)!;
  const cache = new Map<number, string>();
  return (length) => {
    let prefix = cache.get(length);
    if (prefix === undefined) cache.set(length, (prefix = prefixOf(address, length)));
    return prefix;
  };
}
