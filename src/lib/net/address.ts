// IPv4 and IPv6 addresses as exact integers, parsed the way Go's net.ParseIP does (MetalLB is Go).
import ipaddr from 'ipaddr.js';

export type Family = 4 | 6;

export interface IpAddress {
  readonly family: Family;
  readonly value: bigint;
}

export const FAMILY_BITS: Record<Family, number> = {4: 32, 6: 128};

const IPV4_OCTET = /^(0|[1-9][0-9]{0,2})$/;

/**
 * Strict dotted-decimal IPv4, as Go accepts it: four decimal octets, no leading zeros.
 * ipaddr.js is not used for IPv4 because it accepts octal, hex and short forms ("0x7f.1") that Go rejects.
 */
function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!IPV4_OCTET.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return BigInt(value);
}

function parseIpv6(text: string): bigint | undefined {
  // Zones ("fe80::1%eth0") are not addresses to Go's ParseIP; an embedded IPv4 part must be strict too.
  if (text.includes('%') || !ipaddr.IPv6.isValid(text)) return undefined;
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.') && parseIpv4(tail) === undefined) return undefined;
  let value = 0n;
  for (const part of ipaddr.IPv6.parse(text).parts) value = (value << 16n) | BigInt(part);
  return value;
}

const V4_MAPPED_PREFIX = 0xffffn << 32n;

/** Parses an address like Go's net.ParseIP; an IPv4-mapped IPv6 address counts as IPv4, as Go's To4 says. */
export function parseIp(text: string): IpAddress | undefined {
  if (text.includes(':')) {
    const value = parseIpv6(text);
    if (value === undefined) return undefined;
    if (value >> 32n === 0xffffn) return {family: 4, value: value - V4_MAPPED_PREFIX};
    return {family: 6, value};
  }
  const value = parseIpv4(text);
  return value === undefined ? undefined : {family: 4, value};
}

/** Like parseIp, but keeps an IPv4-mapped IPv6 address in the IPv6 family (used for CIDRs, as Go's ParseCIDR does). */
export function parseIpKeepFamily(text: string): IpAddress | undefined {
  if (text.includes(':')) {
    const value = parseIpv6(text);
    return value === undefined ? undefined : {family: 6, value};
  }
  const value = parseIpv4(text);
  return value === undefined ? undefined : {family: 4, value};
}

export function formatIp(address: IpAddress): string {
  return address.family === 4 ? formatIpv4(address.value) : formatIpv6(address.value);
}

function formatIpv4(value: bigint): string {
  return formatIpv4Number(Number(value));
}

/** An IPv4 address given as a plain number (0 to 2^32 − 1): the allocator formats 100,000s of them. */
export function formatIpv4Number(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** RFC 5952: lowercase, no leading zeros, the longest run (≥ 2) of zero groups compressed, the first on ties. */
function formatIpv6(value: bigint): string {
  // One hex string instead of eight BigInt shifts: BigInt arithmetic allocates at every step.
  const digits = value.toString(16).padStart(32, '0');
  if (digits.startsWith('00000000000000000000ffff')) return `::ffff:${formatIpv4Number(Number.parseInt(digits.slice(24), 16))}`;
  const groups: number[] = [];
  for (let i = 0; i < 32; i += 4) groups.push(Number.parseInt(digits.slice(i, i + 4), 16));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  const head = hex.slice(0, bestStart).join(':');
  const tail = hex.slice(bestStart + bestLength).join(':');
  return `${head}::${tail}`;
}

export function compareIp(a: IpAddress, b: IpAddress): number {
  if (a.family !== b.family) return a.family - b.family;
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}

export function maxValue(family: Family): bigint {
  return (1n << BigInt(FAMILY_BITS[family])) - 1n;
}
