// The allocation engine: which class, which addresses and which announcing node every Service gets, or exactly why
// not. It reproduces the module's decisions (../shared/spec/deckhouse-metallb.md, "How the module assigns
// addresses") without I/O.
//
// Order (documented, stable): Services sorted by namespace, then name. First every Service's addresses from
// status.loadBalancer.ingress are kept (as the controller does on restart), then the remaining indexes are filled
// in that order, each Service's indexes from 0. Address choice never enumerates a pool: each class keeps the set of
// used positions and a cursor to the lowest position that may be free (the module scans from the start).
import {MAX_PLANNED_ADDRESSES, backendKey, effectiveCount, resolveClassName} from '../manifests/service-rules.js';
import {type IpAddress, formatIp, parseIp} from '../net/index.js';
import {fallbackAnnouncer, preferredOrder} from './ranking.js';
import type {AddressPlan, ClassSource, ClassUsage, EngineClass, EngineNode, EngineService, PendingReason, Plan, ServicePlan} from './types.js';

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
}

interface Holder {
  readonly service: EngineService;
  readonly id: string;
  readonly sharingKey: string | undefined;
  readonly backend: string;
  readonly ports: ReadonlySet<string>;
}


const NO_PORTS: ReadonlySet<string> = new Set();
const NO_REQUESTS: readonly string[] = [];

const serviceId = (s: {namespace: string; name: string}) => (s.namespace ? `${s.namespace}/${s.name}` : s.name);

/**
 * Positions are pool-order indexes. They are plain numbers while the pool is small enough (every IPv4 pool), BigInt
 * only for larger (IPv6) pools: a BigInt is a heap object, and 300,000 of them are most of a plan's garbage.
 */
type Position = number | bigint;

class ClassState {
  /** Position → its holder, or its holders when shared. */
  private readonly holders = new Map<Position, Holder | Holder[]>();
  /** Positions held by each sharing key, ascending. */
  readonly shared = new Map<string, Position[]>();
  private cursor: Position;
  private readonly size: Position;

  constructor(readonly klass: EngineClass) {
    const small = klass.pool.size <= BigInt(Number.MAX_SAFE_INTEGER);
    this.size = small ? Number(klass.pool.size) : klass.pool.size;
    this.cursor = small ? 0 : 0n;
  }

  get used(): bigint {
    return BigInt(this.holders.size);
  }

  /** The position of an address in this pool, in this class's position type. */
  positionOf(address: IpAddress): Position | undefined {
    const position = this.klass.pool.indexOf(address);
    return position === undefined ? undefined : typeof this.size === 'number' ? Number(position) : position;
  }

  address(position: Position): IpAddress {
    return this.klass.pool.nth(BigInt(position))!;
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

  /** Why `holder` may not join the holders of `position`, or undefined when it may (or the position is free). */
  refusal(position: Position, holder: Holder): {rule: 'taken' | 'port-collision' | 'selector-mismatch'; with: Holder} | undefined {
    const existing = this.holders.get(position);
    if (existing === undefined) return undefined;
    for (const other of Array.isArray(existing) ? existing : [existing]) {
      if (other.service === holder.service || holder.sharingKey === undefined || other.sharingKey !== holder.sharingKey) return {rule: 'taken', with: other};
      if (other.backend !== holder.backend) return {rule: 'selector-mismatch', with: other};
      for (const port of holder.ports) if (other.ports.has(port)) return {rule: 'port-collision', with: other};
    }
    return undefined;
  }
}

export function plan(input: EngineInput): Plan {
  const classes = new Map<string, ClassState>();
  for (const c of input.classes) if (!classes.has(c.name)) classes.set(c.name, new ClassState(c));
  const defaults = input.classes.filter((c) => c.isDefault);
  const defaultClass = defaults[defaults.length - 1]?.name;

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

  // Array#sort without a comparator compares strings natively: several times faster than a JS comparator at
  // 100,000 Services. The key ends with the position so that each sorted key leads back to its Service.
  const sorted = (list: readonly EngineService[]) => list
    .map((service, i) => `${service.namespace}\u0000${service.name}\u0000${i}`)
    .sort()
    .map((key) => list[Number(key.slice(key.lastIndexOf('\u0000') + 1))]!);
  const ordered = [...sorted(input.services), ...sorted(input.later ?? [])];

  interface Work {
    service: EngineService;
    className: string | null;
    classSource: ClassSource | null;
    count: number;
    blocked: PendingReason | undefined;
    state: ClassState | undefined;
    holder: Holder;
    addresses: (AddressPlan | undefined)[];
    requested: readonly (string | undefined)[];
  }

  // Plain assignments, no spreads or destructuring: this runs once per Service, 100,000 times in the benchmark.
  const works: Work[] = ordered.map((service) => {
    const count = effectiveCount(service.countAnnotation);
    const planned = Math.min(count, MAX_PLANNED_ADDRESSES);
    const requested = service.requestedIps === undefined ? NO_REQUESTS : service.requestedIps.split(',', planned);
    let name: string | undefined;
    let source: ClassSource | null = null;
    let blocked: PendingReason | undefined;
    if (service.boundClass !== undefined) {
      if (classes.has(service.boundClass)) {
        name = service.boundClass;
        source = 'binding';
      } else {
        blocked = {code: 'bound-class-deleted', class: service.boundClass, message: `the class ${service.boundClass} this Service is bound to (condition LoadBalancerClassBound) no longer exists, so the module skips it; recreate the class or recreate the Service.`};
      }
    } else {
      const resolved = resolveClassName(service, (className) => classes.has(className), defaultClass);
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
    const holder: Holder = {
      service,
      id: serviceId(service),
      sharingKey: service.sharingKey,
      backend: backendKey(service.externalTrafficPolicy, service.selector),
      // Ports matter only for sharing: Services without a key never share.
      ports: service.sharingKey === undefined ? NO_PORTS : new Set(service.ports.map((p) => `${p.protocol}/${p.port}`)),
    };
    return {
      service,
      className: state ? state.klass.name : null,
      classSource: state ? source : null,
      count,
      blocked,
      state: blocked ? undefined : state,
      holder,
      addresses: new Array<AddressPlan | undefined>(planned).fill(undefined),
      requested,
    };
  });

  const assign = (work: Work, index: number, position: Position, source: AddressPlan['source']) => {
    const state = work.state!;
    state.take(position, work.holder);
    work.addresses[index] = announce(work, index, state.address(position), source);
  };

  const announce = (work: Work, index: number, address: IpAddress, source: AddressPlan['source']): AddressPlan => {
    const nodes = classNodes(work.state!.klass);
    const ip = formatIp(address);
    if (nodes.ordered.length === 0) return {index, ip, source, preferredNode: null, announcer: null}; // nodesUnknown
    const preferred = nodes.ordered[index % nodes.ordered.length]!;
    const announcer = nodes.availableSet.has(preferred) ? preferred : fallbackAnnouncer(nodes.available, ip);
    return {index, ip, source, preferredNode: preferred, announcer};
  };

  const pending = (index: number, reason: PendingReason): AddressPlan => ({index, ip: null, preferredNode: null, announcer: null, reason});

  // 1. Addresses the Services already have (status) are kept first.
  for (const work of works) {
    if (!work.state) continue;
    (work.service.statusIps ?? []).slice(0, work.addresses.length).forEach((text, index) => {
      const address = parseIp(text);
      const position = address ? work.state!.positionOf(address) : undefined;
      if (position === undefined || work.state!.refusal(position, work.holder)) return;
      assign(work, index, position, 'status');
    });
  }

  // 2. The rest, in order.
  for (const work of works) {
    if (!work.state) {
      work.addresses = work.addresses.map((_, i) => pending(i, work.blocked!));
      continue;
    }
    const state = work.state;
    for (let index = 0; index < work.addresses.length; index++) {
      if (work.addresses[index]) continue;
      const text = work.requested[index];
      if (text !== undefined) {
        const address = parseIp(text);
        if (!address) {
          work.addresses[index] = pending(index, {code: 'requested-invalid', text, message: `requested address ${JSON.stringify(text)} (load-balancer-ips entry ${index + 1}) is not an IP address${text !== text.trim() ? ' (the module does not trim spaces)' : ''}; fix the annotation.`});
          continue;
        }
        const ip = formatIp(address);
        const position = state.positionOf(address);
        if (position === undefined) {
          work.addresses[index] = pending(index, {code: 'requested-outside-pool', ip, message: `requested address ${ip} is not in the pool of class ${state.klass.name}; request an address from the pool.`});
          continue;
        }
        const refusal = state.refusal(position, work.holder);
        if (refusal?.rule === 'taken') {
          work.addresses[index] = pending(index, {code: 'requested-taken', ip, holder: refusal.with.id, message: `requested address ${ip} is held by ${refusal.with.id} without a common sharing key; request another address or share a key.`});
        } else if (refusal) {
          const why = refusal.rule === 'port-collision' ? 'they use the same protocol and port' : 'with externalTrafficPolicy Local both must be Local with the same selector';
          work.addresses[index] = pending(index, {code: 'sharing-refused', ip, holder: refusal.with.id, rule: refusal.rule, message: `requested address ${ip} is shared with ${refusal.with.id}, but ${why}; fix the ports or selectors, or use another key.`});
        } else {
          assign(work, index, position, state.isHeld(position) ? 'shared' : 'requested');
        }
        continue;
      }
      // First address in pool order that is free, or held by compatible Services with the same sharing key.
      let candidate = state.firstFree();
      let source: AddressPlan['source'] = 'first-free';
      if (work.holder.sharingKey !== undefined) {
        for (const position of state.shared.get(work.holder.sharingKey) ?? []) {
          if (candidate !== undefined && position > candidate) break;
          if (!state.refusal(position, work.holder)) {
            candidate = position;
            source = 'shared';
            break;
          }
        }
      }
      if (candidate === undefined) {
        work.addresses[index] = pending(index, {
          code: 'pool-exhausted', requested: work.count, size: state.klass.pool.size.toString(), used: state.used.toString(),
          message: `the pool of class ${state.klass.name} is exhausted: all ${state.klass.pool.size} addresses are in use and this Service asks for ${work.count}; grow the pool or free addresses.`,
        });
        continue;
      }
      assign(work, index, candidate, source);
    }
  }

  const services: ServicePlan[] = works.map((work) => {
    const addresses = work.addresses as AddressPlan[];
    const assigned = addresses.filter((a) => a.ip !== null).length;
    const unplanned = work.count - addresses.length;
    const reason = addresses.find((a) => a.reason)?.reason ?? (unplanned > 0 ? {
      code: 'count-over-limit', requested: work.count, limit: MAX_PLANNED_ADDRESSES,
      message: `this Service asks for ${work.count} addresses; the module would create one object per address, and the tool plans only the first ${MAX_PLANNED_ADDRESSES}; lower the count.`,
    } as const : null);
    return {
      namespace: work.service.namespace, name: work.service.name, class: work.className, classSource: work.classSource, count: work.count, unplanned,
      status: assigned === work.count ? 'assigned' : assigned === 0 ? 'pending' : 'partial',
      reason,
      addresses,
    };
  });
  const usage: ClassUsage[] = [...classes.values()].map((s) => ({name: s.klass.name, size: s.klass.pool.size, used: s.used, nodes: classNodes(s.klass).ordered}));
  return {services, classes: usage};
}
