// The announcer: answers ARP for owned addresses, announces them gratuitously (at once, then every 1.1 s until 5 s
// have passed, then every --refresh), probes before announcing (RFC 5227) and reports conflicts while running.
// It acts through a Transport, so that it can be driven without a socket.
import {ARP_REPLY, ARP_REQUEST, BROADCAST, arpFrame, decideArp, decodeArp, gratuitousArp} from './arp.js';

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

  constructor(readonly mac: string, private readonly transport: Transport, private readonly emit: (event: AnnouncerEvent) => void) {}

  /** Handles one received frame: answer, or notice another MAC claiming one of our addresses. */
  receive(frame: Uint8Array): void {
    const decoded = decodeArp(frame);
    if ('drop' in decoded) return;
    const packet = decoded.packet;
    if (packet.senderMac !== this.mac && this.owned.has(packet.senderIp) && (packet.operation === ARP_REPLY || packet.senderIp === packet.targetIp)) {
      this.conflicts++;
      this.emit({event: 'conflict', ip: packet.senderIp, mac: packet.senderMac});
      return;
    }
    const decision = decideArp(packet, {mac: this.mac, owned: this.owned});
    if ('reply' in decision) {
      this.transport.send(decision.reply);
      this.answered++;
      this.emit({event: 'answered', ip: packet.targetIp, to: packet.senderMac});
    }
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
