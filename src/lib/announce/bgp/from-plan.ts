// What one node announces over BGP by the module's rules: its peer sessions (the rendered BGPPeers whose node
// selectors match it) and, per session, the routes of every Service address the BGP plan has it advertise to that
// session — prefix (aggregation), communities and LOCAL_PREF as the plan computes them.
import type {BgpPlan} from '../../bgp/plan.js';
import {prefixesOf} from '../../bgp/plan.js';
import type {BgpWorld} from '../../bgp/input.js';
import {holdTimeSeconds} from '../../manifests/module-config/validate.js';
import {parseIp} from '../../net/index.js';
import {UserError} from '../../errors.js';
import type {Route} from './session.js';
import {ipv4Prefix} from './messages.js';
import type {PeerSpec} from './speaker.js';

export interface NodeAnnouncements {
  readonly peers: {readonly spec: PeerSpec; readonly name: string; readonly routes: Route[]}[];
  readonly addresses: string[];
}

export function nodeAnnouncements(plan: BgpPlan, world: BgpWorld, node: string): NodeAnnouncements {
  const known = world.input.nodes.map((n) => n.name);
  if (!known.includes(node)) throw new UserError(`--node ${JSON.stringify(node)}: no such node in the manifests; the nodes are ${known.sort().join(', ') || 'none (add Node objects)'}.`);
  const sessions = new Map<string, {spec: PeerSpec; name: string; routes: Map<string, Route>}>();
  const addresses = new Set<string>();
  for (const service of plan.services) {
    for (const address of service.addresses) {
      const prefix = prefixesOf(address.ip);
      for (const route of address.routes) {
        if (route.node !== node) continue;
        const peer = route.session;
        let session = sessions.get(peer.name);
        if (!session) {
          if (peer.passwordSecret) throw new UserError(`peer ${peer.peer} has a password Secret, and announce --bgp cannot sign sessions (TCP MD5) yet; test with a router that takes the session without one.`);
          const hold = peer.holdTime === undefined ? 90 : Math.trunc(holdTimeSeconds(peer.holdTime) ?? 90);
          session = {name: peer.peer, routes: new Map(), spec: {
            peerAddress: peer.peerAddress, peerAsn: peer.peerASN, localAsn: peer.myASN, holdTime: hold, peerPort: peer.peerPort ?? 179,
            ...(peer.sourceAddress ? {sourceAddress: peer.sourceAddress} : {}), ...(peer.routerID ? {routerId: peer.routerID} : {}),
          }};
          sessions.set(peer.name, session);
        }
        const p = prefix(route.advertisement.aggregationLength);
        // A session keeps one route per prefix (native Set): the first advertisement's, as the plan's JSON shows.
        if (!session.routes.has(p)) session.routes.set(p, {prefix: ipv4Prefix(parseIp(address.ip)!.value, route.advertisement.aggregationLength), communities: route.advertisement.communityValues, localPref: route.advertisement.localPref});
        addresses.add(address.ip);
      }
    }
  }
  return {peers: [...sessions.values()].map((s) => ({spec: s.spec, name: s.name, routes: [...s.routes.values()]})), addresses: [...addresses]};
}
