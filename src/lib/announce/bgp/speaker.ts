// The foreground BGP speaker: sessions to every --bgp-peer, each announcing the same routes (MetalLB's native
// speaker sends the same prefixes to every session of the node), and their state for the live table.
import {holdTimeSeconds, holdTimeTooShort} from '../../manifests/module-config/validate.js';
import {loadRawSockets} from '../native.js';
import {readPasswordFile} from '../../bgp/password.js';
import {parseIp} from '../../net/index.js';
import {createServer, type Server} from 'node:net';
import {ExitCode, UserError} from '../../errors.js';
import {BgpSession, type Route, type SessionEvent, type SessionOptions} from './session.js';
import {ipv4Prefix, ipv6Prefix} from './messages.js';

export interface PeerSpec {
  readonly peerAddress: string;
  readonly peerAsn: number;
  readonly localAsn: number;
  readonly holdTime: number;
  readonly peerPort: number;
  readonly sourceAddress?: string;
  readonly routerId?: string;
  /** The TCP MD5 key, read from password-file. */
  readonly password?: string;
}

const KEYS = ['peer-address', 'peer-asn', 'my-asn', 'hold-time', 'peer-port', 'source-address', 'router-id', 'password-file'];
const q = JSON.stringify;

/** --bgp-peer peer-address=IP,peer-asn=N,my-asn=N[,hold-time=…][,peer-port=N][,source-address=IP][,router-id=IP]. */
export function parsePeerSpec(text: string): PeerSpec {
  const values = new Map<string, string>();
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    if (!KEYS.includes(key)) throw new UserError(`--bgp-peer ${q(text)}: unknown key ${q(key)}; the keys are ${KEYS.join(', ')}.`);
    values.set(key, part.slice(eq + 1));
  }
  const bad = (key: string, why: string) => new UserError(`--bgp-peer ${q(text)}: ${key} ${why}.`);
  const address = values.get('peer-address');
  if (address === undefined) throw bad('peer-address', 'is required; give the router\'s address');
  const peerFamily = parseIp(address)?.family;
  if (peerFamily === undefined) throw bad('peer-address', `${q(address)} is not an IP address; give the router's address`);
  const asn = (key: string, required: boolean): number | undefined => {
    const v = values.get(key);
    if (v === undefined) {
      if (required) throw bad(key, 'is required; give an AS number from 1 to 4294967295');
      return undefined;
    }
    const n = /^[0-9]+$/.test(v) ? Number(v) : NaN;
    if (!(n >= 1 && n <= 4294967295)) throw bad(key, `${q(v)} is not an AS number; give one from 1 to 4294967295`);
    return n;
  };
  const peerAsn = asn('peer-asn', true)!;
  const localAsn = asn('my-asn', true)!;
  let holdTime = 90;
  const hold = values.get('hold-time');
  if (hold !== undefined) {
    const seconds = holdTimeSeconds(hold);
    if (seconds === undefined) throw bad('hold-time', `${q(hold)} is not a duration; write it like 9s or 90s`);
    if (holdTimeTooShort(seconds)) throw bad('hold-time', `${q(hold)} is below 3s; use 0 or 3s and more (keepalives go every third of it)`);
    if (seconds > 65535) throw bad('hold-time', `${q(hold)} is above 65535s, the most BGP carries`);
    holdTime = Math.trunc(seconds);
  }
  const port = values.get('peer-port');
  const peerPort = port === undefined ? 179 : Number(port);
  if (!(Number.isInteger(peerPort) && peerPort >= 1 && peerPort <= 65535)) throw bad('peer-port', `${q(port)} is not a port; give 1 to 65535`);
  const source = values.get('source-address');
  if (source !== undefined && !parseIp(source)) throw bad('source-address', `${q(source)} is not an address of this host`);
  if (source !== undefined && parseIp(source)!.family !== peerFamily) throw bad('source-address', `${q(source)} is not of the peer-address's family; give an IPv${peerFamily} address of this host`);
  const routerId = values.get('router-id');
  if (routerId !== undefined && parseIp(routerId)?.family !== 4) throw bad('router-id', `${q(routerId)} is not an IPv4 address`);
  let password: string | undefined;
  const file = values.get('password-file');
  if (file !== undefined) {
    if (peerFamily !== 4) throw bad('password-file', 'needs an IPv4 peer-address: TCP MD5 is set up for IPv4 sessions only here');
    const read = readPasswordFile(file);
    if ('problem' in read) throw new UserError(`--bgp-peer ${q(text)}: password-file ${q(file)}: ${read.problem}`);
    password = read.password;
  }
  return {peerAddress: address, peerAsn, localAsn, holdTime, peerPort, ...(source ? {sourceAddress: source} : {}), ...(routerId ? {routerId} : {}), ...(password !== undefined ? {password} : {})};
}

export type Community = {legacy: number} | {large: [number, number, number]};

/** A community flag: ASN:VALUE, a well-known name as its value (RFC 1997), or large:A:B:C (RFC 8092). */
export function parseCommunity(text: string): Community {
  const large = /^large:([0-9]{1,10}):([0-9]{1,10}):([0-9]{1,10})$/.exec(text);
  if (large) {
    const parts = large.slice(1).map(Number) as [number, number, number];
    if (parts.some((p) => p > 4294967295)) throw new UserError(`--community ${q(text)}: each part of a large community is 0 to 4294967295; fix it.`);
    return {large: parts};
  }
  return {legacy: parseLegacyCommunity(text)};
}

function parseLegacyCommunity(text: string): number {
  const named: Record<string, number> = {'no-export': 0xffffff01, 'no-advertise': 0xffffff02, 'local-as': 0xffffff03, 'no-export-subconfed': 0xffffff03};
  if (named[text] !== undefined) return named[text]!;
  const m = /^([0-9]{1,5}):([0-9]{1,5})$/.exec(text);
  if (!m || Number(m[1]) > 65535 || Number(m[2]) > 65535) throw new UserError(`--community ${q(text)}: not a community; write ASN:VALUE with halves 0 to 65535, no-export, no-advertise, local-as, or large:A:B:C.`);
  return Number(m[1]) * 65536 + Number(m[2]);
}

export function routeFor(ip: string, communities: readonly (number | Community)[], localPref: number): Route {
  const legacy = communities.map((c) => (typeof c === 'number' ? c : 'legacy' in c ? c.legacy : undefined)).filter((c): c is number => c !== undefined);
  const large = communities.flatMap((c) => (typeof c !== 'number' && 'large' in c ? [c.large] : []));
  const address = parseIp(ip);
  if (!address) throw new UserError(`--ip ${q(ip)}: not an IP address; give the address to announce.`);
  return {
    prefix: address.family === 4 ? ipv4Prefix(address.value, 32) : ipv6Prefix(address.value, 128),
    communities: [...legacy].sort((a, b) => a - b), localPref,
    ...(large.length > 0 ? {largeCommunities: large} : {}),
  };
}

/** NEXT_HOP per family (--next-hop); a family without one takes the session's local address when it is of that family. */
export type NextHops = NonNullable<SessionOptions['nextHops']>;

/** `routes` as BgpSpeaker takes them (the same for every peer, or one list per peer): those of peer `i`. */
export function routesOfPeer(routes: readonly Route[] | readonly (readonly Route[])[], i: number): readonly Route[] {
  return routes.length > 0 && Array.isArray(routes[0]) ? (routes as readonly (readonly Route[])[])[i] ?? [] : (routes as readonly Route[]);
}

/**
 * Why a peer cannot carry some of the routes, or undefined: a route of the other family than the session needs a next
 * hop of its own family (an IPv4 session has no IPv6 local address to offer, and the other way round).
 */
export function missingNextHop(peer: PeerSpec, routes: readonly Route[], nextHops: NextHops): string | undefined {
  const sessionFamily = peer.peerAddress.includes(':') ? 6 : 4;
  for (const family of [4, 6] as const) {
    if (family === sessionFamily || nextHops[family] !== undefined || !routes.some((r) => r.prefix.family === family)) continue;
    return `the session to ${peer.peerAddress} is IPv${sessionFamily} and has no IPv${family} address of its own to give as the next hop of IPv${family} routes; add --next-hop with an IPv${family} address of this host`;
  }
  return undefined;
}

export class BgpSpeaker {
  readonly sessions: BgpSession[];
  private server: Server | undefined;

  /** `routes`: the same for every peer, or per peer (what the module's rules give each session of a node). */
  constructor(private readonly peers: readonly PeerSpec[], routes: readonly Route[] | readonly (readonly Route[])[], onEvent: (event: SessionEvent) => void, nextHops: NextHops = {}, private readonly passive = false) {
    this.sessions = peers.map((p, i) => {
      const session = new BgpSession({
        peerAddress: p.peerAddress, peerPort: p.peerPort, peerAsn: p.peerAsn, localAsn: p.localAsn, holdTime: p.holdTime,
        ...(p.routerId ? {routerId: p.routerId} : {}), ...(p.sourceAddress ? {sourceAddress: p.sourceAddress} : {}), nextHops,
        // TCP MD5 needs the native part (Linux): loaded only for peers with a password, its absence one sentence.
        ...(p.password !== undefined ? {password: p.password, md5Socket: loadRawSockets().md5Socket} : {}),
        onEvent, passive,
      });
      session.setRoutes(routesOfPeer(routes, i));
      return session;
    });
  }

  /** Starts the sessions; passive: first listens on port 179 for the routers (others are turned away). */
  async start(): Promise<void> {
    if (this.passive) {
      const byAddress = new Map(this.peers.map((p, i) => [p.peerAddress, this.sessions[i]!]));
      this.server = createServer((socket) => {
        const session = byAddress.get((socket.remoteAddress ?? '').replace(/^::ffff:/, ''));
        if (session) session.accept(socket);
        else socket.destroy();
      });
      await new Promise<void>((resolve, reject) => {
        this.server!.once('error', (error: NodeJS.ErrnoException) => reject(new UserError(`--passive: cannot listen on port 179 (${error.code === 'EADDRINUSE' ? 'another BGP speaker holds it' : error.code === 'EACCES' ? 'it needs root or CAP_NET_BIND_SERVICE' : error.message}); stop the other speaker or run as root.`, {exitCode: ExitCode.Announcer})));
        // '::' takes IPv4 connections too (as ::ffff:a.b.c.d), so IPv6 routers can reach the listener.
        const host = this.peers[0]?.sourceAddress ?? (this.peers.some((p) => p.peerAddress.includes(':')) ? '::' : '0.0.0.0');
        this.server!.listen(179, host, () => resolve());
      });
    }
    for (const s of this.sessions) s.start();
  }

  async stop(): Promise<void> {
    this.server?.close();
    await Promise.all(this.sessions.map((s) => s.stop()));
  }
}
