// NDP for the announcer: Neighbor Solicitations in, Neighbor Advertisements out, decided purely on frames
// (Ethernet + IPv6 + ICMPv6), with hop limit 255 and the ICMPv6 checksum.
// The NA is sent FROM the target address itself, not from a link-local address: ndisc6 (and some hosts) ignore
// an advertisement for a global target that comes from a link-local source.
import {type IpAddress, formatIp, parseIp} from '../net/index.js';
import {macToBytes, macToString} from './arp.js';

export const ETHERTYPE_IPV6 = 0x86dd;
const ICMPV6 = 58;
const NS = 135;
const NA = 136;

export type NdpDropReason = 'short-frame' | 'not-ipv6' | 'not-icmpv6' | 'not-a-solicitation' | 'hop-limit' | 'no-source-link-layer' | 'not-our-address';

function ipv6Bytes(address: IpAddress): Uint8Array {
  const bytes = new Uint8Array(16);
  let value = address.value;
  for (let i = 15; i >= 0; i--) {
    bytes[i] = Number(value & 0xffn);
    value >>= 8n;
  }
  return bytes;
}

function ipv6At(frame: Uint8Array, offset: number): string {
  let value = 0n;
  for (let i = 0; i < 16; i++) value = (value << 8n) | BigInt(frame[offset + i]!);
  return formatIp({family: 6, value});
}

/** The solicited-node multicast MAC of an address: 33:33:ff + its last three bytes. */
export function solicitedNodeMac(ip: string): Uint8Array {
  const bytes = ipv6Bytes(parseIp(ip)!);
  return Uint8Array.from([0x33, 0x33, 0xff, bytes[13]!, bytes[14]!, bytes[15]!]);
}

function checksum(source: Uint8Array, destination: Uint8Array, icmp: Uint8Array): number {
  let sum = 0;
  const add16 = (bytes: Uint8Array) => {
    for (let i = 0; i < bytes.length; i += 2) sum += (bytes[i]! << 8) | (bytes[i + 1] ?? 0);
  };
  add16(source);
  add16(destination);
  sum += icmp.length;
  sum += ICMPV6;
  add16(icmp);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** An Ethernet frame carrying one ICMPv6 message with hop limit 255. */
function icmpFrame(destinationMac: Uint8Array, sourceMac: Uint8Array, source: Uint8Array, destination: Uint8Array, icmp: Uint8Array): Uint8Array {
  const frame = new Uint8Array(14 + 40 + icmp.length);
  frame.set(destinationMac, 0);
  frame.set(sourceMac, 6);
  frame[12] = 0x86;
  frame[13] = 0xdd;
  frame[14] = 0x60; // version 6
  frame[18] = icmp.length >> 8;
  frame[19] = icmp.length & 0xff;
  frame[20] = ICMPV6;
  frame[21] = 255;
  frame.set(source, 22);
  frame.set(destination, 38);
  const sum = checksum(source, destination, icmp);
  icmp[2] = sum >> 8;
  icmp[3] = sum & 0xff;
  frame.set(icmp, 54);
  return frame;
}

/** A Neighbor Advertisement for `target` with our MAC as the target link-layer address. */
export function neighborAdvertisement(ourMac: string, target: string, destinationMac: Uint8Array, destination: Uint8Array, solicited: boolean, override: boolean): Uint8Array {
  const icmp = new Uint8Array(32);
  icmp[0] = NA;
  icmp[4] = (solicited ? 0x40 : 0) | (override ? 0x20 : 0);
  const targetBytes = ipv6Bytes(parseIp(target)!);
  icmp.set(targetBytes, 8);
  icmp[24] = 2; // Target Link-Layer Address option
  icmp[25] = 1; // length in units of 8 bytes
  icmp.set(macToBytes(ourMac), 26);
  return icmpFrame(destinationMac, macToBytes(ourMac), targetBytes, destination, icmp);
}

const ALL_NODES = ipv6Bytes(parseIp('ff02::1')!);
const ALL_NODES_MAC = Uint8Array.from([0x33, 0x33, 0, 0, 0, 1]);

/** The unsolicited NA a host sends when it takes an address over: to all nodes, Override set. */
export function unsolicitedAdvertisement(ourMac: string, target: string): Uint8Array {
  return neighborAdvertisement(ourMac, target, ALL_NODES_MAC, ALL_NODES, false, true);
}

/** A DAD probe: a Neighbor Solicitation from :: to the address's solicited-node group. */
export function dadSolicitation(ourMac: string, target: string): Uint8Array {
  const icmp = new Uint8Array(24);
  icmp[0] = NS;
  const targetBytes = ipv6Bytes(parseIp(target)!);
  icmp.set(targetBytes, 8);
  const group = ipv6Bytes(parseIp('ff02::1:ff00:0')!);
  group.set(targetBytes.subarray(13), 13);
  return icmpFrame(solicitedNodeMac(target), macToBytes(ourMac), new Uint8Array(16), group, icmp);
}

/** Answers a Neighbor Solicitation for an owned address (only those carrying a source link-layer option, as MetalLB). */
export function answerNdpFrame(frame: Uint8Array, ourMac: string, owned: ReadonlySet<string>): Uint8Array | NdpDropReason {
  if (frame.length < 14 + 40 + 24) return 'short-frame';
  if (frame[12] !== 0x86 || frame[13] !== 0xdd || frame[14]! >> 4 !== 6) return 'not-ipv6';
  if (frame[20] !== ICMPV6) return 'not-icmpv6';
  if (frame[54] !== NS) return 'not-a-solicitation';
  if (frame[21] !== 255) return 'hop-limit';
  const target = ipv6At(frame, 62);
  let sourceMac: Uint8Array | undefined;
  for (let at = 78; at + 8 <= frame.length; ) {
    const length = frame[at + 1]! * 8;
    if (length === 0) break;
    if (frame[at] === 1 && length >= 8) sourceMac = frame.slice(at + 2, at + 8);
    at += length;
  }
  if (!sourceMac) return 'no-source-link-layer';
  if (!owned.has(target)) return 'not-our-address';
  return neighborAdvertisement(ourMac, target, sourceMac, frame.slice(22, 38), true, false);
}

/**
 * The target of a Duplicate Address Detection probe (a Neighbor Solicitation from ::, RFC 4862 5.4), if the frame is
 * one. A speaker owning the target defends it with an advertisement to all nodes (RFC 4861 7.2.4: a solicitation
 * from :: is answered by multicast, Solicited clear), so the prober sees the address is taken.
 */
export function dadProbeTarget(frame: Uint8Array): string | undefined {
  if (frame.length < 14 + 40 + 24 || frame[12] !== 0x86 || frame[13] !== 0xdd || frame[20] !== ICMPV6 || frame[54] !== NS || frame[21] !== 255) return undefined;
  for (let i = 22; i < 38; i++) if (frame[i] !== 0) return undefined;
  return ipv6At(frame, 62);
}

/** For the probe and conflict checks: an NA's target and the MAC it advertises, if the frame is one. */
export function advertisedBy(frame: Uint8Array): {target: string; mac: string} | undefined {
  if (frame.length < 14 + 40 + 24 || frame[12] !== 0x86 || frame[13] !== 0xdd || frame[20] !== ICMPV6 || frame[54] !== NA) return undefined;
  const target = ipv6At(frame, 62);
  if (frame.length >= 86 && frame[78] === 2) return {target, mac: macToString(frame, 80)};
  return {target, mac: macToString(frame, 6)};
}
