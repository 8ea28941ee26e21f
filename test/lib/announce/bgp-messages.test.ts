// BGP messages: what we send is what MetalLB's native speaker sends (internal/bgp/native/messages.go sendOpen,
// encodePathAttrs), and every malformed message a peer sends gets the NOTIFICATION RFC 4271 section 6 prescribes —
// decoded here, and on a real loopback socket from a fake router, where the session must reset cleanly.
import {createServer, type Socket} from 'node:net';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {BgpError, END_OF_RIB, END_OF_RIB_IPV6, KEEPALIVE, MessageReader, Type, encodeAnnouncements, encodeOpen, encodeWithdrawals, ipv4Prefix, ipv6Prefix} from '../../../src/lib/announce/bgp/messages.js';
import {missingNextHop, parsePeerSpec, routeFor} from '../../../src/lib/announce/bgp/speaker.js';
import {UserError} from '../../../src/lib/errors.js';
import {BgpSession, type SessionEvent} from '../../../src/lib/announce/bgp/session.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const header = (length: number, type: number) => [...new Array(16).fill(0xff), length >> 8, length & 0xff, type];
const decodeError = (bytes: number[], asSize: 2 | 4 = 4) => {
  const reader = new MessageReader();
  reader.asSize = asSize;
  reader.push(Uint8Array.from(bytes));
  try {
    reader.next();
  } catch (error) {
    if (error instanceof BgpError) return {code: error.notification.code, subcode: error.notification.subcode, data: hex(error.notification.data)};
    throw error;
  }
  return undefined;
};
const open = (body: number[]) => [...header(19 + body.length, 1), ...body];
const update = (body: number[]) => [...header(19 + body.length, 2), ...body];
const ATTRS = [0x40, 1, 1, 0, 0x40, 2, 0, 0x40, 3, 4, 192, 0, 2, 1];

/** Each malformed message, and the NOTIFICATION (code, subcode, data) RFC 4271 section 6 prescribes for it. */
const MALFORMED: [string, number[], {code: number; subcode: number; data: string}][] = [
    ['a marker that is not all ones', [0, ...header(19, 4).slice(1)], {code: 1, subcode: 1, data: ''}],
    ['a length below 19', header(18, 4), {code: 1, subcode: 2, data: '0012'}],
    ['a length above 4096', header(4097, 2), {code: 1, subcode: 2, data: '1001'}],
    ['an unknown type', header(19, 9), {code: 1, subcode: 3, data: '09'}],
    ['a KEEPALIVE with a body', [...header(20, 4), 0], {code: 1, subcode: 2, data: '0014'}],
    ['an OPEN of version 3', open([3, 0xfc, 0x59, 0, 90, 192, 0, 2, 1, 0]), {code: 2, subcode: 1, data: '0004'}],
    ['an OPEN with hold time 2', open([4, 0xfc, 0x59, 0, 2, 192, 0, 2, 1, 0]), {code: 2, subcode: 6, data: ''}],
    ['an OPEN with BGP identifier 0.0.0.0', open([4, 0xfc, 0x59, 0, 90, 0, 0, 0, 0, 0]), {code: 2, subcode: 3, data: ''}],
    ['an OPEN with an unknown optional parameter', open([4, 0xfc, 0x59, 0, 90, 192, 0, 2, 1, 2, 9, 0]), {code: 2, subcode: 4, data: ''}],
    ['an UPDATE whose withdrawn length runs past it', update([0, 9, 0, 0]), {code: 3, subcode: 1, data: ''}],
    ['an UPDATE with ORIGIN 5', update([0, 0, 0, 14, 0x40, 1, 1, 5, 0x40, 2, 0, 0x40, 3, 4, 192, 0, 2, 1, 24, 198, 51, 100]), {code: 3, subcode: 6, data: '40010105'}],
    ['an UPDATE with ORIGIN marked optional', update([0, 0, 0, 14, 0xc0, 1, 1, 0, 0x40, 2, 0, 0x40, 3, 4, 192, 0, 2, 1, 24, 198, 51, 100]), {code: 3, subcode: 4, data: 'c0010100'}],
    ['an UPDATE with a NEXT_HOP of 3 bytes', update([0, 0, 0, 13, 0x40, 1, 1, 0, 0x40, 2, 0, 0x40, 3, 3, 192, 0, 2, 24, 198, 51, 100]), {code: 3, subcode: 5, data: '400303c00002'}],
    ['an UPDATE without NEXT_HOP for its NLRI', update([0, 0, 0, 7, 0x40, 1, 1, 0, 0x40, 2, 0, 24, 198, 51, 100]), {code: 3, subcode: 3, data: '03'}],
    ['an UPDATE with an unknown well-known attribute', update([0, 0, 0, 18, ...ATTRS, 0x40, 99, 1, 0]), {code: 3, subcode: 2, data: '40630100'}],
    ['an UPDATE with ORIGIN twice', update([0, 0, 0, 18, ...ATTRS, 0x40, 1, 1, 0]), {code: 3, subcode: 1, data: ''}],
    ['an UPDATE with a prefix of length 33', update([0, 0, 0, 14, ...ATTRS, 33, 1, 2, 3, 4, 5]), {code: 3, subcode: 10, data: ''}],
    ['an UPDATE with an AS_PATH segment running past it', update([0, 0, 0, 18, 0x40, 1, 1, 0, 0x40, 2, 4, 2, 2, 0, 1, 0x40, 3, 4, 192, 0, 2, 1, 24, 198, 51, 100]), {code: 3, subcode: 11, data: ''}],
];

describe('what we send (MetalLB native)', () => {
  it('OPEN: version 4, AS_TRANS above 65535, capabilities MP IPv4 and IPv6 unicast and 4-octet AS in one parameter', () => {
    expect(hex(encodeOpen({asn: 4200000000, holdTime: 90, routerId: '192.0.2.2'}))).toBe(
      `${'ff'.repeat(16)}003101` + '04' + '5ba0' + '005a' + 'c0000202' + '14' + '0212' + '010400010001' + '010400020001' + '4104fa56ea00');
  });

  it('UPDATE on eBGP with 4-octet AS: ORIGIN IGP, AS_SEQUENCE of the local AS, NEXT_HOP, COMMUNITIES; no LOCAL_PREF', () => {
    const [message] = encodeAnnouncements([{family: 4, bytes: Uint8Array.from([198, 51, 100, 10]), length: 32}], {asn: 64600, ibgp: false, fourOctet: true, nextHop: Uint8Array.from([192, 0, 2, 2]), localPref: 300, communities: [64600 * 65536 + 100]});
    expect(hex(message!.subarray(19))).toBe('0000' + '001b' + '40010100' + '400206020100' + '00fc58' + '400304c0000202' + 'c00804fc580064' + '20c633640a');
  });

  it('UPDATE on iBGP: empty AS_PATH and LOCAL_PREF; withdrawals in the withdrawn field', () => {
    const [message] = encodeAnnouncements([{family: 4, bytes: Uint8Array.from([198, 51, 100, 10]), length: 32}], {asn: 64600, ibgp: true, fourOctet: false, nextHop: Uint8Array.from([192, 0, 2, 2]), localPref: 150, communities: []});
    expect(hex(message!.subarray(19))).toContain('400200' + '400304c0000202' + '40050400000096');
    const [withdraw] = encodeWithdrawals([{family: 4, bytes: Uint8Array.from([198, 51, 100, 10]), length: 32}]);
    expect(hex(withdraw!.subarray(19))).toBe('0005' + '20c633640a' + '0000');
  });

  it('large communities (RFC 8092) as an optional transitive attribute 32, 12 bytes each', () => {
    const [message] = encodeAnnouncements([{family: 4, bytes: Uint8Array.from([198, 51, 100, 10]), length: 32}], {asn: 64600, ibgp: true, fourOctet: true, nextHop: Uint8Array.from([192, 0, 2, 2]), localPref: 0, communities: [], largeCommunities: [[4200000000, 1, 2]]});
    expect(hex(message!)).toContain('c0200c' + 'fa56ea00' + '00000001' + '00000002');
  });

  it('ipv4Prefix masks the address to the length (the aggregation MetalLB applies)', () => {
    const address = (198n << 24n) | (51n << 16n) | (100n << 8n) | 77n;
    expect(Array.from(ipv4Prefix(address, 24).bytes)).toEqual([198, 51, 100, 0]);
    expect(Array.from(ipv4Prefix(address, 32).bytes)).toEqual([198, 51, 100, 77]);
    expect(Array.from(ipv4Prefix(0xffffffffn, 1).bytes)).toEqual([128, 0, 0, 0]);
  });

  it('10,000 prefixes go out in full messages of at most 4096 bytes', () => {
    const prefixes = Array.from({length: 10_000}, (_, i) => ({family: 4 as const, bytes: Uint8Array.from([10, 0, i >> 8, i & 0xff]), length: 32}));
    const messages = encodeAnnouncements(prefixes, {asn: 1, ibgp: true, fourOctet: true, nextHop: Uint8Array.from([192, 0, 2, 2]), localPref: 0, communities: []});
    expect(messages.every((m) => m.length <= 4096)).toBe(true);
    expect(messages.length).toBeLessThan(20);
    const reader = new MessageReader();
    let announced = 0;
    for (const m of messages) reader.push(m);
    for (let d = reader.next(); d; d = reader.next()) if (d.type === Type.Update) announced += d.announced;
    expect(announced).toBe(10_000);
  });
});

describe('IPv6 routes (RFC 4760; beyond MetalLB native, which cannot announce IPv6 pools)', () => {
  const v6 = ipv6Prefix(0x20010db8000000000000000000000010n, 128);
  const attributes = {asn: 64600, ibgp: false, fourOctet: true, localPref: 0, communities: [], nextHop: ipv6Prefix(0x20010db8000100000000000000000002n, 128).bytes};

  it('ipv6Prefix masks the address to the length', () => {
    expect(hex(ipv6Prefix(0x20010db8aaaabbbbccccddddeeeeffffn, 48).bytes)).toBe('20010db8aaaa00000000000000000000');
    expect(hex(v6.bytes)).toBe('20010db8000000000000000000000010');
  });

  it('UPDATE: MP_REACH_NLRI (optional, type 14) with AFI 2 SAFI 1, the 16-byte next hop, no NEXT_HOP attribute, no NLRI field', () => {
    const [message] = encodeAnnouncements([v6], attributes);
    const body = Buffer.from(message!).subarray(19);
    expect(body.readUInt16BE(0)).toBe(0); // no withdrawn routes
    const attrs = body.subarray(4, 4 + body.readUInt16BE(2));
    expect(4 + attrs.length).toBe(body.length); // nothing after the attributes: IPv6 goes only in MP_REACH_NLRI
    const reach = `0002011020010db8000100000000000000000002008020010db8000000000000000000000010`;
    expect(hex(attrs)).toBe(`40010100` + `40020602010000${(64600).toString(16)}` + `800e${(reach.length / 2).toString(16).padStart(2, '0')}${reach}`);
    // Our own decoder reads it as one announcement (4-octet AS numbers, as negotiated).
    const reader = new MessageReader();
    reader.asSize = 4;
    reader.push(message!);
    expect(reader.next()).toMatchObject({type: Type.Update, announced: 1});
  });

  it('withdrawal: MP_UNREACH_NLRI (type 15) with AFI 2 SAFI 1 and the prefix', () => {
    const [message] = encodeWithdrawals([v6]);
    expect(hex(Buffer.from(message!).subarray(19))).toBe(`0000001890 0f 0014 000201 80 20010db8000000000000000000000010`.replace(/ /g, ''));
  });

  it('End-of-RIB (RFC 4724): an empty UPDATE for IPv4, an empty MP_UNREACH_NLRI for IPv6', () => {
    expect(hex(END_OF_RIB)).toBe(`${'ff'.repeat(16)}00170200000000`);
    expect(hex(END_OF_RIB_IPV6)).toBe(`${'ff'.repeat(16)}001d02000000068` + `00f03000201`);
  });

  it('the router\'s multiprotocol capabilities are read from its OPEN', () => {
    const reader = new MessageReader();
    reader.push(encodeOpen({asn: 64601, holdTime: 9, routerId: '192.0.2.1'}));
    expect(reader.next()).toMatchObject({type: Type.Open, families: ['1/1', '2/1'], fourOctetAsn: 64601});
  });

  it('--ip takes IPv6 as a /128; an IPv6 peer needs an IPv6 source; TCP MD5 needs an IPv4 peer', () => {
    expect(routeFor('2001:db8::10', [], 0).prefix).toEqual(v6);
    expect(parsePeerSpec('peer-address=2001:db8:1::1,peer-asn=64601,my-asn=64600')).toMatchObject({peerAddress: '2001:db8:1::1'});
    expect(() => parsePeerSpec('peer-address=2001:db8:1::1,peer-asn=64601,my-asn=64600,source-address=192.0.2.2')).toThrow(/source-address "192.0.2.2" is not of the peer-address's family; give an IPv6 address/);
    expect(() => parsePeerSpec('peer-address=2001:db8:1::1,peer-asn=64601,my-asn=64600,password-file=/nonexistent')).toThrow(/password-file needs an IPv4 peer-address/);
    expect(() => parsePeerSpec('peer-address=router,peer-asn=64601,my-asn=64600')).toThrow(UserError);
  });

  it('routes of the session\'s other family need --next-hop of their own family', () => {
    const peer = parsePeerSpec('peer-address=192.0.2.1,peer-asn=64601,my-asn=64600');
    const routes = [routeFor('198.51.100.10', [], 0), routeFor('2001:db8::10', [], 0)];
    expect(missingNextHop(peer, routes, {})).toMatch(/the session to 192.0.2.1 is IPv4 and has no IPv6 address of its own .* add --next-hop with an IPv6 address/);
    expect(missingNextHop(peer, routes, {6: '2001:db8:1::2'})).toBeUndefined();
    expect(missingNextHop(peer, routes.slice(0, 1), {})).toBeUndefined();
    const v6peer = parsePeerSpec('peer-address=2001:db8:1::1,peer-asn=64601,my-asn=64600');
    expect(missingNextHop(v6peer, routes, {})).toMatch(/is IPv6 and has no IPv4 address/);
  });
});

describe('what a peer may send wrong (RFC 4271 section 6)', () => {
  it.each(MALFORMED)('%s', (_, bytes, expected) => {
    expect(decodeError(bytes as number[])).toEqual(expected);
  });

  it('no byte sequence throws anything but a BgpError, and the reader never holds more than one message', () => {
    fc.assert(fc.property(fc.array(fc.uint8Array({maxLength: 300}), {maxLength: 20}), fc.boolean(), (chunks, mutateValid) => {
      const reader = new MessageReader();
      const valid = [...encodeOpen({asn: 64600, holdTime: 90, routerId: '192.0.2.2'}), ...KEEPALIVE];
      const stream = mutateValid ? [valid, ...chunks] : chunks;
      try {
        for (const chunk of stream) {
          const bytes = Uint8Array.from(chunk);
          if (mutateValid && chunk === chunks[0] && bytes.length > 0) valid[bytes[0]! % valid.length] = bytes[bytes.length - 1]!;
          reader.push(bytes);
          while (reader.next());
        }
      } catch (error) {
        if (!(error instanceof BgpError)) throw error;
      }
      expect((reader as unknown as {buffer: Uint8Array}).buffer.length).toBeLessThanOrEqual(4096 + 300);
    }), {numRuns: 2000});
  });
});

describe('a fake router on a loopback socket', () => {
  /** A router that answers our OPEN with `reply` and reports what we sent back. */
  async function exchange(reply: (socket: Socket) => void): Promise<{events: SessionEvent[]; received: Buffer}> {
    const chunks: Buffer[] = [];
    const server = createServer((socket) => {
      socket.on('data', (d) => chunks.push(d));
      socket.once('data', () => reply(socket));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as {port: number}).port;
    const events: SessionEvent[] = [];
    const session = new BgpSession({peerAddress: '127.0.0.1', peerPort: port, peerAsn: 64601, localAsn: 64600, holdTime: 9, routerId: '192.0.2.2', connectRetryMs: 60_000, onEvent: (e) => events.push(e)});
    session.start();
    for (let i = 0; i < 50 && !events.some((e) => e.event === 'notification-sent' || e.event === 'notification-received'); i++) await new Promise((r) => setTimeout(r, 20));
    await session.stop();
    server.close();
    return {events, received: Buffer.concat(chunks)};
  }

  it('garbage instead of an OPEN: we send "connection not synchronized" (1/1) and reset cleanly', async () => {
    const {events, received} = await exchange((s) => s.write(Buffer.alloc(19, 0x00)));
    expect(events).toContainEqual(expect.objectContaining({event: 'notification-sent', code: 1, subcode: 1}));
    // The NOTIFICATION went out on the wire after our OPEN: marker, length 21, type 3, code 1, subcode 1.
    expect(received.subarray(49).toString('hex')).toBe(`${'ff'.repeat(16)}0015030101`);
    expect(events.at(-1)).toMatchObject({event: 'state', to: 'Idle'});
  });

  it('an UPDATE before the OPEN: a finite state machine error (5/1)', async () => {
    const {events} = await exchange((s) => s.write(Uint8Array.from(update([0, 0, 0, 0]))));
    expect(events).toContainEqual(expect.objectContaining({event: 'notification-sent', code: 5, subcode: 1, reason: 'unexpected message in OpenSent (5/1)'}));
  });

  const PEER_OPEN = open([4, 0xfc, 0x59, 0, 9, 192, 0, 2, 1, 8, 2, 6, 65, 4, 0, 0, 0xfc, 0x59]);
  it.each(MALFORMED)('on the wire: %s', async (_, bytes, expected) => {
    // OPEN errors answer our OPEN; the rest come once the session is up (after the router's OPEN and KEEPALIVE).
    const isOpen = bytes[18] === 1 && bytes.slice(0, 16).every((b) => b === 0xff) && bytes.length >= 29;
    const {events} = await exchange((socket) => socket.write(Uint8Array.from(isOpen ? bytes : [...PEER_OPEN, ...KEEPALIVE, ...bytes])));
    expect(events).toContainEqual(expect.objectContaining({event: 'notification-sent', code: expected.code, subcode: expected.subcode}));
    expect(events.at(-1)).toMatchObject({event: 'state', to: 'Idle'});
  });

  it('the router\'s own NOTIFICATION is reported in words', async () => {
    const {events} = await exchange((s) => s.write(Uint8Array.from([...header(21, 3), 6, 5])));
    expect(events).toContainEqual(expect.objectContaining({event: 'notification-received', code: 6, subcode: 5, reason: 'cease: connection rejected (6/5)'}));
  });
});
