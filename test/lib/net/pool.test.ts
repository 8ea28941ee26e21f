import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {
  type IpAddress,
  Pool,
  PoolEntryError,
  findOverlaps,
  formatIp,
  formatRange,
  parsePoolEntry,
  rangesOverlap,
} from '../../../src/lib/net/index.js';

function errorOf(text: string): PoolEntryError {
  try {
    parsePoolEntry(text);
  } catch (error) {
    if (error instanceof PoolEntryError) return error;
    throw error;
  }
  throw new Error(`${text} parsed`);
}

describe('parsePoolEntry: MetalLB parsing rules and messages', () => {
  it.each([
    ['a CIDR', '192.0.2.0/24', '192.0.2.0-192.0.2.255', 256n],
    ['a range', '192.168.2.100-192.168.2.150', '192.168.2.100-192.168.2.150', 51n],
    ['a range with spaces around "-" (trimmed)', '192.0.2.1 - 192.0.2.3', '192.0.2.1-192.0.2.3', 3n],
    ['a single-address range', '192.0.2.7-192.0.2.7', '192.0.2.7', 1n],
    ['a /32', '192.0.2.7/32', '192.0.2.7', 1n],
    ['an IPv6 range', '2001:db8::10-2001:db8::1f', '2001:db8::10-2001:db8::1f', 16n],
    ['an IPv6 /64 (exact size, no floating point)', '2001:db8::/64', '2001:db8::-2001:db8::ffff:ffff:ffff:ffff', 18446744073709551616n],
    ['the whole IPv6 space', '::/0', '::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 2n ** 128n],
  ])('accepts %s', (_, text, range, size) => {
    const entry = parsePoolEntry(text);
    expect(formatRange(entry.range)).toBe(range);
    expect(new Pool([entry]).size).toBe(size);
  });

  it('accepts a CIDR with host bits set and says which network it means', () => {
    const entry = parsePoolEntry('192.168.1.5/24');
    expect(entry.network).toBe('192.168.1.0/24');
    expect(formatRange(entry.range)).toBe('192.168.1.0-192.168.1.255');
    expect(parsePoolEntry('192.168.1.0/24').network).toBeUndefined();
  });

  it.each([
    ['192.0.2.1', 'invalid-cidr', 'invalid CIDR "192.0.2.1"'],
    [' 192.0.2.0/24', 'invalid-cidr', 'invalid CIDR " 192.0.2.0/24"'], // a CIDR is not trimmed
    ['192.0.2.0/33', 'invalid-cidr', 'invalid CIDR "192.0.2.0/33"'],
    ['x-192.0.2.1', 'invalid-start', 'invalid IP range "x-192.0.2.1": invalid start IP "x"'],
    ['192.0.2.1-', 'invalid-end', 'invalid IP range "192.0.2.1-": invalid end IP ""'],
    ['192.0.2.1-192.0.2.0/24', 'invalid-end', 'invalid IP range "192.0.2.1-192.0.2.0/24": invalid end IP "192.0.2.0/24"'],
    ['192.0.2.9-192.0.2.1', 'start-after-end', 'invalid IP range "192.0.2.9-192.0.2.1": start IP "192.0.2.9" is after the end IP "192.0.2.1"'],
    ['192.0.2.1-2001:db8::1', 'mixed-families', 'invalid IP range "192.0.2.1-2001:db8::1": start IP "192.0.2.1" and end IP "2001:db8::1" are of different families'],
  ])('rejects %j with MetalLB\'s message', (text, code, message) => {
    const error = errorOf(text);
    expect(error).toMatchObject({code, metallbMessage: message});
    expect(error.hint).toMatch(/\.$/);
  });

  it('suggests /32 for a bare address', () => {
    expect(errorOf('192.0.2.1').hint).toBe('write 192.0.2.1/32 for a single address.');
  });
});

describe('Pool: sizes and lookups without enumerating', () => {
  const v6 = Pool.parse(['2001:db8::/64', '2001:db8:1::/64']);

  it('computes exact sizes of huge pools', () => {
    expect(v6.size).toBe(2n ** 65n);
  });

  it('finds the n-th address and its index in a /64 at once', () => {
    const n = 2n ** 64n + 5n;
    const address = v6.nth(n)!;
    expect(formatIp(address)).toBe('2001:db8:1::5');
    expect(v6.indexOf(address)).toBe(n);
    expect(v6.nth(2n ** 65n)).toBeUndefined();
  });

  it('lists free ranges of a /64 with a few used addresses', () => {
    const used = ['2001:db8::', '2001:db8::2', '2001:db8:1:0:ffff:ffff:ffff:ffff'].map((t) => Pool.parse([`${t}/128`]).nth(0n)!);
    expect(v6.freeRanges(used).map(formatRange)).toEqual([
      '2001:db8::1',
      '2001:db8::3-2001:db8::ffff:ffff:ffff:ffff',
      '2001:db8:1::-2001:db8:1:0:ffff:ffff:ffff:fffe',
    ]);
  });

  it('keeps pool order (not address order) for nth, as the module scans entries in order', () => {
    const pool = Pool.parse(['192.0.2.200-192.0.2.201', '192.0.2.1-192.0.2.2']);
    expect([0n, 1n, 2n, 3n].map((n) => formatIp(pool.nth(n)!))).toEqual(['192.0.2.200', '192.0.2.201', '192.0.2.1', '192.0.2.2']);
  });

  it('nthText is formatIp of nth at every position, IPv4 (plain numbers) and IPv6 alike, and undefined past the end', () => {
    for (const pool of [Pool.parse(['192.0.2.200-192.0.2.201', '198.51.100.0/30', '0.0.0.0/32', '255.255.255.254/31']), Pool.parse(['2001:db8::/127', '2001:db8:1::5/128'])]) {
      const size = Number(pool.size);
      for (let n = 0; n < size; n++) expect(pool.nthText(n)).toBe(formatIp(pool.nth(BigInt(n))!));
      expect(pool.nthText(BigInt(size - 1))).toBe(formatIp(pool.nth(BigInt(size - 1))!));
      expect(pool.nthText(size)).toBeUndefined();
      expect(pool.nthText(-1)).toBeUndefined();
    }
  });
});

// ---- property tests against a naive reference on small ranges ----

const BASE4 = 0xc0000200n; // 192.0.2.0/24: small enough to enumerate
const BASE6 = 0x20010db8000000000000000000000000n; // 2001:db8::/120

const entryText = fc
  .record({
    v6: fc.boolean(),
    kind: fc.constantFrom('cidr', 'range'),
    a: fc.integer({min: 0, max: 255}),
    b: fc.integer({min: 0, max: 255}),
    prefix: fc.integer({min: 0, max: 8}),
  })
  .map(({v6, kind, a, b, prefix}) => {
    const family = v6 ? 6 : 4;
    const base = v6 ? BASE6 : BASE4;
    const at = (n: number) => formatIp({family, value: base + BigInt(n)});
    if (kind === 'cidr') return `${at(a)}/${(v6 ? 128 : 32) - prefix}`;
    return `${at(Math.min(a, b))}-${at(Math.max(a, b))}`;
  });

function enumerate(text: string): IpAddress[] {
  const {range} = parsePoolEntry(text);
  const out: IpAddress[] = [];
  for (let v = range.first; v <= range.last; v++) out.push({family: range.family, value: v});
  return out;
}

const key = (a: IpAddress) => `${a.family}/${a.value}`;

describe('Pool properties (naive reference: enumerate small pools)', () => {
  it('size, nth, indexOf and contains agree with enumeration', () => {
    fc.assert(
      fc.property(fc.array(entryText, {minLength: 1, maxLength: 5}), fc.integer({min: 0, max: 255}), fc.boolean(), (texts, probe, probe6) => {
        const pool = Pool.parse(texts);
        const naive = texts.flatMap(enumerate);
        expect(pool.size).toBe(BigInt(naive.length));
        naive.forEach((address, i) => expect(pool.nth(BigInt(i))).toEqual(address));
        const first = naive.findIndex((a) => key(a) === key(naive[naive.length - 1]!));
        expect(pool.indexOf(naive[naive.length - 1]!)).toBe(BigInt(first));
        const probeAddress: IpAddress = probe6 ? {family: 6, value: BASE6 + BigInt(probe)} : {family: 4, value: BASE4 + BigInt(probe)};
        expect(pool.contains(probeAddress)).toBe(naive.some((a) => key(a) === key(probeAddress)));
        expect([...pool.addresses()]).toEqual(naive);
      }),
      {numRuns: 300},
    );
  });

  it('free ranges are exactly the unused addresses, in pool order, as maximal runs per entry', () => {
    fc.assert(
      fc.property(fc.array(entryText, {minLength: 1, maxLength: 4}), fc.array(fc.integer({min: 0, max: 255}), {maxLength: 60}), (texts, usedOffsets) => {
        // Overlapping entries would list an address twice; the property is about valid (disjoint) pools.
        const entries = texts.map(parsePoolEntry);
        fc.pre(entries.every((e, i) => entries.every((f, j) => i === j || !rangesOverlap(e.range, f.range))));
        const pool = new Pool(entries);
        const used = usedOffsets.flatMap((o) => [{family: 4 as const, value: BASE4 + BigInt(o)}, {family: 6 as const, value: BASE6 + BigInt(o)}]);
        const usedKeys = new Set(used.map(key));
        const expected: string[] = [];
        for (const text of texts) {
          let run: IpAddress[] = [];
          const flush = () => {
            if (run.length) expected.push(formatRange({family: run[0]!.family, first: run[0]!.value, last: run[run.length - 1]!.value}));
            run = [];
          };
          for (const a of enumerate(text)) {
            if (usedKeys.has(key(a))) flush();
            else run.push(a);
          }
          flush();
        }
        expect(pool.freeRanges(used).map(formatRange)).toEqual(expected);
      }),
      {numRuns: 300},
    );
  });

  it('findOverlaps reports every entry that overlaps another, and only real overlaps', () => {
    fc.assert(
      fc.property(fc.array(entryText, {minLength: 1, maxLength: 8}), (texts) => {
        const labelled = texts.map((text, i) => ({owner: i, entry: parsePoolEntry(text)}));
        const overlaps = findOverlaps(labelled);
        for (const {a, b} of overlaps) {
          expect(rangesOverlap(a.entry.range, b.entry.range)).toBe(true);
          expect(a.owner).toBeLessThan(b.owner);
        }
        const reported = new Set(overlaps.flatMap(({a, b}) => [a.owner, b.owner]));
        const naive = new Set(labelled.filter((x) => labelled.some((y) => x !== y && rangesOverlap(x.entry.range, y.entry.range))).map((x) => x.owner));
        expect(reported).toEqual(naive);
      }),
      {numRuns: 500},
    );
  });
});
