// The announcer: answers ARP for owned addresses, announces them gratuitously (at once, then every 1.1 s until 5 s
// have passed, then every --refresh), probes before announcing (RFC 5227) and reports conflicts while running.
// It acts through a Transport, so that it can be driven without a socket.
import {ARP_REPLY, ARP_REQUEST, BROADCAST, answerArpFrame, arpFrame, decodeArp, gratuitousArp, ipv4At, ipv4Key, ipv4KeyAt, macAt, macToBytes, macToString} from './arp.js';
import {advertisedBy, answerNdpFrame, dadProbeTarget, dadSolicitation, unsolicitedAdvertisement} from './ndp.js';


export interface Transport {
  send(frame: Uint8Array): void;
  /** Optional: the transport answers ARP for these IPv4 addresses itself (natively, as frames arrive). */
  answerArp?(mac: Uint8Array, addresses: readonly string[]): void;
}

export type AnnouncerEvent =
  | {event: 'answered'; ip: string; to: string}
  | {event: 'announced'; ip: string; round: number}
  | {event: 'conflict'; ip: string; mac: string}
  /** Another host probed (DAD) an address of ours, and we defended it. */
  | {event: 'defended'; ip: string; from: string};

export interface AnnouncerOptions {
  /** Emit an event for every answer (a JSON log wants them; otherwise the answer path builds none). */
  readonly reportAnswers?: boolean;
}

export class Announcer {
  /** IPv4 addresses we answer ARP for, and IPv6 addresses we answer NDP for. */
  readonly owned = new Set<string>();
  readonly owned6 = new Set<string>();
  answered = 0;
  conflicts = 0;
  private timers: NodeJS.Timeout[] = [];
  /** `owned` as 32-bit numbers, for the answer path. */
  private readonly ownedKeys = new Set<number>();
  private readonly macBytes: Uint8Array;
  private readonly reportAnswers: boolean;

  constructor(readonly mac: string, private readonly transport: Transport, private readonly emit: (event: AnnouncerEvent) => void, options: AnnouncerOptions = {}) {
    this.macBytes = macToBytes(mac);
    this.reportAnswers = options.reportAnswers ?? true;
  }

  /** Answers for an address from now on, without announcing it. */
  own(ip: string): void {
    if (ip.includes(':')) this.owned6.add(ip);
    else {
      this.owned.add(ip);
      this.ownedKeys.add(ipv4Key(ip));
      this.transport.answerArp?.(this.macBytes, [...this.owned]);
    }
  }

  /**
   * Handles one received frame: answer, or notice another MAC claiming one of our addresses. `answered`: the
   * transport answered it already (the same decision, made natively); it is only counted and reported here.
   */
  receive(frame: Uint8Array, answered = false): void {
    if (answered) {
      this.answered++;
      if (this.reportAnswers) this.emit({event: 'answered', ip: ipv4At(frame, 38), to: macToString(frame, 22)});
      return;
    }
    if (frame[12] === 0x86 && frame[13] === 0xdd) return this.receiveIpv6(frame);
    // A reply, or a gratuitous announcement, from another MAC for one of our addresses: a conflict (checked first:
    // a gratuitous announcement is also a request for our address, which must not be answered).
    if (frame.length >= 42 && frame[12] === 0x08 && frame[13] === 0x06) {
      const sender = ipv4KeyAt(frame, 28);
      if (this.ownedKeys.has(sender) && (frame[21] === ARP_REPLY || sender === ipv4KeyAt(frame, 38)) && !macAt(frame, 22, this.macBytes)) {
        this.conflicts++;
        this.emit({event: 'conflict', ip: ipv4At(frame, 28), mac: macToString(frame, 22)});
        return;
      }
    }
    const answer = answerArpFrame(frame, this.macBytes, this.ownedKeys);
    if (typeof answer === 'string') return;
    this.transport.send(answer);
    this.answered++;
    if (this.reportAnswers) this.emit({event: 'answered', ip: ipv4At(frame, 38), to: macToString(frame, 22)});
  }

  private receiveIpv6(frame: Uint8Array): void {
    const advertised = advertisedBy(frame);
    if (advertised) {
      if (this.owned6.has(advertised.target) && advertised.mac !== this.mac) {
        this.conflicts++;
        this.emit({event: 'conflict', ip: advertised.target, mac: advertised.mac});
      }
      return;
    }
    const probed = dadProbeTarget(frame);
    if (probed !== undefined) {
      // Another host checks whether an address of ours is free (our own probes come back too: not those).
      if (this.owned6.has(probed) && !macAt(frame, 6, this.macBytes)) {
        this.transport.send(unsolicitedAdvertisement(this.mac, probed));
        this.answered++;
        this.emit({event: 'defended', ip: probed, from: macToString(frame, 6)});
      }
      return;
    }
    const answer = answerNdpFrame(frame, this.mac, this.owned6);
    if (typeof answer === 'string') return;
    this.transport.send(answer);
    this.answered++;
    this.emit({event: 'answered', ip: advertisedBy(answer)!.target, to: macToString(answer, 0)});
  }

  /** Starts announcing an address: an immediate gratuitous round, then every 1.1 s until 5 s, then every refresh. */
  add(ip: string, refreshMs = 0): void {
    const v6 = ip.includes(':');
    this.own(ip);
    let round = 0;
    const announce = () => {
      for (const frame of v6 ? [unsolicitedAdvertisement(this.mac, ip)] : gratuitousArp(this.mac, ip)) this.transport.send(frame);
      this.emit({event: 'announced', ip, round: round++});
    };
    announce();
    for (let at = 1100; at <= 5000; at += 1100) this.timers.push(setTimeout(announce, at));
    if (refreshMs > 0) this.timers.push(setInterval(announce, refreshMs));
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers = [];
  }
}

/** A probe: for IPv4 an RFC 5227 ARP request from 0.0.0.0, for IPv6 a DAD solicitation; whoever answers holds it. */
export function probeFrame(mac: string, ip: string): Uint8Array {
  if (ip.includes(':')) return dadSolicitation(mac, ip);
  return arpFrame({destination: BROADCAST, source: mac, operation: ARP_REQUEST, senderMac: mac, senderIp: '0.0.0.0', targetMac: '00:00:00:00:00:00', targetIp: ip});
}

/** Collects, from received frames, which MACs answered for which probed address. */
export class ProbeCollector {
  readonly holders = new Map<string, Set<string>>();

  constructor(private readonly ownMac: string, addresses: Iterable<string>) {
    for (const ip of addresses) this.holders.set(ip, new Set());
  }

  /** Sends a probe for every address, then waits `timeoutMs` for answers (fed to `receive` meanwhile). */
  async probe(send: (frame: Uint8Array) => void, timeoutMs: number): Promise<void> {
    for (const ip of this.holders.keys()) send(probeFrame(this.ownMac, ip));
    await new Promise((resolve) => setTimeout(resolve, timeoutMs));
  }

  receive(frame: Uint8Array): void {
    const advertised = advertisedBy(frame);
    if (advertised) {
      if (advertised.mac !== this.ownMac) this.holders.get(advertised.target)?.add(advertised.mac);
      return;
    }
    const decoded = decodeArp(frame);
    if ('drop' in decoded) return;
    const {packet} = decoded;
    if (packet.operation !== ARP_REPLY || packet.senderMac === this.ownMac) return;
    this.holders.get(packet.senderIp)?.add(packet.senderMac);
  }
}
