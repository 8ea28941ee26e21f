// Which addresses can be a Service address on a link: ranges from RFC 6890 (IPv4) and RFC 4291 (IPv6) that ARP or
// NDP never claims for a host. ipaddr.js names the ranges.
import ipaddr from 'ipaddr.js';

const REFUSED: Record<string, string> = {
  unspecified: 'the unspecified', broadcast: 'the broadcast', multicast: 'a multicast', loopback: 'a loopback', linkLocal: 'a link-local',
};

/** "a multicast", "the broadcast", … for an address no speaker may claim; undefined for one it may. */
export function unannounceable(ip: string): string | undefined {
  const address = ipaddr.parse(ip);
  const range = address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() ? 'ipv4Mapped' : address.range();
  if (range === 'ipv4Mapped') return 'an IPv4-mapped';
  return REFUSED[range];
}
