// The announcer through a fake transport: when it announces, what it answers, when it cries conflict.
import fc from 'fast-check';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {Announcer, type AnnouncerEvent, ProbeCollector, probeFrame} from '../../../src/lib/announce/announcer.js';
import {ARP_REPLY, ARP_REQUEST, BROADCAST, arpFrame, decodeArp} from '../../../src/lib/announce/arp.js';

const OUR_MAC = '02:00:00:00:00:01';
const OTHER_MAC = '02:00:00:00:00:03';

describe('Announcer', () => {
  let sent: Uint8Array[];
  let events: AnnouncerEvent[];
  let announcer: Announcer;
  beforeEach(() => {
    vi.useFakeTimers();
    sent = [];
    events = [];
    announcer = new Announcer(OUR_MAC, {send: (f) => sent.push(f)}, (e) => events.push(e));
  });
  afterEach(() => {
    announcer.stop();
    vi.useRealTimers();
  });

  it('announces at once, then every 1.1 s until 5 s have passed (5 more rounds), then only with --refresh', () => {
    announcer.add('192.0.2.10', 30_000);
    expect(events.filter((e) => e.event === 'announced')).toHaveLength(1);
    vi.advanceTimersByTime(5000);
    expect(events.filter((e) => e.event === 'announced')).toHaveLength(5);
    vi.advanceTimersByTime(25_000);
    expect(events.filter((e) => e.event === 'announced')).toHaveLength(6);
    expect(sent).toHaveLength(12); // a gratuitous request and a reply per round
  });

  it('answers a request for its address and counts it', () => {
    announcer.add('192.0.2.10');
    sent = [];
    announcer.receive(arpFrame({destination: BROADCAST, source: OTHER_MAC, operation: ARP_REQUEST, senderMac: OTHER_MAC, senderIp: '192.0.2.1', targetMac: '00:00:00:00:00:00', targetIp: '192.0.2.10'}));
    expect(sent).toHaveLength(1);
    expect(announcer.answered).toBe(1);
  });

  it('reports another MAC claiming its address (a reply or a gratuitous announcement) as a conflict', () => {
    announcer.add('192.0.2.10');
    announcer.receive(arpFrame({destination: BROADCAST, source: OTHER_MAC, operation: ARP_REPLY, senderMac: OTHER_MAC, senderIp: '192.0.2.10', targetMac: BROADCAST, targetIp: '192.0.2.10'}));
    expect(events.at(-1)).toEqual({event: 'conflict', ip: '192.0.2.10', mac: OTHER_MAC});
    expect(announcer.conflicts).toBe(1);
  });
});

describe('probe', () => {
  it('sends an RFC 5227 probe (sender IP 0.0.0.0) and collects who answers', () => {
    expect(decodeArp(probeFrame(OUR_MAC, '192.0.2.10'))).toMatchObject({packet: {operation: ARP_REQUEST, senderIp: '0.0.0.0', targetIp: '192.0.2.10'}});
    const collector = new ProbeCollector(OUR_MAC, ['192.0.2.10', '192.0.2.11']);
    collector.receive(arpFrame({destination: OUR_MAC, source: OTHER_MAC, operation: ARP_REPLY, senderMac: OTHER_MAC, senderIp: '192.0.2.10', targetMac: OUR_MAC, targetIp: '0.0.0.0'}));
    expect([...collector.holders.get('192.0.2.10')!]).toEqual([OTHER_MAC]);
    expect(collector.holders.get('192.0.2.11')!.size).toBe(0);
  });
});

describe('a gratuitous announcement from another host', () => {
  it('is a conflict, not a request to answer', () => {
    const sent: Uint8Array[] = [];
    const events: AnnouncerEvent[] = [];
    const announcer = new Announcer(OUR_MAC, {send: (f) => sent.push(f)}, (e) => events.push(e));
    announcer.own('192.0.2.10');
    announcer.receive(arpFrame({destination: BROADCAST, source: OTHER_MAC, operation: ARP_REQUEST, senderMac: OTHER_MAC, senderIp: '192.0.2.10', targetMac: '00:00:00:00:00:00', targetIp: '192.0.2.10'}));
    expect(sent).toEqual([]);
    expect(events).toEqual([{event: 'conflict', ip: '192.0.2.10', mac: OTHER_MAC}]);
  });
});

describe('the native answer path (native/raw_socket.c)', () => {
  it('answers exactly the frames the Announcer answers, with the same bytes, and leaves conflicts to it', async () => {
    const {loadRawSockets} = await import('../../../src/lib/announce/native.js');
    const {ipv4Table, macToBytes} = await import('../../../src/lib/announce/arp.js');
    const native = loadRawSockets();
    const owned = ['192.0.2.10', '192.0.2.12', '192.0.2.200'];
    const table = ipv4Table(owned);
    const mac = fc.constantFrom(OUR_MAC, OTHER_MAC, BROADCAST, '02:00:00:00:00:09');
    const ip = fc.constantFrom('192.0.2.10', '192.0.2.12', '192.0.2.200', '192.0.2.11', '192.0.2.1');
    let answers = 0;
    fc.assert(fc.property(mac, mac, fc.constantFrom(ARP_REQUEST, ARP_REPLY, 3), ip, ip, fc.array(fc.tuple(fc.nat(45), fc.integer({min: 0, max: 255})), {maxLength: 2}), fc.integer({min: 28, max: 64}), (destination, sender, operation, senderIp, targetIp, flips, length) => {
      const frame = new Uint8Array(length);
      frame.set(arpFrame({destination, source: sender, operation, senderMac: sender, senderIp, targetMac: '00:00:00:00:00:00', targetIp}).subarray(0, Math.min(42, length)));
      for (const [at, value] of flips) if (at < length) frame[at] = value;
      const sent: Uint8Array[] = [];
      const announcer = new Announcer(OUR_MAC, {send: (f) => sent.push(f)}, () => {});
      for (const address of owned) announcer.own(address);
      announcer.receive(frame);
      const reply = native.arpReply(macToBytes(OUR_MAC), table, frame);
      if (sent.length === 1) answers++;
      expect(reply === null ? null : Uint8Array.from(reply)).toEqual(sent.length === 1 ? Uint8Array.from(sent[0]!) : null);
    }), {numRuns: 5000});
    expect(answers).toBeGreaterThan(50); // the comparison covered answers, not only drops
  });
});
