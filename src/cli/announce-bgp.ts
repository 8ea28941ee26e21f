// `announce --bgp`: the BGP speaker in the foreground — sessions to the given routers, the given addresses as /32
// routes, a live table on a terminal (or one JSON line per event), and CEASE to every router on Ctrl-C.
import {BgpSpeaker, parseCommunity, parsePeerSpec, routeFor} from '../lib/announce/bgp/speaker.js';
import type {SessionEvent} from '../lib/announce/bgp/session.js';
import {Forwarder, parseForward} from '../lib/announce/forward.js';
import {ExitCode, UserError} from '../lib/errors.js';
import {renderTable} from '../lib/render/table.js';
import {formatDuration} from '../lib/text/duration.js';

export interface BgpAnnounceFlags {
  'bgp-peer'?: string[];
  ip?: string[];
  community?: string[];
  'local-pref'?: string;
  'next-hop'?: string;
  'establish-timeout'?: number;
  forward?: string[];
  interface?: string;
  output: string;
}

export interface Io {
  notice(severity: 'info' | 'warning', text: string): void;
  write(text: string): void;
  onStop(stop: () => void): void;
}

export async function announceBgp(flags: BgpAnnounceFlags, io: Io): Promise<number> {
  if (!flags['bgp-peer'] || flags['bgp-peer'].length === 0) throw new UserError("announce --bgp needs at least one --bgp-peer (there is never a default), e.g. --bgp-peer peer-address=192.0.2.1,peer-asn=64601,my-asn=64600.", {exitCode: ExitCode.Announcer});
  if (!flags.ip || flags.ip.length === 0) throw new UserError('give the addresses to announce with --ip (repeatable).');
  const peers = flags['bgp-peer'].map(parsePeerSpec);
  const communities = (flags.community ?? []).map(parseCommunity);
  const localPref = flags['local-pref'] === undefined ? 0 : Number(flags['local-pref']);
  if (!(Number.isInteger(localPref) && localPref >= 0 && localPref <= 4294967295)) throw new UserError(`--local-pref ${JSON.stringify(flags['local-pref'])}: not a whole number from 0 to 4294967295; give one.`);
  if (flags['next-hop'] !== undefined && !/^([0-9]{1,3}\.){3}[0-9]{1,3}$/.test(flags['next-hop'])) throw new UserError(`--next-hop ${JSON.stringify(flags['next-hop'])}: not an IPv4 address; give the address routers should send the traffic to.`);
  const routes = flags.ip.map((ip) => routeFor(ip, communities, localPref));
  if (localPref > 0 && peers.every((p) => p.peerAsn !== p.localAsn)) io.notice('warning', '--local-pref is sent on iBGP sessions only (as MetalLB does), and every peer here is eBGP.');
  const json = flags.output === 'json';
  const log = (event: Record<string, unknown>) => json && io.write(`${JSON.stringify({time: new Date().toISOString(), ...event})}\n`);
  let everEstablished = false;
  const speaker = new BgpSpeaker(peers, routes, (event: SessionEvent) => {
    log(event);
    if (event.event === 'state' && event.to === 'Established') everEstablished = true;
    if (!json && event.event === 'notification-received') io.notice('warning', `${event.peer} sent a NOTIFICATION: ${event.reason}.`);
    if (!json && event.event === 'notification-sent' && !(event.code === 6 && event.subcode === 2)) io.notice('warning', `sent ${event.peer} a NOTIFICATION: ${event.reason}.`);
  }, flags['next-hop']);
  const forwarder = new Forwarder(flags.interface ?? 'lo');
  if (flags.forward && flags.forward.length > 0) {
    try {
      await forwarder.start(flags.ip, flags.forward.map(parseForward));
    } catch (error) {
      forwarder.stop();
      throw new UserError(`--forward: cannot listen on the announced addresses (${(error as Error).message}); add them to an interface of this host first (ip address add … dev lo).`, {exitCode: ExitCode.Announcer, cause: error});
    }
  }
  log({event: 'started', peers: speaker.sessions.map((s) => s.peer), addresses: flags.ip});
  if (!json) io.notice('info', `Announcing ${flags.ip.join(', ')} over BGP to ${speaker.sessions.map((s) => s.peer).join(', ')}; Ctrl-C withdraws and stops.`);
  speaker.start();
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
