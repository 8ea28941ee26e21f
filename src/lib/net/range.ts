// Address ranges (first..last, inclusive) and the pool entries MetalLB accepts: a CIDR or "a-b".
import {type Family, FAMILY_BITS, type IpAddress, formatIp, parseIp, parseIpKeepFamily} from './address.js';

export interface AddressRange {
  readonly family: Family;
  readonly first: bigint;
  readonly last: bigint;
}

export function rangeSize(range: AddressRange): bigint {
  return range.last - range.first + 1n;
}

export function rangeContains(range: AddressRange, address: IpAddress): boolean {
  return range.family === address.family && range.first <= address.value && address.value <= range.last;
}

export function rangesOverlap(a: AddressRange, b: AddressRange): boolean {
  return a.family === b.family && a.first <= b.last && b.first <= a.last;
}

export function formatRange(range: AddressRange): string {
  const first = formatIp({family: range.family, value: range.first});
  if (range.first === range.last) return first;
  return `${first}-${formatIp({family: range.family, value: range.last})}`;
}

export type PoolEntryErrorCode = 'invalid-cidr' | 'invalid-range' | 'invalid-start' | 'invalid-end' | 'start-after-end' | 'mixed-families';

/** Why an entry is invalid: MetalLB's own message, a short reason for our one-line errors, and the fix. */
export class PoolEntryError extends Error {
  constructor(
    readonly code: PoolEntryErrorCode,
    readonly entry: string,
    /** MetalLB's wording (what the controller would log). */
    readonly metallbMessage: string,
    /** The same fact without repeating the entry. */
    readonly reason: string,
    readonly hint: string,
  ) {
    super(metallbMessage);
    this.name = 'PoolEntryError';
  }
}

export interface PoolEntry {
  /** The text exactly as written. */
  readonly text: string;
  readonly kind: 'cidr' | 'range';
  readonly range: AddressRange;
  /** Set when a CIDR has host bits: MetalLB silently uses this network instead. */
  readonly network?: string;
}

const q = JSON.stringify;

function prefixRange(address: IpAddress, prefix: number): AddressRange {
  const hostBits = BigInt(FAMILY_BITS[address.family] - prefix);
  const first = (address.value >> hostBits) << hostBits;
  return {family: address.family, first, last: first + (1n << hostBits) - 1n};
}

/**
 * Parses one address-pool entry as MetalLB's config.ParseCIDR does: without "-" it must be a CIDR (untrimmed);
 * otherwise it is split at the first "-" and each side is trimmed. Returns the entry or throws PoolEntryError.
 */
export function parsePoolEntry(text: string): PoolEntry {
  if (!text.includes('-')) return parseCidrEntry(text);
  const dash = text.indexOf('-');
  const startText = text.slice(0, dash);
  const endText = text.slice(dash + 1);
  const start = parseIp(startText.trim());
  if (!start) {
    throw new PoolEntryError('invalid-start', text, `invalid IP range ${q(text)}: invalid start IP ${q(startText)}`,
      `invalid start IP ${q(startText)}`, 'write the start as an IPv4 or IPv6 address.');
  }
  const end = parseIp(endText.trim());
  if (!end) {
    throw new PoolEntryError('invalid-end', text, `invalid IP range ${q(text)}: invalid end IP ${q(endText)}`,
      `invalid end IP ${q(endText)}`, 'write the end as an IPv4 or IPv6 address.');
  }
  if (start.family !== end.family) {
    // MetalLB compares the two as 16-byte addresses (an IPv4 address as ::ffff:a.b.c.d) before it looks at
    // families (config.ParseCIDR): "1.2.3.4-::1" is "start after end" and rejects the configuration, while
    // "::1-1.2.3.4" passes and summarises to no CIDR at all (ipaddr.Summarize gives none across families).
    if (as16Bytes(start) > as16Bytes(end)) {
      throw new PoolEntryError('start-after-end', text,
        `invalid IP range ${q(text)}: start IP ${q(formatIp(start))} is after the end IP ${q(formatIp(end))}`,
        `start IP ${formatIp(start)} is after the end IP ${formatIp(end)} (MetalLB compares an IPv4 address as ::ffff:${start.family === 4 ? formatIp(start) : formatIp(end)})`,
        'use two addresses of the same family.');
    }
    throw new PoolEntryError('mixed-families', text,
      `invalid IP range ${q(text)}: start IP ${q(formatIp(start))} and end IP ${q(formatIp(end))} are of different families`,
      `start IP ${formatIp(start)} is IPv${start.family} but end IP ${formatIp(end)} is IPv${end.family}`,
      'use two addresses of the same family.');
  }
  if (start.value > end.value) {
    throw new PoolEntryError('start-after-end', text,
      `invalid IP range ${q(text)}: start IP ${q(formatIp(start))} is after the end IP ${q(formatIp(end))}`,
      `start IP ${formatIp(start)} is after the end IP ${formatIp(end)}`, 'swap them.');
  }
  return {text, kind: 'range', range: {family: start.family, first: start.value, last: end.value}};
}

/** An address as Go's net.ParseIP holds it: IPv4 as the IPv4-mapped IPv6 address. */
function as16Bytes(address: IpAddress): bigint {
  return address.family === 4 ? (0xffffn << 32n) | address.value : address.value;
}

/**
 * The CIDRs MetalLB makes of a range (ipaddr.Summarize): the fewest aligned blocks covering it, in address order.
 * MetalLB checks overlaps and names them with these.
 */
export function summarize(range: AddressRange): string[] {
  return summarizeBlocks(range).map((b) => b.cidr);
}

/** The same blocks, each with its range (for overlap checks without parsing the CIDR text back). */
export function summarizeBlocks(range: AddressRange): {cidr: string; range: AddressRange}[] {
  const bits = BigInt(FAMILY_BITS[range.family]);
  const blocks: {cidr: string; range: AddressRange}[] = [];
  let first = range.first;
  while (first <= range.last) {
    // The largest block that starts at `first` (aligned) and ends within the range.
    let size = 0n;
    while (size < bits && (first & ((1n << (size + 1n)) - 1n)) === 0n && first + (1n << (size + 1n)) - 1n <= range.last) size++;
    const last = first + (1n << size) - 1n;
    blocks.push({cidr: `${formatIp({family: range.family, value: first})}/${bits - size}`, range: {family: range.family, first, last}});
    first = last + 1n;
  }
  return blocks;
}

const DECIMAL = /^[0-9]+$/;

function parseCidrEntry(text: string): PoolEntry {
  const invalid = (why: string, hint: string) =>
    new PoolEntryError('invalid-cidr', text, `invalid CIDR ${q(text)}`, why, hint);
  const slash = text.indexOf('/');
  if (slash < 0) {
    const single = parseIp(text);
    throw invalid('not a CIDR (no "/prefix") and not a range (no "-")',
      single ? `write ${text}/${single.family === 4 ? 32 : 128} for a single address.` : 'write a CIDR such as 192.0.2.0/24 or a range such as 192.0.2.10-192.0.2.20.');
  }
  const addressText = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  const address = parseIpKeepFamily(addressText);
  if (!address) return throwInvalid(invalid(`${q(addressText)} is not an IP address`, 'write a CIDR such as 192.0.2.0/24.'));
  const bits = FAMILY_BITS[address.family];
  const prefix = DECIMAL.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix >= 0 && prefix <= bits)) {
    return throwInvalid(invalid(`prefix length ${q(prefixText)} is not a number from 0 to ${bits}`, `use a prefix length from 0 to ${bits}.`));
  }
  const range = prefixRange(address, prefix);
  const entry: PoolEntry = {text, kind: 'cidr', range};
  if (range.first !== address.value) {
    return {...entry, network: `${formatIp({family: address.family, value: range.first})}/${prefix}`};
  }
  return entry;
}

function throwInvalid(error: PoolEntryError): never {
  throw error;
}

/** Parses an entry and returns either the entry or the error, for callers that collect all problems. */
export function tryParsePoolEntry(text: string): {entry: PoolEntry; error?: undefined} | {entry?: undefined; error: PoolEntryError} {
  try {
    return {entry: parsePoolEntry(text)};
  } catch (error) {
    if (error instanceof PoolEntryError) return {error};
    throw error;
  }
}
