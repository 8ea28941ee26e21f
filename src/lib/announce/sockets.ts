// The raw sockets an announcer or a probe needs: ARP for IPv4 addresses, IPv6 (NDP) for IPv6 ones, with the
// solicited-node multicast groups of the IPv6 addresses joined so that their solicitations arrive.
import {ETHERTYPE_ARP, ipv4Table} from './arp.js';
import {type RawSocketModule, loadRawSockets, openRawSocket} from './native.js';
import {ETHERTYPE_IPV6, solicitedNodeMac} from './ndp.js';

/**
 * Classic BPF: IPv6 frames carrying ICMPv6 Neighbor Solicitations (135) or Advertisements (136) only, so that the
 * rest of the link's IPv6 traffic never reaches the process. (ARP needs none: the socket is bound to ETH_P_ARP.)
 */
export const NDP_FILTER: readonly (readonly number[])[] = [
  [0x28, 0, 0, 12], // ldh [12]         ethertype
  [0x15, 0, 6, 0x86dd], // jeq IPv6, else drop
  [0x30, 0, 0, 20], // ldb [20]         next header (no extension headers in NDP)
  [0x15, 0, 4, 58], // jeq ICMPv6, else drop
  [0x30, 0, 0, 54], // ldb [54]         ICMPv6 type
  [0x15, 1, 0, 135], // jeq NS → accept
  [0x15, 0, 1, 136], // jeq NA → accept, else drop
  [0x06, 0, 0, 0x40000], // accept
  [0x06, 0, 0, 0], // drop
];

export class LinkSockets {
  private readonly native: RawSocketModule;
  private readonly arp?: object;
  private readonly ipv6?: object;

  constructor(ifname: string, addresses: readonly string[], onFrame: (frame: Uint8Array, answered: boolean) => void) {
    this.native = loadRawSockets();
    const v6 = addresses.filter((a) => a.includes(':'));
    if (v6.length < addresses.length) this.arp = openRawSocket(ifname, ETHERTYPE_ARP, onFrame);
    if (v6.length > 0) {
      this.ipv6 = openRawSocket(ifname, ETHERTYPE_IPV6, onFrame, NDP_FILTER);
      for (const address of v6) this.native.joinMulticast(this.ipv6, solicitedNodeMac(address));
    }
  }

  send(frame: Uint8Array): void {
    const ipv6 = frame[12] === 0x86 && frame[13] === 0xdd;
    const handle = ipv6 ? this.ipv6 : this.arp;
    if (handle) this.native.send(handle, frame);
  }

  /** From now on ARP requests for these IPv4 addresses are answered with `mac` as soon as they arrive. */
  answerArp(mac: Uint8Array, addresses: readonly string[]): void {
    if (this.arp) this.native.setArpAnswers(this.arp, mac, ipv4Table(addresses));
  }

  close(): void {
    for (const handle of [this.arp, this.ipv6]) if (handle) this.native.close(handle);
  }
}
