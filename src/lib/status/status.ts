// `d8 metallb status`: collect, then judge. Each read either succeeded or failed on its own ("could not ask" is
// not "unhealthy", and never a silent zero); the judgement turns what was read into sections and problems.
import {plan} from '../allocator/engine.js';
import type {EngineObjects} from '../allocator/from-manifests.js';
import type {KubeObject} from '../cluster/client.js';
import {liveEngineObjects} from '../cluster/live-objects.js';
import {percent} from '../allocator/report.js';
import {asObject, asString, stringMap} from '../manifests/objects.js';
import {type BgpReads, type BgpSection, judgeBgp} from './bgp.js';

export type Read<T> = {ok: true; value: T} | {ok: false; error: string};

export interface StatusReads {
  moduleConfig: Read<KubeObject | undefined>;
  module: Read<KubeObject | undefined>;
  classes: Read<KubeObject[]>;
  nodes: Read<KubeObject[]>;
  services: Read<KubeObject[]>;
  internal: Read<KubeObject[]>;
  pods: Read<KubeObject[]>;
  events: Read<KubeObject[]>;
  /** Who may announce depends on them; unread (absent or failed), the plan assumes ready endpoints. */
  endpointSlices?: Read<KubeObject[]>;
  /** BGP mode's objects and signals (read where the cluster serves them). */
  bgp?: BgpReads;
}

export interface Problem {
  severity: 'error' | 'warning';
  subject: string;
  cause: string;
  fix: string;
}

export interface StatusReport {
  overall: 'OK' | 'WARNING' | 'ERROR';
  module: {enabled: boolean | null; version: number | null; phase: string | null; message: string | null} | {error: string};
  workloads: {name: string; ready: number; total: number}[] | {error: string};
  classes: {name: string; default: boolean; size: string; used: string; free: string; utilisation: string; nodes: number | null}[] | {error: string};
  services: {service: string; class: string | null; requested: number; assigned: number; addresses: {ip: string; node: string | null}[]; status: string}[] | {error: string};
  /** Present when BGP mode is in play (some MetalLoadBalancerPool exists). */
  bgp?: BgpSection;
  problems: Problem[];
}

const WORKLOADS = [{name: 'l2lb-controller', app: 'l2lb-controller'}, {name: 'l2lb-speaker', app: 'l2lb-speaker'}];
const WORKLOAD_ROLE: Record<string, string> = {'l2lb-controller': 'no Service gets an address', 'l2lb-speaker': 'no address is announced'};
const UNSUPPORTED = /^(metallb\.universe\.tf|metallb\.io)\/(address-pool|loadBalancerIPs|allow-shared-ip)$/;

const id = (o: {metadata: {name: string; namespace?: string}}) => (o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name);

function podReady(pod: KubeObject): boolean {
  const conditions = Array.isArray(asObject(pod.status).conditions) ? (asObject(pod.status).conditions as unknown[]) : [];
  return conditions.some((c) => asObject(c).type === 'Ready' && asObject(c).status === 'True');
}

function nodeReady(node: KubeObject): boolean {
  const conditions = Array.isArray(asObject(node.status).conditions) ? (asObject(node.status).conditions as unknown[]) : [];
  const ready = conditions.map(asObject).find((c) => c.type === 'Ready');
  return ready === undefined || ready.status === 'True'; // no condition reported yet: not known to be down
}

export function judge(reads: StatusReads): StatusReport {
  const problems: Problem[] = [];
  const problem = (severity: Problem['severity'], subject: string, cause: string, fix: string) => problems.push({severity, subject, cause, fix});
  const failed = (section: string, read: {ok: false; error: string}) => problem('error', section, `could not read it: ${read.error}`, 'fix access to the cluster (see the error) and run status again.');

  // Module
  let module: StatusReport['module'];
  if (!reads.moduleConfig.ok) {
    module = {error: reads.moduleConfig.error};
    failed('Module', reads.moduleConfig);
  } else {
    const spec = asObject(reads.moduleConfig.value?.spec);
    const moduleStatus = reads.module.ok ? asObject(reads.module.value?.status) : {};
    module = {
      enabled: typeof spec.enabled === 'boolean' ? spec.enabled : null,
      version: typeof spec.version === 'number' ? spec.version : null,
      phase: asString(moduleStatus.phase) ?? null,
      message: asString(moduleStatus.message) ?? null,
    };
    if (!reads.moduleConfig.value || spec.enabled !== true) problem('error', 'Module', 'the metallb module is not enabled, so no Service gets an address', "enable it with 'd8 metallb enable'.");
    else if (module.phase && module.phase !== 'Ready') problem('warning', 'Module', `the module is ${module.phase}${module.message ? `: ${module.message}` : ''}`, 'wait for it to become Ready, or read the message above.');
    if (!reads.module.ok) failed('Module status', reads.module);
  }

  // Workloads
  let workloads: StatusReport['workloads'];
  if (!reads.pods.ok) {
    workloads = {error: reads.pods.error};
    failed('Workloads', reads.pods);
  } else {
    workloads = WORKLOADS.map((w) => {
      const pods = reads.pods.ok ? reads.pods.value.filter((p) => stringMap(asObject(p.metadata).labels).app === w.app) : [];
      return {name: w.name, ready: pods.filter(podReady).length, total: pods.length};
    });
    const enabled = reads.moduleConfig.ok && asObject(reads.moduleConfig.value?.spec).enabled === true;
    const bgpOnly = reads.bgp?.pools.ok === true && reads.bgp.pools.value.length > 0 && reads.classes.ok && reads.classes.value.length === 0;
    for (const w of workloads) {
      if (w.total > 0 && w.ready < w.total) problem(w.ready === 0 ? 'error' : 'warning', `Workload ${w.name}`, `${w.ready} of ${w.total} pods are ready${w.ready === 0 ? `, so ${WORKLOAD_ROLE[w.name]}` : ''}`, `look at the pods: 'd8 k -n d8-metallb get pods -l app=${w.name}'.`);
      // A BGP-only cluster (pools, no class) runs no L2 workloads: the module deploys them for classes only.
      else if (w.total === 0 && enabled && !(bgpOnly)) problem('error', `Workload ${w.name}`, `it has no pod, so ${WORKLOAD_ROLE[w.name]}`, `look at the module and its workloads: 'd8 k get module metallb' and 'd8 k -n d8-metallb get deploy,ds'.`);
    }
  }

  // Classes and Services: the engine on what was read.
  let classes: StatusReport['classes'] = {error: ''};
  let services: StatusReport['services'] = {error: ''};
  let bgp: BgpSection | undefined;
  // Without the Nodes (RBAC) the rest still renders: addresses are judged, nodes shown as unknown.
  const nodesUnknown = !reads.nodes.ok;
  const engineReady = reads.classes.ok && reads.services.ok;
  if (!reads.classes.ok) failed('Classes', reads.classes);
  if (!reads.nodes.ok) problem('warning', 'Nodes', `could not read them: ${reads.nodes.error.replace(/[.;]?\s*$/, '')}; node columns show ?`, 'ask for permission to list nodes, then run status again.');
  if (!reads.services.ok) failed('Services', reads.services);
  if (!engineReady) {
    const error = [reads.classes, reads.services].find((r) => !r.ok) as {ok: false; error: string};
    classes = reads.classes.ok ? {error: `needs the Services too: ${error.error}`} : {error: error.error};
    services = {error: error.error};
  } else {
    const classObjects = (reads.classes as {value: KubeObject[]}).value;
    const nodeObjects = reads.nodes.ok ? reads.nodes.value : [];
    const serviceObjects = (reads.services as {value: KubeObject[]}).value.filter((s) => asObject(s.spec).type === 'LoadBalancer');
    const slices = reads.endpointSlices?.ok ? reads.endpointSlices.value : undefined;
    const objects: EngineObjects = liveEngineObjects(classObjects, nodeObjects, serviceObjects, slices);
    const result = plan({...objects, nodesUnknown});
    // BGP mode: the Services no class takes are the BGP controller's, judged in their own section.
    const noClass = new Set(result.services.filter((p) => p.reason?.code === 'no-class').map((p) => `${p.namespace}/${p.name}`));
    const bgpJudged = reads.bgp && judgeBgp(reads.bgp, {
      classes: classObjects, nodes: nodeObjects, services: serviceObjects, ...(slices ? {slices} : {}),
      ...(reads.moduleConfig.ok && reads.moduleConfig.value ? {moduleConfig: reads.moduleConfig.value} : {}),
      pods: reads.pods.ok ? reads.pods.value : [], podReady, noClass, ...(objects.primaryFamily ? {primaryFamily: objects.primaryFamily} : {}),
    }, problem);
    if (bgpJudged) bgp = bgpJudged.section;
    const l2Services = bgpJudged ? serviceObjects.filter((s) => !noClass.has(`${s.metadata.namespace ?? ''}/${s.metadata.name}`)) : serviceObjects;
    // One lookup table instead of a search per Service (and per class): status runs on thousands of Services.
    const plannedById = new Map(result.services.map((p) => [`${p.namespace}/${p.name}`, p]));
    const plannedOf = (s: KubeObject) => plannedById.get(`${s.metadata.namespace ?? ''}/${s.metadata.name}`)!;
    const usedByClass = new Map<string, number>();
    for (const s of serviceObjects) {
      const klass = plannedOf(s).class;
      if (klass !== null) usedByClass.set(klass, (usedByClass.get(klass) ?? 0) + ingress(s).length);
    }
    classes = result.classes.map((c) => {
      const klass = objects.classes.find((k) => k.name === c.name)!;
      const used = BigInt(usedByClass.get(c.name) ?? 0);
      // Thresholds on exact integers; the shown percentage is the one `ip usage` shows.
      const full = used >= c.size;
      if (c.nodes.length === 0 && !nodesUnknown) problem('warning', `Class ${c.name}`, 'its nodeSelector matches no node, so the module skips its Services', 'label the load-balancer nodes or fix the selector.');
      if (full || used * 10n >= c.size * 9n) problem(full ? 'error' : 'warning', `Class ${c.name}`, `its pool is ${full ? 'exhausted' : 'nearly exhausted'}: ${used} of ${c.size} addresses in use`, `grow the pool: 'd8 metallb ip free ${c.name}' shows what is left.`);
      return {name: c.name, default: klass.isDefault, size: c.size.toString(), used: used.toString(), free: (c.size - used).toString(), utilisation: c.size === 0n ? '100.0' : percent(used, c.size), nodes: nodesUnknown ? null : c.nodes.length};
    });
    const defaults = objects.classes.filter((c) => c.isDefault);
    if (defaults.length > 1) problem('error', 'Classes', `${defaults.length} classes are default (${defaults.map((c) => c.name).join(', ')}); the module uses the last one`, 'set isDefault: false on all but one.');
    // The plan's verdict on the configuration MetalLB loads: the same sentence and MetalLB's own words (what
    // its controller logs), so status and ip allocate never disagree.
    if (result.rejection) {
      const r = result.rejection;
      problem('error', `Class ${r.pool}`, `MetalLB refuses the whole configuration, so no Service gets a new address: ${r.reason} (MetalLB logs: ${r.metallbMessage})`, r.hint);
    }
    const readyNodes = new Map(nodeObjects.map((n) => [n.metadata.name, nodeReady(n)]));
    const events = reads.events.ok ? reads.events.value : [];
    // Events by the object they are about: looked up per address and per Service.
    const eventsOf = new Map<string, Record<string, unknown>[]>();
    for (const event of events.map(asObject)) {
      const about = asObject(event.involvedObject);
      const key = `${String(about.namespace ?? '')}/${String(about.name ?? '')}`;
      const list = eventsOf.get(key);
      if (list) list.push(event);
      else eventsOf.set(key, [event]);
    }
    if (!reads.events.ok) failed('Events', reads.events);
    // Internal objects by namespace and parent Service: looked up per address.
    const internalOf = new Map<string, KubeObject[]>();
    for (const o of reads.internal.ok ? reads.internal.value : []) {
      const key = `${o.metadata.namespace ?? ''}/${stringMap(asObject(o.metadata).labels)['parent-service'] ?? ''}`;
      const list = internalOf.get(key);
      if (list) list.push(o);
      else internalOf.set(key, [o]);
    }
    services = l2Services.map((s) => {
      const planned = plannedOf(s);
      const ips = ingress(s);
      const annotations = stringMap(asObject(s.metadata).annotations);
      for (const key of Object.keys(annotations)) if (UNSUPPORTED.test(key)) problem('warning', `Service ${id(s)}`, `it uses ${key}, which the module does not support (and alerts on)`, "run 'd8 metallb lint' on it for the replacement.");
      const addresses = ips.map((ip, index) => {
        const object = (internalOf.get(`${s.metadata.namespace ?? ''}/${s.metadata.name}`) ?? []).find((o) => o.metadata.name.endsWith(`-${index}`));
        const announced = object ? (eventsOf.get(`${object.metadata.namespace ?? ''}/${object.metadata.name}`) ?? []).find((e) => e.reason === 'nodeAssigned') : undefined;
        const reported = asString(announced?.message)?.match(/announcing from node "([^"]+)"/)?.[1];
        const expected = planned.addresses.find((a) => a.ip === ip)?.announcer;
        const node = reported ?? planned.addresses[index]?.announcer ?? null;
        if (reported && expected && reported !== expected && readyNodes.get(reported) !== false) {
          problem('warning', `Service ${id(s)}`, `${ip} is announced from node ${reported}, but the module's rules pick ${expected}: a stale announcer, or two nodes answering for it (split brain)`, `check which node answers: 'd8 metallb ip inspect ${ip}'; restart the speaker on ${reported} if it is stale.`);
        }
        if (node && readyNodes.get(node) === false) problem('error', `Service ${id(s)}`, `${ip} is announced from node ${node}, which is not Ready`, 'bring the node back or drain it so that another node announces.');
        // The speaker announces nothing for a Service without a serving endpoint (EndpointSlices were read).
        const silent = planned.addresses.find((a) => a.ip === ip)?.announcerNote;
        if (!reported && silent && slices) problem('warning', `Service ${id(s)}`, `${ip} is assigned but not announced: ${silent.replace(/, so no node announces it$/, '')}`, `start its pods or fix its selector; 'd8 k get endpointslices -n ${s.metadata.namespace ?? 'default'} -l kubernetes.io/service-name=${s.metadata.name}' shows what there is.`);
        return {ip, node: reported ?? (silent && slices ? null : node)};
      });
      if (ips.length < planned.count) {
        const failures = Array.from({length: planned.addresses.length}, (_, i) => i).flatMap((i) => {
          // Internal objects are named <service>-<class>-<i> (the spec).
          const list = eventsOf.get(`${s.metadata.namespace ?? ''}/${s.metadata.name}-${planned.class ?? ''}-${i}`) ?? [];
          return list.filter((e) => e.reason === 'AllocationFailed');
        });
        const controller = Array.isArray(workloads) ? workloads.find((w) => w.name === 'l2lb-controller') : undefined;
        const idle = controller !== undefined && controller.ready === 0;
        const plannedIps = planned.addresses.flatMap((a) => a.ip ?? []);
        const cause = failures.length > 0 ? asString(failures[failures.length - 1]!.message)!
          : planned.reason?.message
            ?? (idle ? 'the l2lb-controller has no ready pod, so nothing assigns them'
              : `the module's rules give ${plannedIps.join(', ')}, but the controller has not assigned ${plannedIps.length === 1 ? 'it' : 'them'} yet`);
        const fix = planned.reason ? `see the cause; 'd8 metallb ip inspect ${id(s)}' shows the details.`
          : idle ? "bring the controller up: 'd8 k -n d8-metallb get pods -l app=l2lb-controller'."
            : "wait a moment, or read the controller's log: 'd8 k -n d8-metallb logs -l app=l2lb-controller'.";
        problem('error', `Service ${id(s)}`, `${ips.length} of ${planned.count} addresses assigned: ${cause.replace(/[.;]?\s*$/, '')}`, fix);
      }
      return {service: id(s), class: planned.class, requested: planned.count, assigned: ips.length, addresses, status: ips.length >= planned.count ? 'assigned' : ips.length === 0 ? 'pending' : 'partial'};
    });
  }
  const overall = problems.some((p) => p.severity === 'error') ? 'ERROR' : problems.length > 0 ? 'WARNING' : 'OK';
  return {overall, module, workloads, classes, services, ...(bgp ? {bgp} : {}), problems};
}

function ingress(service: KubeObject): string[] {
  const list = asObject(asObject(service.status).loadBalancer).ingress;
  return Array.isArray(list) ? list.flatMap((i) => asString(asObject(i).ip) ?? []) : [];
}


