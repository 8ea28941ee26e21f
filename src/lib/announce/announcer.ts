// The announcer: answers ARP for owned addresses, announces them gratuitously (at once, then every 1.1 s until 5 s
// have passed, then every --refresh), probes before announcing (RFC 5227) and reports conflicts while running.
// It acts through a Transport, so that it can be driven without a socket.
import {ARP_REPLY, ARP_REQUEST, BROADCAST, answerArpFrame, arpFrame, decodeArp, gratuitousArp, macToBytes, macToString} from './arp.js';

// The dotted IPv4 address at an offset of a frame.
const ipAt = (frame: Uint8Array, offset: number) => `${frame[offset]}.${frame[offset + 1]}.${frame[offset + 2]}.${frame[offset + 3]}`;

export interface Transport {
  send(frame: Uint8Array): void;
}

export type AnnouncerEvent =
  | {event: 'answered'; ip: string; to: string}
  | {event: 'announced'; ip: string; round: number}
  | {event: 'conflict'; ip: string; mac: string};

export class Announcer {
  readonly owned = new Set<string>();
  answered = 0;
  conflicts = 0;
  private timers: NodeJS.Timeout[] = [];

  private readonly macBytes: Uint8Array;

  constructor(readonly mac: string, private readonly transport: Transport, private readonly emit: (event: AnnouncerEvent) => void) {
    this.macBytes = macToBytes(mac);
  }

  /** Handles one received frame: answer, or notice another MAC claiming one of our addresses. */
  receive(frame: Uint8Array): void {
    // A reply, or a gratuitous announcement, from another MAC for one of our addresses: a conflict (checked first:
    // a gratuitous announcement is also a request for our address, which must not be answered).
    if (frame.length >= 42 && frame[12] === 0x08 && frame[13] === 0x06) {
      const senderIp = ipAt(frame, 28);
      if (this.owned.has(senderIp) && (frame[21] === ARP_REPLY || senderIp === ipAt(frame, 38)) && macToString(frame, 22) !== this.mac) {
        this.conflicts++;
        this.emit({event: 'conflict', ip: senderIp, mac: macToString(frame, 22)});
        return;
      }
    }
    const answer = answerArpFrame(frame, this.macBytes, this.owned);
    if (typeof answer === 'string') return;
    this.transport.send(answer);
    this.answered++;
    this.emit({event: 'answered', ip: ipAt(frame, 38), to: macToString(frame, 22)});
  }

  /** Starts announcing an address: an immediate gratuitous round, then every 1.1 s until 5 s, then every refresh. */
  add(ip: string, refreshMs = 0): void {
    this.owned.add(ip);
    let round = 0;
    const announce = () => {
      for (const frame of gratuitousArp(this.mac, ip)) this.transport.send(frame);
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

/** An RFC 5227 probe: an ARP request with sender IP 0.0.0.0; whoever answers holds the address. */
export function probeFrame(mac: string, ip: string): Uint8Array {
  return arpFrame({destination: BROADCAST, source: mac, operation: ARP_REQUEST, senderMac: mac, senderIp: '0.0.0.0', targetMac: '00:00:00:00:00:00', targetIp: ip});
}

/** Collects, from received frames, which MACs answered for which probed address. */
export class ProbeCollector {
  readonly holders = new Map<string, Set<string>>();

  constructor(private readonly ownMac: string, addresses: Iterable<string>) {
    for (const ip of addresses) this.holders.set(ip, new Set());
  }

  receive(frame: Uint8Array): void {
    const decoded = decodeArp(frame);
    if ('drop' in decoded) return;
    const {packet} = decoded;
    if (packet.operation !== ARP_REPLY || packet.senderMac === this.ownMac) return;
    this.holders.get(packet.senderIp)?.add(packet.senderMac);
  }
}
