import {isIP} from 'node:net';
import ipaddr from 'ipaddr.js';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {formatIp, parseIp} from '../../../src/lib/net/index.js';

describe('parseIp', () => {
  it.each([
    ['192.0.2.1', 4, 0xc0000201n],
    ['0.0.0.0', 4, 0n],
    ['255.255.255.255', 4, 0xffffffffn],
    ['2001:db8::1', 6, 0x20010db8000000000000000000000001n],
    ['::', 6, 0n],
    ['::ffff:192.0.2.1', 4, 0xc0000201n], // Go's To4: an IPv4-mapped address is IPv4
  ])('parses %s', (text, family, value) => {
    expect(parseIp(text)).toEqual({family, value});
  });

  it.each(['192.0.2.01', '192.0.2', '0x7f.0.0.1', '192.0.2.256', ' 192.0.2.1', 'fe80::1%eth0', '2001:db8::1::2', '::1.2.3.04', ''])(
    'rejects %j as Go does',
    (text) => {
      expect(parseIp(text)).toBeUndefined();
    },
  );

  it('accepts exactly what Node (strict, like Go) accepts, for strings from an address alphabet', () => {
    const text = fc.string({unit: fc.constantFrom(...'0123456789abcdef:.'.split('')), maxLength: 20});
    fc.assert(
      fc.property(text, (s) => {
        expect(parseIp(s) !== undefined).toBe(isIP(s) !== 0);
      }),
      {numRuns: 5000},
    );
  });
});

describe('formatIp', () => {
  it('round-trips every IPv4 address', () => {
    fc.assert(
      fc.property(fc.bigInt({min: 0n, max: 0xffffffffn}), (value) => {
        expect(parseIp(formatIp({family: 4, value}))).toEqual({family: 4, value});
      }),
    );
  });

  it('prints IPv6 in RFC 5952 form, as ipaddr.js does, and round-trips', () => {
    // Groups biased towards zero so that compression is exercised.
    const group = fc.oneof(fc.constant(0), fc.constant(0), fc.integer({min: 0, max: 0xffff}));
    fc.assert(
      fc.property(fc.array(group, {minLength: 8, maxLength: 8}), (groups) => {
        const value = groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
        if (value >> 32n === 0xffffn) return; // IPv4-mapped: Go prints these as IPv4
        const text = formatIp({family: 6, value});
        expect(text).toBe(ipaddr.IPv6.parse(text).toRFC5952String());
        expect(text).toBe(new ipaddr.IPv6(groups).toRFC5952String());
        expect(parseIp(text)).toEqual({family: 6, value});
      }),
      {numRuns: 2000},
    );
  });
});
