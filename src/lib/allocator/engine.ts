// The allocation engine: which class, which addresses and which announcing node every Service gets, or exactly why
// not. It reproduces the module's decisions (../shared/spec/deckhouse-metallb.md, "How the module assigns
// addresses") without I/O.
//
// Order (documented, stable): Services sorted by namespace, then name. First every Service's addresses from
// status.loadBalancer.ingress are kept (as the controller does on restart), then the remaining indexes are filled
// in that order, each Service's indexes from 0. Address choice never enumerates a pool: each class keeps the set of
// used positions and a cursor to the lowest position that may be free (the module scans from the start).
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
}

interface Holder {
  readonly service: EngineService;
  readonly id: string;
  readonly sharingKey?: string;
  readonly backend: string;
  readonly ports: ReadonlySet<string>;
}

/** Go's strconv.Atoi, then the module's rule: only a count above 1 counts, anything else means 1. */
export function effectiveCount(annotation: string | undefined): number {
  if (annotation === undefined || !/^[+-]?[0-9]+$/.test(annotation)) return 1;
  const n = Number(annotation);
  return Number.isSafeInteger(n) && n > 1 ? n : 1;
}

/** MetalLB's backend key: with externalTrafficPolicy Local, the pod selector; otherwise nothing. */
function backendKey(service: EngineService): string {
  if (service.externalTrafficPolicy !== 'Local') return '';
  const selector = service.selector ?? {};
  return Object.keys(selector).sort().map((k) => `${k}=${selector[k]}`).join(',');
}

const serviceId = (s: {namespace: string; name: string}) => (s.namespace ? `${s.namespace}/${s.name}` : s.name);

class ClassState {
  readonly holders = new Map<bigint, Holder[]>();
  /** Positions held by each sharing key, ascending. */
  readonly shared = new Map<string, bigint[]>();
  private cursor = 0n;

  constructor(readonly klass: EngineClass) {}

  get used(): bigint {
    return BigInt(this.holders.size);
  }

  firstFree(): bigint | undefined {
    while (this.cursor < this.klass.pool.size && this.holders.has(this.cursor)) this.cursor++;
    return this.cursor < this.klass.pool.size ? this.cursor : undefined;
  }

  take(position: bigint, holder: Holder): void {
    const list = this.holders.get(position);
    if (list) list.push(holder);
    else this.holders.set(position, [holder]);
    if (holder.sharingKey !== undefined && !list) {
      const positions = this.shared.get(holder.sharingKey) ?? [];
      let i = positions.length;
      while (i > 0 && positions[i - 1]! > position) i--;
      positions.splice(i, 0, position);
      this.shared.set(holder.sharingKey, positions);
    }
  }

  /** Why `holder` may not join the holders of `position`, or undefined when it may (or the position is free). */
  refusal(position: bigint, holder: Holder): {rule: 'taken' | 'port-collision' | 'selector-mismatch'; with: Holder} | undefined {
    for (const other of this.holders.get(position) ?? []) {
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

  const byName = (a: EngineService, b: EngineService) => (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const ordered = [...[...input.services].sort(byName), ...[...(input.later ?? [])].sort(byName)];

  interface Work {
    service: EngineService;
    plan: {class: string | null; classSource: ClassSource | null; count: number; blocked?: PendingReason};
    state?: ClassState;
    holder?: Holder;
    addresses: (AddressPlan | undefined)[];
    requested: (string | undefined)[];
  }

  const works: Work[] = ordered.map((service) => {
    const count = effectiveCount(service.countAnnotation);
    const requested = service.requestedIps === undefined ? [] : service.requestedIps.split(',').slice(0, count);
    let name: string | undefined;
    let source: ClassSource | null = null;
    let blocked: PendingReason | undefined;
    if (service.boundClass !== undefined) {
      if (classes.has(service.boundClass)) [name, source] = [service.boundClass, 'binding'];
      else blocked = {code: 'bound-class-deleted', class: service.boundClass, message: `the class ${service.boundClass} this Service is bound to (condition LoadBalancerClassBound) no longer exists, so the module skips it; recreate the class or recreate the Service.`};
    } else {
      if (defaultClass !== undefined) [name, source] = [defaultClass, 'default'];
      if (service.annotationClass !== undefined && classes.has(service.annotationClass)) [name, source] = [service.annotationClass, 'annotation'];
      if (service.specClass !== undefined && classes.has(service.specClass)) [name, source] = [service.specClass, 'spec'];
      if (name === undefined) {
        const named = service.specClass ?? service.annotationClass;
        blocked = {code: 'no-class', message: named === undefined ? 'the Service names no class and there is no default class; set spec.loadBalancerClass or make a class the default.' : `class ${named} does not exist and there is no default class; create it or fix the name.`};
      }
    }
    const state = name === undefined ? undefined : classes.get(name);
    if (state && !blocked && classNodes(state.klass).ordered.length === 0) {
      blocked = {code: 'no-nodes', class: state.klass.name, message: `no node matches the nodeSelector of class ${state.klass.name}, so the module skips this Service; label the load-balancer nodes or fix the selector.`};
    }
    const id = serviceId(service);
    const holder: Holder = {
      service, id, backend: backendKey(service),
      ports: new Set(service.ports.map((p) => `${p.protocol}/${p.port}`)),
      ...(service.sharingKey === undefined ? {} : {sharingKey: service.sharingKey}),
    };
    return {
      service, plan: {class: state?.klass.name ?? null, classSource: state ? source : null, count, ...(blocked ? {blocked} : {})},
      ...(state && !blocked ? {state} : {}), holder, addresses: Array<AddressPlan | undefined>(count).fill(undefined), requested,
    };
  });

  const assign = (work: Work, index: number, position: bigint, source: AddressPlan['source']) => {
    const state = work.state!;
    state.take(position, work.holder!);
    const address = state.klass.pool.nth(position)!;
    work.addresses[index] = announce(work, index, address, source);
  };

  const announce = (work: Work, index: number, address: IpAddress, source: AddressPlan['source']): AddressPlan => {
    const nodes = classNodes(work.state!.klass);
    const ip = formatIp(address);
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
      const position = address ? work.state!.klass.pool.indexOf(address) : undefined;
      if (position === undefined || work.state!.refusal(position, work.holder!)) return;
      assign(work, index, position, 'status');
    });
  }

  // 2. The rest, in order.
  for (const work of works) {
    if (!work.state) {
      work.addresses = work.addresses.map((_, i) => pending(i, work.plan.blocked!));
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
        const position = state.klass.pool.indexOf(address);
        if (position === undefined) {
          work.addresses[index] = pending(index, {code: 'requested-outside-pool', ip, message: `requested address ${ip} is not in the pool of class ${state.klass.name}; request an address from the pool.`});
          continue;
        }
        const refusal = state.refusal(position, work.holder!);
        if (refusal?.rule === 'taken') {
          work.addresses[index] = pending(index, {code: 'requested-taken', ip, holder: refusal.with.id, message: `requested address ${ip} is held by ${refusal.with.id} without a common sharing key; request another address or share a key.`});
        } else if (refusal) {
          const why = refusal.rule === 'port-collision' ? 'they use the same protocol and port' : 'with externalTrafficPolicy Local both must be Local with the same selector';
          work.addresses[index] = pending(index, {code: 'sharing-refused', ip, holder: refusal.with.id, rule: refusal.rule, message: `requested address ${ip} is shared with ${refusal.with.id}, but ${why}; fix the ports or selectors, or use another key.`});
        } else {
          assign(work, index, position, state.holders.has(position) ? 'shared' : 'requested');
        }
        continue;
      }
      // First address in pool order that is free, or held by compatible Services with the same sharing key.
      let candidate = state.firstFree();
      let source: AddressPlan['source'] = 'first-free';
      if (work.holder!.sharingKey !== undefined) {
        for (const position of state.shared.get(work.holder!.sharingKey) ?? []) {
          if (candidate !== undefined && position > candidate) break;
          if (!state.refusal(position, work.holder!)) {
            candidate = position;
            source = 'shared';
            break;
          }
        }
      }
      if (candidate === undefined) {
        work.addresses[index] = pending(index, {
          code: 'pool-exhausted', requested: work.addresses.length, size: state.klass.pool.size.toString(), used: state.used.toString(),
          message: `the pool of class ${state.klass.name} is exhausted: all ${state.klass.pool.size} addresses are in use and this Service asks for ${work.addresses.length}; grow the pool or free addresses.`,
        });
        continue;
      }
      assign(work, index, candidate, source);
    }
  }

  const services: ServicePlan[] = works.map((work) => {
    const addresses = work.addresses as AddressPlan[];
    const assigned = addresses.filter((a) => a.ip !== null).length;
    return {
      namespace: work.service.namespace, name: work.service.name, class: work.plan.class, classSource: work.plan.classSource, count: work.plan.count,
      status: assigned === addresses.length ? 'assigned' : assigned === 0 ? 'pending' : 'partial',
      reason: addresses.find((a) => a.reason)?.reason ?? null,
      addresses,
    };
  });
  const usage: ClassUsage[] = [...classes.values()].map((s) => ({name: s.klass.name, size: s.klass.pool.size, used: s.used, nodes: classNodes(s.klass).ordered}));
  return {services, classes: usage};
}
