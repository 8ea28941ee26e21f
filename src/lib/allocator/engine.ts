// The allocation engine: which class, which addresses and which announcing node every Service gets, or exactly why
// not. It reproduces the module's decisions (../shared/spec/deckhouse-metallb.md, "How the module assigns
// addresses") without I/O.
//
// Order (documented, stable): Services sorted by namespace, then name. First every Service's addresses from
// status.loadBalancer.ingress are kept (as the controller does on restart), then the remaining indexes are filled
// in that order, each Service's indexes from 0. Address choice never enumerates a pool: each class keeps the set of
// used positions and a cursor to the lowest position that may be free (the module scans from the start).
import {MAX_PLANNED_ADDRESSES, backendKey, effectiveCount, internalObjectName, resolveClassName} from '../manifests/service-rules.js';
import {type Family, type IpAddress, Pool, formatIp, parseIp} from '../net/index.js';
import {configurationRejection} from './configuration.js';
import {fallbackAnnouncer, preferredOrder} from './ranking.js';
import type {AddressPlan, ClassSource, ClassUsage, Competition, EngineClass, EngineNode, EngineService, PendingReason, Plan, ServicePlan} from './types.js';

export const EXCLUDE_LABEL = 'node.kubernetes.io/exclude-from-external-load-balancers';

export interface EngineInput {
  readonly classes: readonly EngineClass[];
  readonly nodes: readonly EngineNode[];
  readonly services: readonly EngineService[];
  /** Services planned after all of `services` (what-if additions: they cannot change the others' plan). */
  readonly later?: readonly EngineService[];
  /** Nodes treated as unavailable in addition to what the nodes say (a drain simulation). */
  readonly unavailable?: ReadonlySet<string>;
  /**
   * The Nodes could not be read (RBAC): addresses are planned as if every class selected some node, and no node is
   * named (preferred node and announcer are null).
   */
  readonly nodesUnknown?: boolean;
  /** The family of Services whose manifests give none (no clusterIP, clusterIPs or ipFamilies): the cluster's primary. */
  readonly primaryFamily?: Family;
}

/**
 * A Service as MetalLB's allocator sees each of its internal objects (one per address index): one object per
 * Service, not per address, and the internal object's key is made only when a message names it.
 */
interface Holder {
  readonly service: EngineService;
  readonly id: string;
  /** Never null for a holder: only Services with a class hold addresses. */
  readonly className: string | null;
  readonly sharingKey: string | undefined;
  readonly backend: string;
  readonly ports: ReadonlySet<string>;
  /** The Service's addresses as planned so far (to find which index holds an address). */
  readonly addresses: readonly (AddressPlan | undefined)[];
}

/** Why an internal object may not use an address: MetalLB's sharing rules, and the holder in the way. */
interface Refusal {
  readonly rule: 'taken' | 'port-collision' | 'selector-mismatch';
  readonly with: Holder;
}

/** MetalLB's key of an internal object: namespace/<service>-<class>-<index>. */
function objectKey(holder: Holder, index: number): string {
  return `${holder.service.namespace}/${internalObjectName(holder.service.name, holder.className!, index)}`;
}

const NO_PORTS: ReadonlySet<string> = new Set();
const NO_REQUESTS: readonly string[] = [];

const serviceId = (s: {namespace: string; name: string}) => (s.namespace ? `${s.namespace}/${s.name}` : s.name);

/**
 * Positions are pool-order indexes. They are plain numbers while the pool is small enough (every IPv4 pool), BigInt
 * only for larger (IPv6) pools: a BigInt is a heap object, and 300,000 of them are most of a plan's garbage.
 */
type Position = number | bigint;

/**
 * The addresses of one family in a class, in pool order. MetalLB allocates per family: an IPv4 Service takes the
 * first free IPv4 address, skipping IPv6 entries, and the other way round (allocator.go getFreeIPsFromPool).
 */
class FamilyPool {
  /** Position → its holder, or its holders when shared. */
  private readonly holders = new Map<Position, Holder | Holder[]>();
  /** Positions held by each sharing key, ascending. */
  readonly shared = new Map<string, Position[]>();
  private cursor: Position;
  private readonly size: Position;

  constructor(readonly pool: Pool) {
    const small = pool.size <= BigInt(Number.MAX_SAFE_INTEGER);
    this.size = small ? Number(pool.size) : pool.size;
    this.cursor = small ? 0 : 0n;
  }

  get used(): number {
    return this.holders.size;
  }

  positionOf(address: IpAddress): Position | undefined {
    const position = this.pool.indexOf(address);
    return position === undefined ? undefined : typeof this.size === 'number' ? Number(position) : position;
  }

  address(position: Position): IpAddress {
    return this.pool.nth(BigInt(position))!;
  }

  /** The address at `position` as text (the pool formats IPv4 from plain numbers). */
  ipText(position: Position): string {
    return this.pool.nthText(position)!;
  }

  isHeld(position: Position): boolean {
    return this.holders.has(position);
  }

  firstFree(): Position | undefined {
    if (typeof this.cursor === 'number') {
      let cursor = this.cursor;
      while (cursor < (this.size as number) && this.holders.has(cursor)) cursor++;
      this.cursor = cursor;
    } else {
      while (this.cursor < this.size && this.holders.has(this.cursor)) this.cursor = (this.cursor as bigint) + 1n;
    }
    return this.cursor < this.size ? this.cursor : undefined;
  }

  take(position: Position, holder: Holder): void {
    const existing = this.holders.get(position);
    if (existing === undefined) this.holders.set(position, holder);
    else if (Array.isArray(existing)) existing.push(holder);
    else this.holders.set(position, [existing, holder]);
    if (holder.sharingKey !== undefined && existing === undefined) {
      const positions = this.shared.get(holder.sharingKey) ?? [];
      let i = positions.length;
      while (i > 0 && positions[i - 1]! > position) i--;
      positions.splice(i, 0, position);
      this.shared.set(holder.sharingKey, positions);
    }
  }

  /**
   * Why `holder` may not join the holders of `position`, or undefined when it may (or the position is free):
   * MetalLB's checkSharing and sharingOK. Allocation-free: it runs for every shared candidate.
   */
  refusal(position: Position, holder: Holder): Refusal | undefined {
    const existing = this.holders.get(position);
    if (existing === undefined) return undefined;
    if (!Array.isArray(existing)) return refusalBy(existing, holder);
    for (const other of existing) {
      const refused = refusalBy(other, holder);
      if (refused) return refused;
    }
    return undefined;
  }

  /** What MetalLB's allocator says when `holder`'s internal object `index` is refused (checkSharing), word for word. */
  refusalMessage(position: Position, holder: Holder, index: number, refusal: Refusal): string {
    const ip = this.ipText(position);
    if (refusal.rule === 'port-collision') {
      const port = [...holder.ports].find((p) => this.holdersAt(position).some((o) => o.ports.has(p)));
      return `port ${port} is already in use on ${JSON.stringify(ip)}`;
    }
    const others = this.holdersAt(position).filter((o) => o !== holder).map((o) => objectKey(o, o.addresses.findIndex((a) => a?.ip === ip)));
    return `can't change sharing key for ${JSON.stringify(objectKey(holder, index))}, address also in use by ${others.join(',')}`;
  }

  private holdersAt(position: Position): Holder[] {
    const existing = this.holders.get(position);
    return existing === undefined ? [] : Array.isArray(existing) ? existing : [existing];
  }
}

function refusalBy(other: Holder, holder: Holder): Refusal | undefined {
  if (other.service === holder.service || holder.sharingKey === undefined || other.sharingKey !== holder.sharingKey) return {rule: 'taken', with: other};
  if (other.backend !== holder.backend) return {rule: 'selector-mismatch', with: other};
  for (const port of holder.ports) if (other.ports.has(port)) return {rule: 'port-collision', with: other};
  return undefined;
}

/** A class's addresses, one FamilyPool per family (in pool order within each). */
class ClassState {
  readonly families: Record<Family, FamilyPool>;

  constructor(readonly klass: EngineClass) {
    const of = (family: Family) => new FamilyPool(new Pool(klass.pool.entries.filter((e) => e.range.family === family)));
    this.families = {4: of(4), 6: of(6)};
  }

  get used(): bigint {
    return BigInt(this.families[4].used + this.families[6].used);
  }
}

const q = JSON.stringify;

/** Where a Service's family comes from, for messages. */
function familyReason(service: EngineService): string {
  return service.family !== undefined ? "its clusterIP's family, which the module copies" : "the cluster's primary family: its manifest gives no clusterIP, clusterIPs or ipFamilies";
}

/** The hook's view of load-balancer-ips: split at commas, untrimmed; an empty entry renders no annotation. */
function desiredEntries(annotation: string | undefined, planned: number): readonly (string | undefined)[] {
  if (annotation === undefined) return NO_REQUESTS;
  return annotation.split(',', planned).map((entry) => (entry === '' ? undefined : entry));
}

export function plan(input: EngineInput): Plan {
  const classes = new Map<string, ClassState>();
  for (const c of input.classes) if (!classes.has(c.name)) classes.set(c.name, new ClassState(c));
  const defaults = input.classes.filter((c) => c.isDefault);
  const defaultClass = defaults[defaults.length - 1]?.name;
  const primaryFamily: Family = input.primaryFamily ?? 4;
  const classExists = (className: string) => classes.has(className);
  const rejection = configurationRejection([...classes.values()].map((c) => ({name: c.klass.name, entries: c.klass.addressPool ?? c.klass.pool.entries.map((e) => e.text)})));

  const unavailable = (node: EngineNode) => node.networkUnavailable === true || EXCLUDE_LABEL in node.labels || (input.unavailable?.has(node.name) ?? false);
  const nodesOf = new Map<string, {ordered: string[]; available: string[]; availableSet: Set<string>}>();
  const classNodes = (klass: EngineClass) => {
    let entry = nodesOf.get(klass.name);
    if (!entry) {
      const selector = Object.entries(klass.nodeSelector ?? {});
      const matching = input.nodes.filter((n) => selector.every(([k, v]) => n.labels[k] === v));
      const available = matching.filter((n) => !unavailable(n)).map((n) => n.name);
      entry = {ordered: preferredOrder(klass.name, matching.map((n) => n.name)), available, availableSet: new Set(available)};
      nodesOf.set(klass.name, entry);
    }
    return entry;
  };

  // By namespace, then name; Array#sort is stable, so Services with the same namespace and name keep their input
  // order. Namespaces are few: sorting each namespace's names apart compares one field, and fewer times, than one
  // sort of every Service on both fields (or of composite key strings, which are built, flattened and parsed back).
  const byName = (a: EngineService, b: EngineService) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const sorted = (list: readonly EngineService[]) => {
    const byNamespace = new Map<string, EngineService[]>();
    for (const service of list) {
      const group = byNamespace.get(service.namespace);
      if (group === undefined) byNamespace.set(service.namespace, [service]);
      else group.push(service);
    }
    const result: EngineService[] = [];
    for (const namespace of [...byNamespace.keys()].sort()) for (const service of byNamespace.get(namespace)!.sort(byName)) result.push(service);
    return result;
  };
  const ordered = [...sorted(input.services), ...sorted(input.later ?? [])];

  /** A Service being planned; it is its own Holder (one object per Service, not two). */
  interface Work extends Holder {
    service: EngineService;
    id: string;
    family: Family;
    className: string | null;
    classSource: ClassSource | null;
    count: number;
    blocked: PendingReason | undefined;
    state: ClassState | undefined;
    pool: FamilyPool | undefined;
    holder: Holder | undefined;
    addresses: (AddressPlan | undefined)[];
    requested: readonly (string | undefined)[];
  }

  // Plain assignments, no spreads or destructuring: this runs once per Service, 100,000 times in the benchmark.
  const works: Work[] = ordered.map((service) => {
    const count = effectiveCount(service.countAnnotation);
    const planned = Math.min(count, MAX_PLANNED_ADDRESSES);
    let name: string | undefined;
    let source: ClassSource | null = null;
    let blocked: PendingReason | undefined;
    if (service.boundClass !== undefined) {
      if (classes.has(service.boundClass)) {
        name = service.boundClass;
        source = 'binding';
      } else {
        blocked = {code: 'bound-class-deleted', class: service.boundClass, message: `the class ${q(service.boundClass)} this Service is bound to (its network.deckhouse.io/load-balancer-class condition) does not exist, so the module skips it; recreate the class or recreate the Service.`};
      }
    } else {
      const resolved = resolveClassName(service, classExists, defaultClass);
      name = resolved.name;
      source = resolved.source === 'none' ? null : resolved.source;
      if (name === undefined) {
        const named = service.specClass ?? service.annotationClass;
        blocked = {code: 'no-class', message: named === undefined ? 'the Service names no class and there is no default class; set spec.loadBalancerClass or make a class the default.' : `class ${named} does not exist and there is no default class; create it or fix the name.`};
      }
    }
    const state = name === undefined ? undefined : classes.get(name);
    if (state && !blocked && !input.nodesUnknown && classNodes(state.klass).ordered.length === 0) {
      blocked = {code: 'no-nodes', class: state.klass.name, message: `no node matches the nodeSelector of class ${state.klass.name}, so the module skips this Service; label the load-balancer nodes or fix the selector.`};
    }
    const family = service.family ?? primaryFamily;
    const addresses = new Array<AddressPlan | undefined>(planned).fill(undefined);
    const backend = backendKey(service.externalTrafficPolicy, service.selector);
    // Ports matter only for sharing: Services without a key never share.
    const ports = service.sharingKey === undefined ? NO_PORTS : new Set(service.ports.map((p) => `${p.protocol}/${p.port}`));
    const id = serviceId(service);
    const work: Work = {
      service,
      id,
      family,
      className: state ? state.klass.name : null,
      classSource: state ? source : null,
      count,
      blocked,
      state: blocked ? undefined : state,
      pool: blocked || !state ? undefined : state.families[family],
      holder: undefined,
      sharingKey: service.sharingKey,
      backend,
      ports,
      addresses,
      requested: desiredEntries(service.requestedIps, planned),
    };
    if (state) work.holder = work;
    return work;
  });

  const nodeFor = (work: Work, index: number) => {
    const nodes = classNodes(work.state!.klass);
    return nodes.ordered.length === 0 ? null : nodes.ordered[index % nodes.ordered.length]!;
  };

  const assign = (work: Work, index: number, pool: FamilyPool, position: Position, source: AddressPlan['source']) => {
    pool.take(position, work.holder!);
    const nodes = classNodes(work.state!.klass);
    const ip = pool.ipText(position);
    if (nodes.ordered.length === 0) {
      work.addresses[index] = {index, ip, source, preferredNode: null, announcer: null}; // nodesUnknown
      return;
    }
    const preferred = nodes.ordered[index % nodes.ordered.length]!;
    const endpoints = work.service.endpoints;
    if (endpoints === undefined || (endpoints.serving && work.service.externalTrafficPolicy !== 'Local')) {
      const announcer = nodes.availableSet.has(preferred) ? preferred : fallbackAnnouncer(nodes.available, ip);
      work.addresses[index] = announcer === null
        ? {index, ip, source, preferredNode: preferred, announcer, announcerNote: 'no node of the class is available'}
        : {index, ip, source, preferredNode: preferred, announcer};
      return;
    }
    // The speaker's ShouldAnnounce: nobody announces without a serving endpoint; with externalTrafficPolicy Local
    // only nodes that have one may; then the preferred node (the module's patch) if it may, else the lowest
    // sha256(node#ip) among those that may.
    if (!endpoints.serving) {
      work.addresses[index] = {index, ip, source, preferredNode: preferred, announcer: null, announcerNote: 'the Service has no ready endpoint, so no node announces it'};
      return;
    }
    // Endpoints are on few nodes: looking each up among the available ones beats a Set of them per address.
    const may = endpoints.nodes.filter((n) => nodes.availableSet.has(n));
    const announcer = may.includes(preferred) ? preferred : fallbackAnnouncer(may, ip);
    work.addresses[index] = announcer === null
      ? {index, ip, source, preferredNode: preferred, announcer, announcerNote: 'externalTrafficPolicy is Local and no available node of the class has a ready endpoint, so no node announces it'}
      : {index, ip, source, preferredNode: preferred, announcer};
  };

  /** Pending with the module's internal object in place: it still names a preferred node (the hook sets one for every index). */
  const pending = (work: Work, index: number, reason: PendingReason): AddressPlan =>
    ({index, ip: null, preferredNode: work.state ? nodeFor(work, index) : null, announcer: null, reason});

  // 1. Addresses the Services already have (status) are kept first, as the controller does on restart, unless
  // MetalLB would release them (controller/service.go convergeBalancer): of the wrong family, outside the class's
  // pool, refused by sharing, or not the address load-balancer-ips now asks for at that index.
  for (const work of works) {
    const statusIps = work.service.statusIps;
    if (!work.pool || statusIps === undefined) continue;
    const pool = work.pool;
    const kept = Math.min(statusIps.length, work.addresses.length);
    for (let index = 0; index < kept; index++) {
      const address = parseIp(statusIps[index]!);
      if (!address || address.family !== work.family) continue;
      const desired = work.requested[index];
      if (desired !== undefined) {
        const wanted = parseIp(desired.trim());
        if (!wanted || formatIp(wanted) !== formatIp(address)) continue;
      }
      const position = pool.positionOf(address);
      if (position === undefined || pool.refusal(position, work.holder!)) continue;
      assign(work, index, pool, position, 'status');
    }
  }

  // 2. The rest, in order.
  for (const work of works) {
    if (!work.pool) {
      work.addresses = work.addresses.map((_, i) => pending(work, i, work.blocked!));
      continue;
    }
    const pool = work.pool;
    const klass = work.state!.klass;
    for (let index = 0; index < work.addresses.length; index++) {
      if (work.addresses[index]) continue;
      if (rejection) {
        work.addresses[index] = pending(work, index, {
          code: 'config-rejected', pool: rejection.pool, entry: rejection.entry, metallb: rejection.metallbMessage,
          message: `MetalLB refuses the whole configuration (${rejection.reason}), so no Service gets a new address; ${rejection.hint}`,
        });
        continue;
      }
      const desired = work.requested[index];
      if (desired !== undefined) {
        work.addresses[index] = requestedAddress(work, index, pool, klass, desired) ?? work.addresses[index];
        continue;
      }
      // First address in pool order that is free, or held by compatible Services with the same sharing key.
      const holder = work.holder!;
      let candidate = pool.firstFree();
      let source: AddressPlan['source'] = 'first-free';
      if (holder.sharingKey !== undefined) {
        for (const position of pool.shared.get(holder.sharingKey) ?? []) {
          if (candidate !== undefined && position > candidate) break;
          if (!pool.refusal(position, holder)) {
            candidate = position;
            source = 'shared';
            break;
          }
        }
      }
      if (candidate === undefined) {
        // MetalLB then asks to assign a nil address (selectIPsForFamilyAndPolicy) and Assign refuses it.
        const metallb = '["<nil>"] is not allowed in config';
        const family = `IPv${work.family}`;
        const whyFamily = familyReason(work.service);
        work.addresses[index] = pool.pool.size === 0n
          ? pending(work, index, {code: 'no-family-in-pool', class: klass.name, family, metallb, message: `class ${klass.name} has no ${family} addresses and this Service is ${family} (${whyFamily}), so it stays pending; add ${family} addresses to the class or use a class that has them.`})
          : pending(work, index, {
            code: 'pool-exhausted', requested: work.count, size: pool.pool.size.toString(), used: pool.used.toString(), family, metallb,
            message: work.state!.families[work.family === 4 ? 6 : 4].pool.size === 0n
              ? `the pool of class ${klass.name} is exhausted: all ${pool.pool.size} addresses are in use and this Service asks for ${work.count}; grow the pool or free addresses.`
              : `the ${family} addresses of class ${klass.name} are exhausted: all ${pool.pool.size} are in use and this Service asks for ${work.count} (an ${family} Service takes only ${family} addresses); grow the pool or free addresses.`,
          });
        continue;
      }
      assign(work, index, pool, candidate, source);
    }
  }

  /** A requested address (controller/service.go allocateIPs with getDesiredLbIPs, which trims the entry). */
  function requestedAddress(work: Work, index: number, pool: FamilyPool, klass: EngineClass, desired: string): AddressPlan | undefined {
    const address = parseIp(desired.trim());
    if (!address) {
      return pending(work, index, {code: 'requested-invalid', text: desired, metallb: `invalid metallb.io/loadBalancerIPs: ${q(desired)}`, message: `requested address ${q(desired)} (load-balancer-ips entry ${index + 1}) is not an IP address; fix the annotation.`});
    }
    const ip = formatIp(address);
    if (address.family !== work.family) {
      return pending(work, index, {code: 'requested-wrong-family', ip, metallb: `requested loadBalancer IP(s) ${q([ip])} does not match the ipFamily of the service`, message: `requested address ${ip} is IPv${address.family} but this Service is IPv${work.family} (${familyReason(work.service)}); request an IPv${work.family} address.`});
    }
    const position = pool.positionOf(address);
    if (position === undefined) {
      const owner = [...classes.values()].find((c) => c.families[address.family].positionOf(address) !== undefined);
      return owner
        ? pending(work, index, {code: 'requested-outside-pool', ip, class: owner.klass.name, metallb: `requested loadBalancer IP(s) ${q([ip])} is not compatible with requested address pool ${klass.name}`, message: `requested address ${ip} is in the pool of class ${owner.klass.name}, not of class ${klass.name}; request an address from the Service's own class.`})
        : pending(work, index, {code: 'requested-outside-pool', ip, metallb: `${q([ip])} is not allowed in config`, message: `requested address ${ip} is not in the pool of class ${klass.name}; request an address from the pool.`});
    }
    const holder = work.holder!;
    const refusal = pool.refusal(position, holder);
    if (refusal?.rule === 'taken') {
      return pending(work, index, {code: 'requested-taken', ip, holder: refusal.with.id, metallb: pool.refusalMessage(position, holder, index, refusal), message: `requested address ${ip} is held by ${refusal.with.id} without a common sharing key; request another address or share a key.`});
    }
    if (refusal) {
      const why = refusal.rule === 'port-collision' ? 'they use the same protocol and port' : 'with externalTrafficPolicy Local both must be Local with the same selector';
      return pending(work, index, {code: 'sharing-refused', ip, holder: refusal.with.id, rule: refusal.rule, metallb: pool.refusalMessage(position, holder, index, refusal), message: `requested address ${ip} is shared with ${refusal.with.id}, but ${why}; fix the ports or selectors, or use another key.`});
    }
    assign(work, index, pool, position, pool.isHeld(position) ? 'shared' : 'requested');
    return undefined;
  }

  // 3. What depends on processing order (MetalLB reconciles each internal object on its own, in event order): the
  // Services of a class and family that take first free addresses compete for them, and when the free addresses
  // run out, which of them stays pending is decided by that order too.
  // One competition object per class and family, shared by its Services (100,000 Services may compete): a first
  // pass counts the competitors per pool, a second hands the shared object to each (no per-Service map).
  const competes = (work: Work): boolean => {
    if (!work.pool) return false;
    for (const a of work.addresses) if (a?.source === 'first-free' || a?.reason?.code === 'pool-exhausted') return true;
    return false;
  };
  const counts = new Map<FamilyPool, number>();
  for (const work of works) if (competes(work)) counts.set(work.pool!, (counts.get(work.pool!) ?? 0) + 1);
  const competitions = new Map<FamilyPool, Competition>();
  const competitionOf = (work: Work): Competition | null => {
    if ((counts.get(work.pool!) ?? 0) < 2 || !competes(work)) return null;
    let competition = competitions.get(work.pool!);
    if (!competition) competitions.set(work.pool!, (competition = {class: work.className!, family: work.family, services: [], exhausted: false}));
    (competition.services as string[]).push(work.id);
    if (work.addresses.some((a) => a?.reason?.code === 'pool-exhausted')) (competition as {exhausted: boolean}).exhausted = true;
    return competition;
  };

  const services: ServicePlan[] = works.map((work) => {
    const addresses = work.addresses as AddressPlan[];
    let assigned = 0;
    for (const a of addresses) if (a.ip !== null) assigned++;
    const unplanned = work.count - addresses.length;
    const reason = addresses.find((a) => a.reason)?.reason ?? (unplanned > 0 ? {
      code: 'count-over-limit', requested: work.count, limit: MAX_PLANNED_ADDRESSES,
      message: `this Service asks for ${work.count} addresses; the module would create one object per address, and the tool plans only the first ${MAX_PLANNED_ADDRESSES}; lower the count.`,
    } as const : null);
    const competition = work.pool ? competitionOf(work) : null;
    return {
      namespace: work.service.namespace, name: work.service.name, class: work.className, classSource: work.classSource, count: work.count, unplanned,
      family: work.family,
      orderDependent: competition !== null,
      competition,
      status: assigned === work.count ? 'assigned' : assigned === 0 ? 'pending' : 'partial',
      reason,
      addresses,
    };
  });
  const usage: ClassUsage[] = [...classes.values()].map((s) => ({name: s.klass.name, size: s.klass.pool.size, used: s.used, nodes: classNodes(s.klass).ordered}));
  return {services, classes: usage, ...(rejection ? {rejection} : {})};
}

