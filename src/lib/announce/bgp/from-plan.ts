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
  /** What differs from what the user may expect, in words (a password Secret the module does not copy). */
  readonly warnings: string[];
}

/** The password of a copied Secret's source (the module copies it as bgp-pwd-<namespace>-<name>), or why not. */
export type PasswordOf = (source: {readonly namespace: string; readonly name: string}) => {password: string} | {problem: string};

export function nodeAnnouncements(plan: BgpPlan, world: BgpWorld, node: string, passwordOf: PasswordOf): NodeAnnouncements {
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
          let password: string | undefined;
          if (peer.passwordSecret) {
            // The rendered peer names the module's copy; its source Secret in the manifests holds the password.
            const copy = world.input.metallb.secrets.find((s) => s.name === peer.passwordSecret)!;
            const read = passwordOf(copy.source);
            if ('problem' in read) throw new UserError(`peer ${peer.peer} signs its session (TCP MD5) with a password, but ${read.problem}`);
            password = read.password;
          }
          const hold = peer.holdTime === undefined ? 90 : Math.trunc(holdTimeSeconds(peer.holdTime) ?? 90);
          session = {name: peer.peer, routes: new Map(), spec: {
            peerAddress: peer.peerAddress, peerAsn: peer.peerASN, localAsn: peer.myASN, holdTime: hold, peerPort: peer.peerPort ?? 179,
            ...(peer.sourceAddress ? {sourceAddress: peer.sourceAddress} : {}), ...(peer.routerID ? {routerId: peer.routerID} : {}),
            ...(password !== undefined ? {password} : {}),
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
  const warnings: string[] = [];
  for (const skip of world.input.metallb.skipped) {
    if (skip.code !== 'secret-not-found' || ![...sessions.values()].some((s) => s.name === skip.peer)) continue;
    warnings.push(`peer ${skip.peer} names the Secret ${skip.secret}, which the module does not copy (${skip.reason === 'unlabelled' ? 'it lacks the label network.deckhouse.io/metallb-bgp-password: "true"' : 'it is not in the manifests'}): its session is not signed, as the module's would not be, and a router that expects a password never takes it.`);
  }
  return {peers: [...sessions.values()].map((s) => ({spec: s.spec, name: s.name, routes: [...s.routes.values()]})), addresses: [...addresses], warnings};
}
