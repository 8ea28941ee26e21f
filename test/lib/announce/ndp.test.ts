// NDP decisions on frames: what is answered, what is dropped and why, and that nothing malformed throws.
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {advertisedBy, answerNdpFrame, dadSolicitation, neighborAdvertisement, solicitedNodeMac, unsolicitedAdvertisement} from '../../../src/lib/announce/ndp.js';
import {macToBytes} from '../../../src/lib/announce/arp.js';

const OUR_MAC = '02:00:00:00:00:01';
const CLIENT_MAC = '02:00:00:00:00:02';
const owned = new Set(['2001:db8::10']);

/** A Neighbor Solicitation as a client sends it (built by hand here, not with the module's builders). */
function solicitation(target: number[], options = true, hopLimit = 255): Uint8Array {
  const icmp = [135, 0, 0, 0, 0, 0, 0, 0, ...target, ...(options ? [1, 1, ...macToBytes(CLIENT_MAC)] : [])];
  const frame = new Uint8Array(14 + 40 + icmp.length);
  frame.set([0x33, 0x33, 0xff, 0, 0, 0x10], 0);
  frame.set(macToBytes(CLIENT_MAC), 6);
  frame.set([0x86, 0xdd, 0x60, 0, 0, 0, 0, icmp.length, 58, hopLimit], 12);
  frame.set([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], 22); // 2001:db8::1
  frame.set([0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, 0, 0, 0x10], 38);
  frame.set(icmp, 54);
  return frame;
}
const TARGET = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10];

describe('NDP', () => {
  it('answers a solicitation for an owned address: solicited, not override, from the target, hop limit 255', () => {
    const reply = answerNdpFrame(solicitation(TARGET), OUR_MAC, owned) as Uint8Array;
    expect(reply).toBeInstanceOf(Uint8Array);
    expect(Array.from(reply.subarray(0, 6))).toEqual(Array.from(macToBytes(CLIENT_MAC)));
    expect(reply[21]).toBe(255);
    expect(Array.from(reply.subarray(22, 38))).toEqual(TARGET); // sourced from the target address itself
    expect(reply[54]).toBe(136);
    expect(reply[58]).toBe(0x40); // S=1, O=0
    expect(advertisedBy(reply)).toEqual({target: '2001:db8::10', mac: OUR_MAC});
  });

  it('computes the ICMPv6 checksum so that the whole message sums to 0xffff', () => {
    const reply = answerNdpFrame(solicitation(TARGET), OUR_MAC, owned) as Uint8Array;
    let sum = 0;
    const add = (bytes: Uint8Array) => {
      for (let i = 0; i < bytes.length; i += 2) sum += (bytes[i]! << 8) | (bytes[i + 1] ?? 0);
    };
    add(reply.subarray(22, 38));
    add(reply.subarray(38, 54));
    sum += reply.length - 54 + 58;
    add(reply.subarray(54));
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
    expect(sum).toBe(0xffff);
  });

  it.each([
    ['a solicitation without a source link-layer option', solicitation(TARGET, false), 'no-source-link-layer'],
    ['a hop limit other than 255', solicitation(TARGET, true, 64), 'hop-limit'],
    ['an address we do not own', solicitation([...TARGET.slice(0, 15), 0x11]), 'not-our-address'],
  ])('drops %s', (_, frame, reason) => {
    expect(answerNdpFrame(frame, OUR_MAC, owned)).toBe(reason);
  });

  it('sends unsolicited advertisements to all nodes with Override, and DAD probes from ::', () => {
    const gratuitous = unsolicitedAdvertisement(OUR_MAC, '2001:db8::10');
    expect(Array.from(gratuitous.subarray(0, 6))).toEqual([0x33, 0x33, 0, 0, 0, 1]);
    expect(gratuitous[58]).toBe(0x20);
    const dad = dadSolicitation(OUR_MAC, '2001:db8::10');
    expect(Array.from(dad.subarray(22, 38))).toEqual(new Array(16).fill(0));
    expect(Array.from(dad.subarray(0, 6))).toEqual(Array.from(solicitedNodeMac('2001:db8::10')));
    expect(neighborAdvertisement(OUR_MAC, '2001:db8::10', macToBytes(CLIENT_MAC), new Uint8Array(16), true, false).length).toBe(86);
  });

  it('never throws on arbitrary or mangled frames', () => {
    fc.assert(fc.property(fc.uint8Array({maxLength: 120}), fc.array(fc.tuple(fc.nat(85), fc.integer({min: 0, max: 255})), {maxLength: 4}), (bytes, flips) => {
      const frame = bytes.length > 10 ? bytes : solicitation(TARGET);
      for (const [at, value] of flips) if (at < frame.length) frame[at] = value;
      answerNdpFrame(frame, OUR_MAC, owned);
      advertisedBy(frame);
    }), {numRuns: 3000});
  });
});
