// An address pool: the ordered entries of one class (or ModuleConfig pool). Exact sizes, lookup, the n-th
// address and free ranges, all without enumerating a range (an IPv6 /64 has 2^64 addresses).
import {type IpAddress, compareIp, formatIp, formatIpv4Number} from './address.js';
import {type AddressRange, type PoolEntry, PoolEntryError, rangeContains, rangeSize, rangesOverlap, tryParsePoolEntry} from './range.js';

export class Pool {
  readonly entries: readonly PoolEntry[];
  /** offsets[i] = number of addresses in entries before i, in pool order. */
  private readonly offsets: bigint[];
  readonly size: bigint;
  /**
   * IPv4-only pools: each entry's first address and offset as plain numbers, so that nthText needs no BigInt (the
   * allocator formats hundreds of thousands of addresses).
   */
  private readonly v4?: {readonly firsts: readonly number[]; readonly offsets: readonly number[]};
  /** Entries sorted by (family, first), for lookups. */
  private readonly sorted: readonly AddressRange[];

  constructor(entries: readonly PoolEntry[]) {
    this.entries = entries;
    this.offsets = [];
    let total = 0n;
    for (const entry of entries) {
      this.offsets.push(total);
      total += rangeSize(entry.range);
    }
    this.size = total;
    if (entries.length > 0 && entries.every((e) => e.range.family === 4)) {
      this.v4 = {firsts: entries.map((e) => Number(e.range.first)), offsets: this.offsets.map(Number)};
    }
    this.sorted = entries.map((e) => e.range).sort(compareRanges);
  }

  /** Parses every entry; throws the first PoolEntryError. */
  static parse(texts: readonly string[]): Pool {
    const entries: PoolEntry[] = [];
    for (const text of texts) {
      const result = tryParsePoolEntry(text);
      if (result.error) throw result.error;
      entries.push(result.entry);
    }
    return new Pool(entries);
  }

  /** Parses what it can and returns the errors of the rest. */
  static parseAll(texts: readonly string[]): {pool: Pool; errors: PoolEntryError[]} {
    const entries: PoolEntry[] = [];
    const errors: PoolEntryError[] = [];
    for (const text of texts) {
      const result = tryParsePoolEntry(text);
      if (result.error) errors.push(result.error);
      else entries.push(result.entry);
    }
    return {pool: new Pool(entries), errors};
  }

  contains(address: IpAddress): boolean {
    // Binary search for the last range starting at or before the address; overlaps are rare, so also look back
    // over ranges that still reach it (a pool with overlaps is invalid anyway).
    let lo = 0;
    let hi = this.sorted.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = this.sorted[mid]!;
      if (r.family < address.family || (r.family === address.family && r.first <= address.value)) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    for (let i = found; i >= 0; i--) {
      const r = this.sorted[i]!;
      if (r.family !== address.family) break;
      if (rangeContains(r, address)) return true;
    }
    return false;
  }

  /** The n-th address (0-based) scanning entries in order, each from its lowest address; undefined past the end. */
  nth(n: bigint): IpAddress | undefined {
    if (n < 0n || n >= this.size) return undefined;
    let lo = 0;
    let hi = this.offsets.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.offsets[mid]! <= n) lo = mid;
      else hi = mid - 1;
    }
    const range = this.entries[lo]!.range;
    return {family: range.family, value: range.first + (n - this.offsets[lo]!)};
  }

  /** The n-th address as text (formatIp of nth), without BigInt arithmetic for IPv4 pools; undefined past the end. */
  nthText(n: number | bigint): string | undefined {
    if (this.v4 === undefined || typeof n === 'bigint') {
      const address = this.nth(BigInt(n));
      return address && formatIp(address);
    }
    if (n < 0 || n >= Number(this.size)) return undefined;
    const {firsts, offsets} = this.v4;
    let lo = 0;
    let hi = offsets.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (offsets[mid]! <= n) lo = mid;
      else hi = mid - 1;
    }
    return formatIpv4Number(firsts[lo]! + (n - offsets[lo]!));
  }

  /** The position of an address in pool order (inverse of nth), or undefined when outside the pool. */
  indexOf(address: IpAddress): bigint | undefined {
    for (let i = 0; i < this.entries.length; i++) {
      const range = this.entries[i]!.range;
      if (rangeContains(range, address)) return this.offsets[i]! + (address.value - range.first);
    }
    return undefined;
  }

  /** Addresses in pool order, lazily: taking k addresses costs O(k) whatever the pool size. */
  *addresses(): Generator<IpAddress> {
    for (const entry of this.entries) {
      const {family, first, last} = entry.range;
      for (let value = first; value <= last; value++) yield {family, value};
    }
  }

  /**
   * Free ranges in pool order: each entry minus the used addresses. Costs O(E + U log U) for E entries and
   * U used addresses, never the pool size.
   */
  freeRanges(used: Iterable<IpAddress>): AddressRange[] {
    const sortedUsed = [...used].sort(compareIp);
    const free: AddressRange[] = [];
    for (const entry of this.entries) {
      const {family, first, last} = entry.range;
      let cursor = first;
      let i = lowerBound(sortedUsed, {family, value: first});
      for (; i < sortedUsed.length; i++) {
        const u = sortedUsed[i]!;
        if (u.family !== family || u.value > last) break;
        if (u.value > cursor) free.push({family, first: cursor, last: u.value - 1n});
        if (u.value >= cursor) cursor = u.value + 1n;
      }
      if (cursor <= last) free.push({family, first: cursor, last});
    }
    return free;
  }
}

function lowerBound(sorted: readonly IpAddress[], target: IpAddress): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareIp(sorted[mid]!, target) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function compareRanges(a: AddressRange, b: AddressRange): number {
  if (a.family !== b.family) return a.family - b.family;
  if (a.first !== b.first) return a.first < b.first ? -1 : 1;
  return a.last < b.last ? -1 : a.last > b.last ? 1 : 0;
}

/** Where an entry comes from, so an overlap can name both sides. */
export interface LabelledEntry<Owner> {
  readonly owner: Owner;
  readonly entry: PoolEntry;
}

export interface Overlap<Owner> {
  readonly a: LabelledEntry<Owner>;
  readonly b: LabelledEntry<Owner>;
}

/**
 * Overlapping entries among any number of pools, in O(N log N): a sweep in address order that pairs each entry
 * with the earlier entry reaching furthest. Every entry that overlaps something is reported at least once.
 */
export function findOverlaps<Owner>(entries: readonly LabelledEntry<Owner>[]): Overlap<Owner>[] {
  const order = entries.map((_, i) => i).sort((i, j) => compareRanges(entries[i]!.entry.range, entries[j]!.entry.range) || i - j);
  const overlaps: Overlap<Owner>[] = [];
  let reach = -1;
  for (const i of order) {
    const current = entries[i]!.entry.range;
    const farthest = reach >= 0 ? entries[reach]!.entry.range : undefined;
    if (farthest && rangesOverlap(farthest, current)) {
      // Report in input order, so "b" is the one defined later (MetalLB names the later CIDR first).
      const [a, b] = reach < i ? [reach, i] : [i, reach];
      overlaps.push({a: entries[a]!, b: entries[b]!});
    }
    if (!farthest || farthest.family !== current.family || current.last > farthest.last) reach = i;
  }
  return overlaps;
}

