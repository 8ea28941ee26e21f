// The announcer's ARP decisions without a socket: a reason on every branch, as MetalLB's arp.go.
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {ARP_REPLY, ARP_REQUEST, BROADCAST, arpFrame, decideArp, decodeArp, gratuitousArp} from '../../../src/lib/announce/arp.js';

const OUR_MAC = '02:00:00:00:00:01';
const CLIENT_MAC = '02:00:00:00:00:02';
const state = {mac: OUR_MAC, owned: new Set(['192.0.2.10'])};
const request = (overrides = {}) => ({destination: BROADCAST, source: CLIENT_MAC, operation: ARP_REQUEST, senderMac: CLIENT_MAC, senderIp: '192.0.2.1', targetMac: '00:00:00:00:00:00', targetIp: '192.0.2.10', ...overrides});

function decide(frame: Uint8Array) {
  const decoded = decodeArp(frame);
  return 'drop' in decoded ? decoded : decideArp(decoded.packet, state);
}

describe('ARP', () => {
  it('answers a broadcast request for an owned address, unicast to the sender, with our MAC', () => {
    const result = decide(arpFrame(request()));
    expect('reply' in result).toBe(true);
    const reply = decodeArp((result as {reply: Uint8Array}).reply);
    expect(reply).toEqual({packet: {destination: CLIENT_MAC, source: OUR_MAC, operation: ARP_REPLY, senderMac: OUR_MAC, senderIp: '192.0.2.10', targetMac: CLIENT_MAC, targetIp: '192.0.2.1'}});
  });

  it.each([
    ['a reply', request({operation: ARP_REPLY}), 'not-a-request'],
    ['a request to another MAC', request({destination: '02:00:00:00:00:99'}), 'not-for-us'],
    ['a request for an address we do not own', request({targetIp: '192.0.2.11'}), 'not-our-address'],
  ])('ignores %s', (_, packet, reason) => {
    expect(decide(arpFrame(packet))).toEqual({drop: reason});
  });

  it('answers a request sent to our MAC (unicast ARP, as Linux re-validates)', () => {
    expect('reply' in decide(arpFrame(request({destination: OUR_MAC})))).toBe(true);
  });

  it.each([
    ['a short frame', (f: Uint8Array) => f.subarray(0, 30), 'short-frame'],
    ['another ethertype', (f: Uint8Array) => ((f[12] = 0x08), (f[13] = 0x00), f), 'not-arp'],
    ['a wrong hardware type', (f: Uint8Array) => ((f[15] = 6), f), 'not-ethernet-ipv4'],
    ['wrong address lengths', (f: Uint8Array) => ((f[18] = 8), f), 'bad-lengths'],
  ])('drops %s', (_, mangle, reason) => {
    expect(decide(mangle(arpFrame(request())))).toEqual({drop: reason});
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({maxLength: 80}), (bytes) => {
      const result = decide(bytes);
      expect('reply' in result || 'drop' in result).toBe(true);
    }), {numRuns: 2000});
  });

  it('announces gratuitously with a request and a reply to broadcast, sender IP = target IP', () => {
    const frames = gratuitousArp(OUR_MAC, '192.0.2.10').map((f) => (decodeArp(f) as {packet: unknown}).packet);
    expect(frames).toEqual([
      {destination: BROADCAST, source: OUR_MAC, operation: ARP_REQUEST, senderMac: OUR_MAC, senderIp: '192.0.2.10', targetMac: '00:00:00:00:00:00', targetIp: '192.0.2.10'},
      {destination: BROADCAST, source: OUR_MAC, operation: ARP_REPLY, senderMac: OUR_MAC, senderIp: '192.0.2.10', targetMac: BROADCAST, targetIp: '192.0.2.10'},
    ]);
  });
});

describe('answerArpFrame (the hot path)', () => {
  it('decides exactly as decideArp and builds the same reply, on random frames', async () => {
    const {answerArpFrame, ipv4Key, macToBytes} = await import('../../../src/lib/announce/arp.js');
    const ownedKeys = new Set([...state.owned].map(ipv4Key));
    const octet = fc.integer({min: 0, max: 255});
    const mac = fc.constantFrom(OUR_MAC, CLIENT_MAC, BROADCAST, '02:00:00:00:00:09');
    const ip = fc.constantFrom('192.0.2.10', '192.0.2.11', '192.0.2.1');
    fc.assert(fc.property(mac, mac, fc.constantFrom(ARP_REQUEST, ARP_REPLY, 3), ip, ip, fc.array(fc.tuple(fc.nat(41), octet), {maxLength: 2}), (destination, sender, operation, senderIp, targetIp, flips) => {
      const frame = arpFrame({destination, source: sender, operation, senderMac: sender, senderIp, targetMac: '00:00:00:00:00:00', targetIp});
      for (const [at, value] of flips) frame[at] = value;
      const fast = answerArpFrame(frame, macToBytes(OUR_MAC), ownedKeys);
      const slow = decide(frame);
      if ('drop' in slow) expect(fast).toBe(slow.drop);
      else expect(fast).toEqual(slow.reply);
    }), {numRuns: 3000});
  });
});
