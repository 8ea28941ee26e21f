// What the ip commands show of the BGP plan: JSON entries beside the L2 ones, table rows, and notes.
import {someOf} from '../text/plural.js';
import type {BgpWorld} from './input.js';
import {type BgpPlan, type BgpServicePlan, advertisedBy, prefixesOf} from './plan.js';

const id = (s: {namespace: string; name: string}) => (s.namespace ? `${s.namespace}/${s.name}` : s.name);

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
export function bgpNotes(plan: BgpPlan): {warnings: string[]; infos: string[]} {
  const warnings: string[] = [];
  const infos: string[] = [];
  if (plan.controllerRejection) warnings.push(`MetalLB's BGP controller refuses the pools, so no Service gets a new address (addresses already assigned stay): ${plan.controllerRejection.reason} (MetalLB: ${plan.controllerRejection.metallbMessage}); ${plan.controllerRejection.hint}`);
  if (plan.speakerRejection) warnings.push(`MetalLB's speaker refuses the configuration, so addresses are assigned but nobody advertises them (alert D8MetallbConfigNotLoaded): ${plan.speakerRejection.reason} (MetalLB: ${plan.speakerRejection.metallbMessage}); ${plan.speakerRejection.hint}`);
  const undetermined = plan.services.filter((s) => s.orderDependent);
  if (undetermined.length > 0) infos.push(`${someOf(undetermined.map(id))} could take addresses from more than one auto-assign pool: MetalLB's choice is not determined (this plan: MetalLoadBalancerPools before classes, by name); name a pool with network.deckhouse.io/load-balancer-pool to fix it.`);
  const fromClass = plan.services.filter((s) => s.poolIsClass);
  if (fromClass.length > 0) warnings.push(`${someOf(fromClass.map(id))} get${fromClass.length === 1 ? 's' : ''} an address from a MetalLoadBalancerClass's pool, which the BGP controller also reads: no speaker advertises it and the L2 controller does not know it is taken; give the Service a class or a pool annotation.`);
  return {warnings, infos};
}
