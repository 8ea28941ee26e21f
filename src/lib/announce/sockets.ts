// The raw sockets an announcer or a probe needs: ARP for IPv4 addresses, IPv6 (NDP) for IPv6 ones, with the
// solicited-node multicast groups of the IPv6 addresses joined so that their solicitations arrive.
import {ETHERTYPE_ARP} from './arp.js';
import {type RawSocketModule, loadRawSockets, openRawSocket} from './native.js';
import {ETHERTYPE_IPV6, solicitedNodeMac} from './ndp.js';

export class LinkSockets {
  private readonly native: RawSocketModule;
  private readonly arp?: object;
  private readonly ipv6?: object;

  constructor(ifname: string, addresses: readonly string[], onFrame: (frame: Buffer) => void) {
    this.native = loadRawSockets();
    const v6 = addresses.filter((a) => a.includes(':'));
    if (v6.length < addresses.length) this.arp = openRawSocket(ifname, ETHERTYPE_ARP, onFrame);
    if (v6.length > 0) {
      this.ipv6 = openRawSocket(ifname, ETHERTYPE_IPV6, onFrame);
      for (const address of v6) this.native.joinMulticast(this.ipv6, solicitedNodeMac(address));
    }
  }

  send(frame: Uint8Array): void {
    const ipv6 = frame[12] === 0x86 && frame[13] === 0xdd;
    const handle = ipv6 ? this.ipv6 : this.arp;
    if (handle) this.native.send(handle, frame);
  }

  close(): void {
    for (const handle of [this.arp, this.ipv6]) if (handle) this.native.close(handle);
  }
}
