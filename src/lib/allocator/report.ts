// What the ip commands show: the plan as rows and JSON, usage per class, free ranges, and explanations.
import {type IpAddress, type AddressRange, formatIp, formatRange, parseIp, rangeSize} from '../net/index.js';
import {someOf} from '../text/plural.js';
import {sha256Hex} from './ranking.js';
import type {EngineInput} from './engine.js';
import type {AddressPlan, ClassUsage, Competition, Plan, ServicePlan} from './types.js';

export const serviceName = (s: {namespace: string; name: string}) => (s.namespace ? `${s.namespace}/${s.name}` : s.name);

/** The documented JSON of `ip allocate`. */
export function planJson(plan: Plan): unknown {
  return {
    configuration: plan.rejection
      ? {accepted: false, class: plan.rejection.pool, entry: plan.rejection.entry, reason: `${plan.rejection.reason}; ${plan.rejection.hint}`, metallb: plan.rejection.metallbMessage}
      : {accepted: true},
    services: plan.services.map((s) => ({
      namespace: s.namespace, name: s.name, class: s.class, classSource: s.classSource, family: `IPv${s.family}`, status: s.status, reason: s.reason?.message ?? null,
      // What MetalLB's controller logs for the reason, word for word (where it logs one).
      ...(s.reason?.metallb ? {metallbReason: s.reason.metallb} : {}),
      orderDependent: s.orderDependent,
      addresses: s.addresses.map((a) => ({index: a.index, ip: a.ip, preferredNode: a.preferredNode, announcer: a.announcer, ...(a.announcerNote ? {announcerNote: a.announcerNote} : {})})),
      // Only for counts above MAX_PLANNED_ADDRESSES: how many indexes the list leaves out.
      ...(s.unplanned > 0 ? {unplannedAddresses: s.unplanned} : {}),
    })),
    classes: plan.classes.map((c) => ({name: c.name, size: c.size.toString(), used: c.used.toString(), free: (c.size - c.used).toString()})),
  };
}

/**
 * The plan's order-dependent parts in words, one sentence per class and family among the shown Services. MetalLB
 * reconciles each internal object on its own, in event order; the plan uses one documented order.
 */
export function orderNotes(services: readonly ServicePlan[]): string[] {
  const seen = new Set<Competition>();
  const notes: string[] = [];
  for (const s of services) {
    const c = s.competition;
    if (!c || seen.has(c)) continue;
    seen.add(c);
    const who = someOf(c.services);
    notes.push(c.exhausted
      ? `${who} compete for the free IPv${c.family} addresses of class ${c.class}, and there are not enough: which of them stay pending depends on the order MetalLB handles them (this plan: status first, then namespace/name).`
      : `${who} take free IPv${c.family} addresses of class ${c.class}: which address each gets depends on the order MetalLB handles them (this plan: status first, then namespace/name).`);
  }
  return notes;
}

/** The configuration MetalLB refuses, in one sentence, or undefined. */
export function rejectionNote(plan: Plan): string | undefined {
  const r = plan.rejection;
  return r && `MetalLB refuses the whole configuration, so no Service gets a new address (addresses already assigned stay): ${r.reason} (MetalLB: ${r.metallbMessage}); ${r.hint}`;
}

export const ALLOCATE_HEADERS = ['NAMESPACE/NAME', 'CLASS', '#', 'ADDRESS', 'PREFERRED NODE', 'ANNOUNCER', 'STATUS'];

export function addressStatus(a: AddressPlan): string {
  if (a.reason) return `pending: ${a.reason.message}`;
  return a.announcer ? 'assigned' : `assigned, no announcer: ${a.announcerNote ?? 'no node of the class is available'}`;
}

export function planRows(services: readonly ServicePlan[]): string[][] {
  return services.flatMap((s) => s.addresses.map((a) => [serviceName(s), s.class ?? '-', String(a.index), a.ip ?? '-', a.preferredNode ?? '-', a.announcer ?? '-', addressStatus(a)]));
}

export interface DrainMove {
  service: string;
  index: number;
  ip: string;
  from: string | null;
  to: string | null;
}

/** Addresses whose announcer changes between two plans of the same Services (a drain moves announcers only). */
export function drainMoves(before: Plan, after: Plan): DrainMove[] {
  const moves: DrainMove[] = [];
  before.services.forEach((s, i) => {
    const other = after.services[i]!;
    s.addresses.forEach((a, j) => {
      const b = other.addresses[j]!;
      if (a.ip !== null && a.announcer !== b.announcer) moves.push({service: serviceName(s), index: a.index, ip: a.ip, from: a.announcer, to: b.announcer});
    });
  });
  return moves;
}

/** The addresses the plan uses, per class, in one pass over the Services (shared addresses counted once). */
export function usedByClass(plan: Plan): Map<string, IpAddress[]> {
  const used = new Map<string, Map<string, IpAddress>>();
  for (const s of plan.services) {
    if (s.class === null) continue;
    let addresses = used.get(s.class);
    if (!addresses) used.set(s.class, (addresses = new Map()));
    for (const a of s.addresses) if (a.ip !== null && !addresses.has(a.ip)) addresses.set(a.ip, parseIp(a.ip)!);
  }
  return new Map([...used].map(([name, addresses]) => [name, [...addresses.values()]]));
}

/** The addresses the plan uses in one class. */
export function usedAddresses(plan: Plan, className: string): IpAddress[] {
  return usedByClass(plan).get(className) ?? [];
}

export interface UsageRow {
  name: string;
  entries: number;
  size: bigint;
  used: bigint;
  free: bigint;
  /** Percent with one decimal. */
  utilisation: string;
  largestFree: string | null;
}

export function percent(used: bigint, size: bigint): string {
  if (size === 0n) return '0.0';
  return (Number((used * 10000n) / size) / 100).toFixed(1);
}

export function usage(plan: Plan, input: EngineInput): {classes: UsageRow[]; total: Omit<UsageRow, 'name' | 'largestFree' | 'entries'>} {
  const used = usedByClass(plan);
  const classes = new Map(input.classes.map((k) => [k.name, k]));
  const rows = plan.classes.map((c: ClassUsage) => {
    const klass = classes.get(c.name)!;
    const free = klass.pool.freeRanges(used.get(c.name) ?? []);
    const largest = free.reduce<AddressRange | undefined>((best, r) => (!best || rangeSize(r) > rangeSize(best) ? r : best), undefined);
    return {name: c.name, entries: klass.pool.entries.length, size: c.size, used: c.used, free: c.size - c.used, utilisation: percent(c.used, c.size), largestFree: largest ? formatRange(largest) : null};
  });
  const size = rows.reduce((n, r) => n + r.size, 0n);
  const inUse = rows.reduce((n, r) => n + r.used, 0n);
  return {classes: rows, total: {size, used: inUse, free: size - inUse, utilisation: percent(inUse, size)}};
}

/**
 * What the cluster has, beside the plan, when the input is a live cluster: each Service's status addresses (by
 * namespace/name), and the addresses in use per class as the cluster shows them (shared ones once).
 */
export function clusterState(plan: Plan, input: EngineInput): {addresses: Map<string, readonly string[]>; usedByClass: Map<string, bigint>} {
  const addresses = new Map<string, readonly string[]>();
  for (const s of input.services) addresses.set(`${s.namespace}/${s.name}`, s.statusIps ?? []);
  const seen = new Map<string, Set<string>>();
  for (const s of plan.services) {
    if (s.class === null) continue;
    let set = seen.get(s.class);
    if (!set) seen.set(s.class, (set = new Set()));
    for (const ip of addresses.get(`${s.namespace}/${s.name}`) ?? []) set.add(ip);
  }
  return {addresses, usedByClass: new Map([...seen].map(([name, set]) => [name, BigInt(set.size)]))};
}

/** Preferred-node ranking of a class with the hashes, for `ip inspect`. */
export function nodeRanking(className: string, nodes: readonly string[]): {node: string; hash: string}[] {
  return nodes.map((node) => ({node, hash: sha256Hex(`${className}#${node}`)})).sort((a, b) => (a.hash < b.hash ? -1 : 1));
}

