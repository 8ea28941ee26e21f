// One BGP session to one router (RFC 4271 section 8's finite state machine, the active side): connect with retries
// and backoff, OPEN, KEEPALIVE every third of the negotiated hold time, a hold timer that expires on a silent peer,
// the routes once Established followed by End-of-RIB, changes as UPDATEs, and on stop a CEASE so that the router
// drops the routes at once. Every malformed message gets its NOTIFICATION and a clean reset; nothing throws out.
import {Socket} from 'node:net';
import {
  BgpError, END_OF_RIB, END_OF_RIB_IPV6, KEEPALIVE, MessageReader, type Notification, type Prefix, type RouteAttributes, Type,
  describeNotification, encodeAnnouncements, encodeNotification, encodeOpen, encodeWithdrawals, ipv4Prefix, ipv6Prefix,
} from './messages.js';
import {parseIp} from '../../net/index.js';

export type State = 'Idle' | 'Connect' | 'Active' | 'OpenSent' | 'OpenConfirm' | 'Established';

export interface Route {
  readonly prefix: Prefix;
  readonly communities: readonly number[];
  readonly largeCommunities?: readonly (readonly [number, number, number])[];
  readonly localPref: number;
}

export interface SessionOptions {
  readonly peerAddress: string;
  readonly peerPort: number;
  readonly peerAsn: number;
  readonly localAsn: number;
  /** Seconds we propose: 0, or at least 3 (default 90, as MetalLB). */
  readonly holdTime: number;
  /** BGP identifier; default: the session's local address (MetalLB uses the node's address). */
  readonly routerId?: string;
  readonly sourceAddress?: string;
  /**
   * NEXT_HOP of IPv4 routes and the MP_REACH_NLRI next hop of IPv6 routes; a family without one takes the session's
   * local address when it is of that family.
   */
  readonly nextHops?: {readonly 4?: string; readonly 6?: string};
  /** TCP MD5 (RFC 2385) key: the socket comes from `md5Socket` (the native part; Node cannot set TCP_MD5SIG). */
  readonly password?: string;
  readonly md5Socket?: (peer: Uint8Array, key: Uint8Array, source?: Uint8Array) => number;
  /** Wait for the router to connect (the speaker's listener hands the socket over with `accept`) instead of dialling. */
  readonly passive?: boolean;
  /** First reconnect delay in ms (doubling up to 30 s). */
  readonly connectRetryMs?: number;
  readonly onEvent: (event: SessionEvent) => void;
}

export type SessionEvent =
  | {event: 'state'; peer: string; from: State; to: State}
  | {event: 'update-sent'; peer: string; announced: number; withdrawn: number}
  | {event: 'notification-sent' | 'notification-received'; peer: string; code: number; subcode: number; reason: string}
  | {event: 'connect-failed'; peer: string; reason: string};

/** An address's bytes for NEXT_HOP or MP_REACH_NLRI: 4 for IPv4, 16 for IPv6. */
function addressBytes(text: string): Uint8Array {
  const address = parseIp(text)!;
  return address.family === 4 ? ipv4Prefix(address.value, 32).bytes : ipv6Prefix(address.value, 128).bytes;
}

/** A prefix's identity: family, length and bytes. */
const keyOf = (p: Prefix) => `${p.family}/${p.length}/${Array.from(p.bytes).join('.')}`;
const attrKey = (r: Route) => `${r.localPref}|${r.communities.join(',')}|${(r.largeCommunities ?? []).map((l) => l.join(':')).join(',')}`;
const OPEN_HOLD_MS = 240_000; // RFC 4271: a large hold timer until the OPEN arrives

export class BgpSession {
  state: State = 'Idle';
  establishedAt: number | undefined;
  /** The last NOTIFICATION or connection failure, in words. */
  lastError: string | undefined;
  private socket: Socket | undefined;
  private reader = new MessageReader();
  private routes = new Map<string, Route>();
  /** What the peer has from us (valid while Established). */
  private sent = new Map<string, Route>();
  private holdMs = 0;
  private holdTimer: NodeJS.Timeout | undefined;
  private keepaliveTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryMs: number;
  private stopped = false;
  private fourOctet = false;
  /** IPv6 unicast was offered by both sides (RFC 4760): IPv6 routes may be sent. */
  private ipv6 = false;
  private ipv4 = true;
  private localAddress = '';

  constructor(private readonly options: SessionOptions) {
    this.retryMs = options.connectRetryMs ?? 1000;
  }

  get peer(): string {
    return `${this.options.peerAddress}:${this.options.peerPort}`;
  }

  get advertised(): number {
    return this.state === 'Established' ? this.sent.size : 0;
  }

  start(): void {
    this.stopped = false;
    if (this.options.passive) this.setState('Active');
    else this.connect();
  }

  /**
   * A connection the router opened (passive mode). One session at a time: while one is being set up or is up, a
   * second connection from the same router is closed with CEASE, connection collision resolution (6/7). The speaker
   * either dials or listens, never both, so its own connections never collide with the router's.
   */
  accept(socket: Socket): void {
    if (this.stopped || !this.options.passive || this.socket) {
      socket.end(encodeNotification({code: 6, subcode: 7, data: new Uint8Array(0)}));
      return;
    }
    this.attach(socket);
    this.opened(socket);
  }

  /** The routes to announce; while Established the difference goes out at once. */
  setRoutes(routes: readonly Route[]): void {
    this.routes = new Map(routes.map((r) => [keyOf(r.prefix), r]));
    if (this.state === 'Established') this.sync();
  }

  /** Sends CEASE (administrative shutdown) when a session is up, and stops for good. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const socket = this.socket;
    if (socket && (this.state === 'OpenSent' || this.state === 'OpenConfirm' || this.state === 'Established')) {
      await new Promise<void>((resolve) => {
        this.notify({code: 6, subcode: 2, data: new Uint8Array(0)});
        socket.end(resolve);
        setTimeout(resolve, 1000).unref();
      });
    }
    this.reset('Idle');
  }

  private setState(to: State): void {
    if (to === this.state) return;
    const from = this.state;
    this.state = to;
    if (to === 'Established') this.establishedAt = Date.now();
    else if (from === 'Established') this.establishedAt = undefined;
    this.options.onEvent({event: 'state', peer: this.peer, from, to});
  }

  private connect(): void {
    if (this.stopped) return;
    this.setState('Connect');
    const v4 = (text: string) => Uint8Array.from(text.split('.').map(Number));
    let socket: Socket;
    try {
      socket = this.options.password && this.options.md5Socket
        ? new Socket({fd: this.options.md5Socket(v4(this.options.peerAddress), new TextEncoder().encode(this.options.password), this.options.sourceAddress ? v4(this.options.sourceAddress) : undefined)})
        : new Socket();
    } catch (error) {
      this.lastError = `cannot open a TCP MD5 socket: ${(error as Error).message}`;
      this.options.onEvent({event: 'connect-failed', peer: this.peer, reason: this.lastError});
      this.setState('Active');
      this.scheduleRetry();
      return;
    }
    this.attach(socket);
    // A signed socket is bound already (its source address set in md5Socket).
    socket.connect({host: this.options.peerAddress, port: this.options.peerPort, ...(this.options.sourceAddress && !this.options.password ? {localAddress: this.options.sourceAddress} : {})}, () => this.opened(socket));
  }

  /** Takes a socket (dialled or accepted) as the session's connection. */
  private attach(socket: Socket): void {
    this.socket = socket;
    this.reader = new MessageReader();
    socket.setNoDelay(true);
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (this.socket !== socket) return;
      const reason = error.code === 'ECONNREFUSED' ? 'connection refused' : error.code === 'ETIMEDOUT' || error.code === 'EHOSTUNREACH' || error.code === 'ENETUNREACH' ? `unreachable (${error.code})` : error.message;
      this.lastError = reason;
      this.options.onEvent({event: 'connect-failed', peer: this.peer, reason});
    });
    socket.on('close', () => {
      if (this.socket !== socket) return;
      this.reset('Active');
      this.scheduleRetry();
    });
    socket.on('data', (chunk: Buffer) => {
      if (this.socket === socket) this.receive(chunk);
    });
  }

  /** The TCP connection is up: our OPEN, then OpenSent with the long hold timer until the router's OPEN. */
  private opened(socket: Socket): void {
    this.retryMs = this.options.connectRetryMs ?? 1000;
    this.localAddress = socket.localAddress ?? '';
    const routerId = this.options.routerId ?? (/^[0-9.]+$/.test(this.localAddress.replace(/^::ffff:/, '')) ? this.localAddress.replace(/^::ffff:/, '') : '127.0.0.1');
    socket.write(encodeOpen({asn: this.options.localAsn, holdTime: this.options.holdTime, routerId}));
    this.setState('OpenSent');
    this.armHold(OPEN_HOLD_MS);
  }

  private scheduleRetry(): void {
    if (this.stopped) return;
    if (this.options.passive) return; // the router will connect again
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.connect(), this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, 30_000);
  }

  /** Drops the connection and every timer; the peer forgets our routes with it. */
  private reset(state: State): void {
    clearTimeout(this.holdTimer);
    clearInterval(this.keepaliveTimer);
    this.holdTimer = undefined;
    this.keepaliveTimer = undefined;
    const socket = this.socket;
    this.socket = undefined;
    socket?.destroy();
    this.sent.clear();
    this.setState(state);
  }

  private armHold(ms: number): void {
    clearTimeout(this.holdTimer);
    if (ms === 0) return;
    this.holdTimer = setTimeout(() => {
      this.lastError = 'hold timer expired: the peer went silent';
      this.notify({code: 4, subcode: 0, data: new Uint8Array(0)});
      this.reset('Active');
      this.scheduleRetry();
    }, ms);
  }

  private notify(n: Notification): void {
    this.socket?.write(encodeNotification(n));
    this.options.onEvent({event: 'notification-sent', peer: this.peer, code: n.code, subcode: n.subcode, reason: describeNotification(n)});
  }

  /** A protocol error: the NOTIFICATION it calls for, then a clean reset and a later retry. */
  private fail(n: Notification, why: string): void {
    this.lastError = `${describeNotification(n)}: ${why}`;
    this.notify(n);
    this.socket?.end();
    this.reset('Active');
    this.scheduleRetry();
  }

  private receive(chunk: Buffer): void {
    this.reader.push(chunk);
    for (;;) {
      let message;
      try {
        message = this.reader.next();
      } catch (error) {
        if (error instanceof BgpError) this.fail(error.notification, error.message);
        else this.fail({code: 6, subcode: 0, data: new Uint8Array(0)}, (error as Error).message);
        return;
      }
      if (!message || !this.socket) return;
      this.handle(message);
      if (!this.socket) return;
    }
  }

  private handle(message: NonNullable<ReturnType<MessageReader['next']>>): void {
    if (message.type === Type.Notification) {
      const n = message.notification;
      this.lastError = `the peer sent ${describeNotification(n)}`;
      this.options.onEvent({event: 'notification-received', peer: this.peer, code: n.code, subcode: n.subcode, reason: describeNotification(n)});
      this.reset('Active');
      this.scheduleRetry();
      return;
    }
    const unexpected = {OpenSent: 1, OpenConfirm: 2, Established: 3} as const;
    if (this.state === 'OpenSent') {
      if (message.type !== Type.Open) return this.fail({code: 5, subcode: unexpected.OpenSent, data: new Uint8Array(0)}, 'a message before OPEN');
      const peerAsn = message.fourOctetAsn ?? message.asn;
      if (peerAsn !== this.options.peerAsn) return this.fail({code: 2, subcode: 2, data: Uint8Array.from([(message.asn >> 8) & 0xff, message.asn & 0xff])}, `the peer is AS ${peerAsn}, not ${this.options.peerAsn}`);
      this.fourOctet = message.fourOctetAsn !== undefined;
      // A router that names no family speaks IPv4 unicast only (RFC 4760 section 8).
      this.ipv4 = message.families.length === 0 || message.families.includes('1/1');
      this.ipv6 = message.families.includes('2/1');
      this.reader.asSize = this.fourOctet ? 4 : 2;
      const hold = Math.min(this.options.holdTime, message.holdTime);
      this.holdMs = hold * 1000;
      this.socket!.write(KEEPALIVE);
      this.setState('OpenConfirm');
      this.armHold(this.holdMs);
      clearInterval(this.keepaliveTimer);
      if (hold > 0) this.keepaliveTimer = setInterval(() => this.socket?.write(KEEPALIVE), Math.max(1000, (hold * 1000) / 3));
      return;
    }
    if (this.state === 'OpenConfirm') {
      if (message.type !== Type.Keepalive) return this.fail({code: 5, subcode: unexpected.OpenConfirm, data: new Uint8Array(0)}, 'a message other than KEEPALIVE after OPEN');
      this.armHold(this.holdMs);
      this.setState('Established');
      this.sync();
      // End-of-RIB (RFC 4724) for each family both sides offered: the initial table is complete.
      if (this.ipv4) this.socket?.write(END_OF_RIB);
      if (this.ipv6) this.socket?.write(END_OF_RIB_IPV6);
      return;
    }
    if (this.state === 'Established') {
      if (message.type === Type.Open) return this.fail({code: 5, subcode: unexpected.Established, data: new Uint8Array(0)}, 'an OPEN on an established session');
      this.armHold(this.holdMs); // KEEPALIVE or UPDATE: the peer is alive (its routes are not used)
    }
  }

  /** Sends what changed: withdrawals of what is gone, announcements of what is new or different, grouped by attributes. */
  private sync(): void {
    const socket = this.socket;
    if (!socket) return;
    const gone: Prefix[] = [];
    for (const [key, route] of this.sent) if (!this.routes.has(key)) gone.push(route.prefix);
    const groups = new Map<string, Route[]>();
    for (const [key, route] of this.routes) {
      const had = this.sent.get(key);
      if (had && attrKey(had) === attrKey(route)) continue;
      // One group per family and attributes: each family has its own next hop and its own way into the UPDATE.
      const group = `${route.prefix.family}|${attrKey(route)}`;
      const list = groups.get(group) ?? [];
      list.push(route);
      groups.set(group, list);
    }
    for (const message of encodeWithdrawals(gone)) socket.write(message);
    const local = this.localAddress.replace(/^::ffff:/, '');
    const localFamily = local.includes(':') ? 6 : 4;
    const nextHops = {
      4: this.options.nextHops?.[4] ?? (localFamily === 4 ? local : undefined),
      6: this.options.nextHops?.[6] ?? (localFamily === 6 ? local : undefined),
    };
    const unsent: string[] = [];
    let announced = 0;
    for (const [key, routes] of groups) {
      const first = routes[0]!;
      const family = first.prefix.family;
      const nextHop = nextHops[family];
      // The speaker checks next hops before it starts; the router's capabilities are known only now.
      if (nextHop === undefined || (family === 6 ? !this.ipv6 : !this.ipv4)) {
        unsent.push(`${routes.length} IPv${family} route(s)`);
        groups.delete(key);
        continue;
      }
      const attributes: RouteAttributes = {asn: this.options.localAsn, ibgp: this.options.localAsn === this.options.peerAsn, fourOctet: this.fourOctet, nextHop: addressBytes(nextHop), localPref: first.localPref, communities: first.communities, ...(first.largeCommunities ? {largeCommunities: first.largeCommunities} : {})};
      for (const message of encodeAnnouncements(routes.map((r) => r.prefix), attributes)) socket.write(message);
      announced += routes.length;
    }
    if (unsent.length > 0) this.lastError = `${unsent.join(' and ')} not sent: the router did not offer that family (RFC 4760), or there is no next hop of it (--next-hop); enable the address family on the router`;
    for (const prefix of gone) this.sent.delete(keyOf(prefix));
    for (const routes of groups.values()) for (const r of routes) this.sent.set(keyOf(r.prefix), r);
    if (announced > 0 || gone.length > 0) this.options.onEvent({event: 'update-sent', peer: this.peer, announced, withdrawn: gone.length});
  }
}
