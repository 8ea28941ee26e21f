// The BGP part of `d8 metallb status`: the BGP controller and speakers, whether MetalLB loaded the configuration
// (the module's alerts, and the plan's own verdict), which nodes advertise each BGP Service to which peers (the plan,
// and MetalLB's ServiceBGPStatus objects, which record what a speaker intends, not what a router accepted), and the
// sessions' state where the speakers' metrics can be read.
import type {KubeObject} from '../cluster/client.js';
import {liveDocuments} from '../cluster/live-objects.js';
import type {BgpWorld} from '../bgp/input.js';
import {bgpWorld} from '../bgp/input.js';
import {type BgpPlan, planBgp} from '../bgp/plan.js';
import {addressRoutes} from '../bgp/report.js';
import {asObject, asString, stringMap} from '../manifests/objects.js';
import type {Family} from '../net/index.js';
import type {Problem, Read} from './status.js';

export interface BgpReads {
  pools: Read<KubeObject[]>;
  peers: Read<KubeObject[]>;
  configurations: Read<KubeObject[]>;
  /** ClusterAlert objects (deckhouse.io), when the cluster serves them. */
  alerts: Read<KubeObject[]>;
  /** MetalLB's ServiceBGPStatus objects (metallb.io/v1beta1). */
  serviceStatuses: Read<KubeObject[]>;
  /** Each ready speaker's /metrics through the pod proxy. */
  metrics: {pod: string; node: string; text: Read<string>}[];
}

export interface BgpSection {
  workloads: {name: string; ready: number; total: number}[];
  configuration: {controller: string; speaker: string; alerts: string[]};
  services: {service: string; pool: string | null; addresses: {ip: string; advertisedBy: {node: string; peer: string}[]; reported: {node: string; peers: string[]}[] | null}[]; status: string}[];
  sessions: {node: string; pod: string; peer: string; up: boolean}[] | {error: string};
}

const CONFIG_ALERT = /^D8Metal[lL][bB](ConfigNotLoaded|ConfigStale|BGPSessionDown)$/;
const id = (s: {namespace: string; name: string}) => `${s.namespace}/${s.name}`;

/** Prometheus text: metallb_bgp_session_up{peer="ADDRESS:PORT"} VALUE. */
export function sessionsOf(text: string): {peer: string; up: boolean}[] {
  return [...text.matchAll(/^metallb_bgp_session_up\{[^}]*peer="([^"]+)"[^}]*\}\s+([0-9.e+-]+)/gm)].map((m) => ({peer: m[1]!, up: Number(m[2]) === 1}));
}

export function judgeBgp(reads: BgpReads, base: {classes: KubeObject[]; nodes: KubeObject[]; services: KubeObject[]; slices?: KubeObject[]; moduleConfig?: KubeObject; pods: KubeObject[]; podReady: (p: KubeObject) => boolean; noClass: ReadonlySet<string>; primaryFamily?: Family}, problem: (severity: Problem['severity'], subject: string, cause: string, fix: string) => void): {section: BgpSection; world: BgpWorld; plan: BgpPlan} | undefined {
  if (!reads.pools.ok || reads.pools.value.length === 0) return undefined;
  const documents = liveDocuments({
    classes: base.classes, nodes: base.nodes, services: base.services, ...(base.slices ? {slices: base.slices} : {}),
    pools: reads.pools.value, peers: reads.peers.ok ? reads.peers.value : [], configurations: reads.configurations.ok ? reads.configurations.value : [],
    ...(base.moduleConfig ? {moduleConfig: base.moduleConfig} : {}),
  });
  const world = bgpWorld(documents, {l2Handles: (ns, name) => !base.noClass.has(`${ns}/${name}`), ...(base.primaryFamily ? {primaryFamily: base.primaryFamily} : {}), endpointSlicesRead: base.slices !== undefined});
  if (!world) return undefined;
  const plan = planBgp(world.input);
  for (const [what, read] of [['MetalLoadBalancerBGPPeers', reads.peers], ['MetalLoadBalancerConfigurations', reads.configurations]] as const) {
    if (!read.ok) problem('error', 'BGP', `could not read the ${what}: ${read.error.replace(/[.;]?\s*$/, '')}`, 'fix access to the cluster (see the error) and run status again.');
  }

  const workloads = (['controller', 'speaker'] as const).map((app) => {
    const pods = base.pods.filter((p) => stringMap(asObject(p.metadata).labels).app === app);
    return {name: app, ready: pods.filter(base.podReady).length, total: pods.length};
  });
  for (const w of workloads) {
    const role = w.name === 'controller' ? 'no BGP Service gets an address' : 'nothing is advertised';
    if (w.total === 0) problem('error', `Workload ${w.name}`, `it has no pod, so ${role}`, "look at the module and its workloads: 'd8 k -n d8-metallb get deploy,ds'.");
    else if (w.ready < w.total) problem(w.ready === 0 ? 'error' : 'warning', `Workload ${w.name}`, `${w.ready} of ${w.total} pods are ready${w.ready === 0 ? `, so ${role}` : ''}`, `look at the pods: 'd8 k -n d8-metallb get pods -l app=${w.name}'.`);
  }

  const firing = (reads.alerts.ok ? reads.alerts.value : []).filter((a) => CONFIG_ALERT.test(asString(asObject(a.alert).name) ?? '') && asString(asObject(a.status).alertStatus) !== 'resolved').map((a) => asString(asObject(a.alert).name)!);
  for (const name of new Set(firing)) {
    const sessionDown = /BGPSessionDown$/.test(name);
    problem(sessionDown ? 'warning' : 'error', 'BGP', `the alert ${name} is firing${sessionDown ? ': a speaker\'s BGP session is down' : ': MetalLB runs without the latest configuration'}`, sessionDown ? "read the speakers' logs: 'd8 k -n d8-metallb logs daemonset/speaker -c speaker'." : "read the controller's and the speakers' logs ('d8 k -n d8-metallb logs deploy/controller -c controller'), and run 'd8 metallb lint' on the BGP objects.");
  }
  if (plan.controllerRejection) problem('error', 'BGP', `MetalLB's BGP controller refuses the pools, so no Service gets a new address: ${plan.controllerRejection.reason} (MetalLB logs: ${plan.controllerRejection.metallbMessage})`, plan.controllerRejection.hint);
  if (plan.speakerRejection) problem('error', 'BGP', `MetalLB's speaker refuses the configuration, so nothing is advertised: ${plan.speakerRejection.reason} (MetalLB logs: ${plan.speakerRejection.metallbMessage.replace(/\n/g, '; ')})`, plan.speakerRejection.hint);
  const configuration = {
    controller: plan.controllerRejection ? `refused: ${plan.controllerRejection.metallbMessage}` : 'accepted',
    speaker: plan.speakerRejection ? `refused: ${plan.speakerRejection.metallbMessage.replace(/\n/g, '; ')}` : 'accepted',
    alerts: reads.alerts.ok ? [...new Set(firing)] : [`could not read ClusterAlerts: ${reads.alerts.error.replace(/[.;]?\s*$/, '')}`],
  };

  // ServiceBGPStatus: one per (Service, node), its peers the MetalLB peer names (derived: <peer>-<configuration>…).
  const derived = new Map(world.input.metallb.peers.map((p) => [p.name, p.peer]));
  const reported = new Map<string, {node: string; peers: string[]}[]>();
  for (const o of reads.serviceStatuses.ok ? reads.serviceStatuses.value : []) {
    const st = asObject(o.status);
    const key = `${asString(st.serviceNamespace) ?? ''}/${asString(st.serviceName) ?? ''}`;
    const peers = (Array.isArray(st.peers) ? st.peers : []).map((p) => derived.get(String(p)) ?? String(p));
    const list = reported.get(key) ?? [];
    list.push({node: asString(st.node) ?? '', peers: [...new Set(peers)].sort()});
    reported.set(key, list);
  }
  const statusIps = new Map(base.services.map((s) => [`${s.metadata.namespace ?? ''}/${s.metadata.name}`, (Array.isArray(asObject(asObject(s.status).loadBalancer).ingress) ? (asObject(asObject(s.status).loadBalancer).ingress as unknown[]) : []).map((i) => asString(asObject(i).ip) ?? '')]));
  const services = plan.services.map((s) => {
    const actual = statusIps.get(id(s)) ?? [];
    const intents = reads.serviceStatuses.ok ? reported.get(id(s)) ?? [] : null;
    const addresses = s.addresses.map((a) => {
      const routes = addressRoutes(a);
      const advertisedBy = [...new Map(routes.map((r) => [`${r.node}|${r.peer}`, {node: r.node, peer: r.peer}])).values()];
      if (actual.includes(a.ip) && advertisedBy.length === 0 && a.note) problem('warning', `Service ${id(s)}`, `${a.ip} is assigned but not advertised: ${a.note}`, `'d8 metallb ip allocate -o json' shows the plan; 'd8 metallb lint' on the BGP objects finds configuration mistakes.`);
      if (intents !== null && actual.includes(a.ip)) {
        for (const node of new Set(advertisedBy.map((r) => r.node))) {
          if (!intents.some((i) => i.node === node)) problem('warning', `Service ${id(s)}`, `the module's rules have node ${node} advertise ${a.ip}, but MetalLB's speaker there reports no advertisement (no ServiceBGPStatus)`, `read that node's speaker log: 'd8 k -n d8-metallb logs -l app=speaker --field-selector spec.nodeName=${node}' (or check its sessions below).`);
        }
      }
      return {ip: a.ip, advertisedBy, reported: intents};
    });
    if (s.status === 'pending' && actual.length === 0) problem('error', `Service ${id(s)}`, `it has no address: ${s.reason}`, `'d8 metallb ip inspect ${id(s)}' shows the details.`);
    else if (actual.length === 0 && s.status === 'assigned') problem('warning', `Service ${id(s)}`, `the module's rules give ${s.addresses.map((a) => a.ip).join(', ')}, but the BGP controller has not assigned ${s.addresses.length === 1 ? 'it' : 'them'} yet`, "wait a moment, or read the controller's log: 'd8 k -n d8-metallb logs deploy/controller -c controller'.");
    return {service: id(s), pool: s.pool, addresses, status: actual.length > 0 ? 'assigned' : 'pending'};
  });

  let sessions: BgpSection['sessions'];
  const unreadable = reads.metrics.filter((m) => !m.text.ok);
  if (reads.metrics.length === 0) sessions = {error: 'no ready speaker pod to ask'};
  else if (unreadable.length === reads.metrics.length) sessions = {error: `the speakers' metrics could not be read through the API server's pod proxy (${(unreadable[0]!.text as {error: string}).error.replace(/[.;]?\s*$/, '')}); it needs permission to get pods/proxy in d8-metallb`};
  else {
    sessions = reads.metrics.flatMap((m) => (m.text.ok ? sessionsOf(m.text.value).map((x) => ({node: m.node, pod: m.pod, ...x})) : []));
    for (const x of sessions) if (!x.up) problem('warning', `Node ${x.node}`, `its BGP session to ${x.peer} is down, so it advertises nothing to that router`, "check the router's side (address, ASN, password) and the speaker's log: 'd8 k -n d8-metallb logs daemonset/speaker -c speaker'.");
  }
  return {section: {workloads, configuration, services, sessions}, world, plan};
}
