// `announce --bgp`: the BGP speaker in the foreground — sessions to the given routers, the given addresses as /32
// routes, a live table on a terminal (or one JSON line per event), and CEASE to every router on Ctrl-C.
import {BgpSpeaker, type PeerSpec, missingNextHop, parseCommunity, parsePeerSpec, routeFor, routesOfPeer} from '../lib/announce/bgp/speaker.js';
import {parseIp} from '../lib/net/index.js';
import {secretPassword} from '../lib/bgp/password.js';
import type {Route, SessionEvent} from '../lib/announce/bgp/session.js';
import {nodeAnnouncements} from '../lib/announce/bgp/from-plan.js';
import {plan} from '../lib/allocator/engine.js';
import {engineObjects} from '../lib/allocator/from-manifests.js';
import {bgpPlanOf} from './engine-input.js';
import {readDocuments} from './manifest-inputs.js';
import {Forwarder, parseForward} from '../lib/announce/forward.js';
import {ExitCode, UserError} from '../lib/errors.js';
import {renderTable} from '../lib/render/table.js';
import {formatDuration} from '../lib/text/duration.js';

export interface BgpAnnounceFlags {
  'bgp-peer'?: string[];
  ip?: string[];
  community?: string[];
  'local-pref'?: string;
  'next-hop'?: string[];
  'establish-timeout'?: number;
  passive?: boolean;
  forward?: string[];
  interface?: string;
  filename?: string[];
  node?: string;
  output: string;
}

/** With -f and --node: the peers and per-session routes the module's rules give that node. */
function fromManifests(flags: BgpAnnounceFlags, io: Io): {peers: PeerSpec[]; routes: Route[][]; ips: string[]} {
  if (!flags.node) throw new UserError('with -f, name the node whose announcements to make: --node NAME.');
  if (flags['bgp-peer'] || flags.ip) throw new UserError('with -f the peers and addresses come from the manifests; leave out --bgp-peer and --ip, or -f.');
  const documents = readDocuments(flags.filename, 'd8 metallb announce --bgp -f cluster.yaml --node lb-1');
  const objects = engineObjects(documents);
  const bgp = bgpPlanOf(documents, plan(objects), objects, false);
  if (!bgp) throw new UserError('the manifests have no MetalLoadBalancerPool (nor version 2 BGP settings the module migrates): nothing is announced over BGP; add the BGP objects to the input.');
  const mine = nodeAnnouncements(bgp.plan, bgp.world, flags.node, (source) => secretPassword(documents, source));
  const refused = bgp.plan.speakerRejection;
  // MetalLB's speaker refusing the whole configuration is a fault in the input, not a choice of node: say what it is.
  if (mine.peers.length === 0 && refused) throw new UserError(`MetalLB's speaker refuses the configuration, so no node advertises anything: ${refused.reason}; ${refused.hint}`, {exitCode: ExitCode.Problems});
  if (mine.peers.length === 0) throw new UserError(`by the module's rules node ${flags.node} advertises nothing (no Service address is advertised from it: see 'd8 metallb ip allocate -f … -o json'); choose another node.`, {exitCode: ExitCode.Problems});
  for (const warning of mine.warnings) io.notice('warning', warning);
  return {peers: mine.peers.map((p) => p.spec), routes: mine.peers.map((p) => p.routes), ips: mine.addresses};
}

export interface Io {
  notice(severity: 'info' | 'warning', text: string): void;
  write(text: string): void;
  onStop(stop: () => void): void;
}

export async function announceBgp(flags: BgpAnnounceFlags, io: Io): Promise<number> {
  let peers: PeerSpec[];
  let routes: Route[] | Route[][];
  let ips: string[];
  const localPref = flags['local-pref'] === undefined ? 0 : Number(flags['local-pref']);
  if (flags.filename && flags.filename.length > 0) {
    ({peers, routes, ips} = fromManifests(flags, io));
  } else {
    if (!flags['bgp-peer'] || flags['bgp-peer'].length === 0) throw new UserError("announce --bgp needs at least one --bgp-peer (there is never a default), e.g. --bgp-peer peer-address=192.0.2.1,peer-asn=64601,my-asn=64600.", {exitCode: ExitCode.Announcer});
    if (!flags.ip || flags.ip.length === 0) throw new UserError('give the addresses to announce with --ip (repeatable).');
    peers = flags['bgp-peer'].map(parsePeerSpec);
    const communities = (flags.community ?? []).map(parseCommunity);
    if (communities.some((c) => 'large' in c)) io.notice('warning', "large communities go beyond what the module's speaker sends (MetalLB's native mode takes legacy communities only): a router may see them here and never from the module.");
    if (!(Number.isInteger(localPref) && localPref >= 0 && localPref <= 4294967295)) throw new UserError(`--local-pref ${JSON.stringify(flags['local-pref'])}: not a whole number from 0 to 4294967295; give one.`);
    routes = flags.ip.map((ip) => routeFor(ip, communities, localPref));
    ips = flags.ip;
  }
  const nextHops: {4?: string; 6?: string} = {};
  for (const text of flags['next-hop'] ?? []) {
    const address = parseIp(text);
    if (!address || text.includes('::ffff:')) throw new UserError(`--next-hop ${JSON.stringify(text)}: not an IP address; give the address routers should send the traffic to.`);
    if (nextHops[address.family] !== undefined) throw new UserError(`--next-hop is given twice for IPv${address.family} (${nextHops[address.family]} and ${text}); give one per family.`);
    nextHops[address.family] = text;
  }
  peers.forEach((peer, i) => {
    const missing = missingNextHop(peer, routesOfPeer(routes, i), nextHops);
    if (missing) throw new UserError(`${missing}.`);
  });
  if (ips.some((ip) => ip.includes(':'))) io.notice('warning', "IPv6 routes (MP_REACH_NLRI) go beyond what the module's speaker does: MetalLB's native mode cannot announce IPv6 pools, so a router sees them here and never from the module.");
  if (localPref > 0 && peers.every((p) => p.peerAsn !== p.localAsn)) io.notice('warning', '--local-pref is sent on iBGP sessions only (as MetalLB does), and every peer here is eBGP.');
  const json = flags.output === 'json';
  const log = (event: Record<string, unknown>) => json && io.write(`${JSON.stringify({time: new Date().toISOString(), ...event})}\n`);
  let everEstablished = false;
  const speaker = new BgpSpeaker(peers, routes, (event: SessionEvent) => {
    log(event);
    if (event.event === 'state' && event.to === 'Established') everEstablished = true;
    if (!json && event.event === 'notification-received') io.notice('warning', `${event.peer} sent a NOTIFICATION: ${event.reason}.`);
    if (!json && event.event === 'notification-sent' && !(event.code === 6 && event.subcode === 2)) io.notice('warning', `sent ${event.peer} a NOTIFICATION: ${event.reason}.`);
  }, nextHops, flags.passive === true);
  const forwarder = new Forwarder(flags.interface ?? 'lo');
  if (flags.forward && flags.forward.length > 0) {
    try {
      await forwarder.start(ips, flags.forward.map(parseForward));
    } catch (error) {
      forwarder.stop();
      throw new UserError(`--forward: cannot listen on the announced addresses (${(error as Error).message}); add them to an interface of this host first (ip address add … dev lo).`, {exitCode: ExitCode.Announcer, cause: error});
    }
  }
  log({event: 'started', peers: speaker.sessions.map((s) => s.peer), addresses: ips});
  if (!json) io.notice('info', `Announcing ${ips.join(', ')} over BGP to ${speaker.sessions.map((s) => s.peer).join(', ')}${flags.passive ? ' (waiting for them to connect)' : ''}; Ctrl-C withdraws and stops.`);
  try {
    await speaker.start();
  } catch (error) {
    forwarder.stop();
    throw error;
  }
  const tty = !json && process.stderr.isTTY === true;
  const table = () => renderTable(['PEER', 'STATE', 'UPTIME', 'PREFIXES', 'LAST ERROR'], speaker.sessions.map((s) => [s.peer, s.state, s.establishedAt ? formatDuration(Date.now() - s.establishedAt) : '-', String(s.advertised), s.lastError ?? '']));
  let drawn = 0;
  const redraw = tty ? setInterval(() => {
    const text = table();
    process.stderr.write(`${drawn > 0 ? `\u001b[${drawn}A` : ''}\u001b[J${text}`);
    drawn = text.split('\n').length - 1;
  }, 1000) : undefined;
  const stopped = new Promise<void>((resolve) => io.onStop(resolve));
  const deadline = flags['establish-timeout'];
  const timedOut = deadline ? new Promise<'timeout'>((resolve) => setTimeout(() => !everEstablished && resolve('timeout'), deadline).unref()) : new Promise<never>(() => {});
  const outcome = await Promise.race([stopped.then(() => 'stopped' as const), timedOut]);
  if (redraw) clearInterval(redraw);
  await speaker.stop();
  forwarder.stop();
  log({event: 'stopped', reason: outcome});
  if (outcome === 'timeout') {
    io.notice('warning', `no session was established within ${formatDuration(deadline!)} (--establish-timeout): ${speaker.sessions.map((s) => `${s.peer} ${s.lastError ?? s.state}`).join('; ')}.`);
    return ExitCode.Problems;
  }
  if (!json) io.notice('info', 'Stopped: CEASE sent to every established session, so the routers drop the routes now.');
  return ExitCode.Ok;
}
