// BGP-4 messages (RFC 4271) with 4-octet AS (RFC 6793) and multiprotocol (RFC 4760) capabilities: encoding as
// MetalLB's native speaker sends them (internal/bgp/native/messages.go sendOpen, encodePathAttrs), and decoding
// everything a peer sends with the checks of RFC 4271 section 6, each failure a NOTIFICATION's code, subcode and data.

export const MARKER = new Uint8Array(16).fill(0xff);
export const HEADER = 19;
export const MAX_MESSAGE = 4096;
export const AS_TRANS = 23456;

export const enum Type {
  Open = 1,
  Update = 2,
  Notification = 3,
  Keepalive = 4,
}

/** A NOTIFICATION to send, or one received: RFC 4271 section 4.5 codes. */
export interface Notification {
  readonly code: number;
  readonly subcode: number;
  readonly data: Uint8Array;
}

export class BgpError extends Error {
  constructor(readonly notification: Notification, message: string) {
    super(message);
  }
}

const NOTIFICATION_NAMES: Record<string, string> = {
  '1/0': 'message header error', '1/1': 'connection not synchronized', '1/2': 'bad message length', '1/3': 'bad message type',
  '2/0': 'OPEN message error', '2/1': 'unsupported version number', '2/2': 'bad peer AS', '2/3': 'bad BGP identifier', '2/4': 'unsupported optional parameter', '2/6': 'unacceptable hold time', '2/7': 'unsupported capability',
  '3/0': 'UPDATE message error', '3/1': 'malformed attribute list', '3/2': 'unrecognized well-known attribute', '3/3': 'missing well-known attribute', '3/4': 'attribute flags error', '3/5': 'attribute length error', '3/6': 'invalid ORIGIN attribute', '3/8': 'invalid NEXT_HOP attribute', '3/9': 'optional attribute error', '3/10': 'invalid network field', '3/11': 'malformed AS_PATH',
  '4/0': 'hold timer expired',
  '5/0': 'finite state machine error', '5/1': 'unexpected message in OpenSent', '5/2': 'unexpected message in OpenConfirm', '5/3': 'unexpected message in Established',
  '6/0': 'cease', '6/1': 'maximum number of prefixes reached', '6/2': 'administrative shutdown', '6/3': 'peer de-configured', '6/4': 'administrative reset', '6/5': 'connection rejected', '6/6': 'other configuration change', '6/7': 'connection collision resolution', '6/8': 'out of resources',
};

/** A NOTIFICATION in words: "cease: administrative shutdown (6/2)". */
export function describeNotification(n: {code: number; subcode: number}): string {
  const major = NOTIFICATION_NAMES[`${n.code}/0`] ?? `error code ${n.code}`;
  const minor = n.subcode === 0 ? undefined : NOTIFICATION_NAMES[`${n.code}/${n.subcode}`];
  return `${minor && minor !== major ? (n.code === 6 ? `${major}: ${minor}` : minor) : major} (${n.code}/${n.subcode})`;
}

function message(type: Type, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(HEADER + body.length);
  out.set(MARKER, 0);
  new DataView(out.buffer).setUint16(16, out.length);
  out[18] = type;
  out.set(body, HEADER);
  return out;
}

export interface OpenParameters {
  readonly asn: number;
  /** Seconds: 0, or at least 3. */
  readonly holdTime: number;
  readonly routerId: string;
  /** Advertise IPv6 unicast too (MetalLB native always does; the routes it can send are IPv4). */
  readonly ipv6?: boolean;
}

const ipv4Bytes = (text: string): number[] => text.split('.').map(Number);

export function encodeOpen(p: OpenParameters): Uint8Array {
  const caps: number[] = [1, 4, 0, 1, 0, 1]; // multiprotocol IPv4 unicast
  if (p.ipv6 !== false) caps.push(1, 4, 0, 2, 0, 1); // IPv6 unicast
  caps.push(65, 4, (p.asn >>> 24) & 0xff, (p.asn >>> 16) & 0xff, (p.asn >>> 8) & 0xff, p.asn & 0xff); // 4-octet AS
  const asn16 = p.asn > 0xffff ? AS_TRANS : p.asn;
  const body = [4, asn16 >> 8, asn16 & 0xff, p.holdTime >> 8, p.holdTime & 0xff, ...ipv4Bytes(p.routerId), caps.length + 2, 2, caps.length, ...caps];
  return message(Type.Open, Uint8Array.from(body));
}

export const KEEPALIVE = message(Type.Keepalive, new Uint8Array(0));

export function encodeNotification(n: Notification): Uint8Array {
  const body = new Uint8Array(2 + n.data.length);
  body[0] = n.code;
  body[1] = n.subcode;
  body.set(n.data, 2);
  return message(Type.Notification, body);
}

export interface Prefix {
  readonly family: 4 | 6;
  /** The address's bytes (4 or 16), masked to the length. */
  readonly bytes: Uint8Array;
  readonly length: number;
}

export interface RouteAttributes {
  /** The local AS (prepended on eBGP). */
  readonly asn: number;
  readonly ibgp: boolean;
  /** 4-octet AS numbers in AS_PATH: both sides sent the capability. */
  readonly fourOctet: boolean;
  /** IPv4 NEXT_HOP (4 bytes); for IPv6 routes the MP_REACH next hop (16 bytes). */
  readonly nextHop: Uint8Array;
  readonly localPref: number;
  /** Legacy communities as 32-bit values, in the order to send. */
  readonly communities: readonly number[];
  /** Large communities (RFC 8092): global administrator and two local data parts each. */
  readonly largeCommunities?: readonly (readonly [number, number, number])[];
}

/** An IPv4 address (as the net module holds it) and a length as a Prefix: the address masked to the length. */
export function ipv4Prefix(value: bigint, length: number): Prefix {
  const masked = length === 0 ? 0 : Number(value) & ~((2 ** (32 - length)) - 1);
  return {family: 4, bytes: Uint8Array.from([masked >>> 24 & 0xff, (masked >>> 16) & 0xff, (masked >>> 8) & 0xff, masked & 0xff]), length};
}

/** An IPv6 address (as the net module holds it) and a length as a Prefix. */
export function ipv6Prefix(value: bigint, length: number): Prefix {
  const masked = length === 0 ? 0n : (value >> BigInt(128 - length)) << BigInt(128 - length);
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 16; i++) bytes[i] = Number((masked >> BigInt(8 * (15 - i))) & 0xffn);
  return {family: 6, bytes, length};
}

const prefixBytes = (p: Prefix) => [p.length, ...p.bytes.subarray(0, Math.ceil(p.length / 8))];

/** The path attributes, as encodePathAttrs writes them (ORIGIN, AS_PATH, NEXT_HOP, LOCAL_PREF on iBGP, COMMUNITIES). */
function pathAttributes(a: RouteAttributes, mpReach?: number[]): number[] {
  const out = [0x40, 1, 1, 0]; // ORIGIN IGP
  if (a.ibgp) out.push(0x40, 2, 0);
  else if (a.fourOctet) out.push(0x40, 2, 6, 2, 1, (a.asn >>> 24) & 0xff, (a.asn >>> 16) & 0xff, (a.asn >>> 8) & 0xff, a.asn & 0xff);
  else out.push(0x40, 2, 4, 2, 1, (a.asn >> 8) & 0xff, a.asn & 0xff);
  if (mpReach) out.push(0x80 | (mpReach.length > 255 ? 0x10 : 0), 14, ...(mpReach.length > 255 ? [mpReach.length >> 8, mpReach.length & 0xff] : [mpReach.length]), ...mpReach);
  else out.push(0x40, 3, 4, ...a.nextHop);
  if (a.ibgp) out.push(0x40, 5, 4, (a.localPref >>> 24) & 0xff, (a.localPref >>> 16) & 0xff, (a.localPref >>> 8) & 0xff, a.localPref & 0xff);
  if (a.communities.length > 0) {
    out.push(0xc0, 8, a.communities.length * 4);
    for (const c of a.communities) out.push((c >>> 24) & 0xff, (c >>> 16) & 0xff, (c >>> 8) & 0xff, c & 0xff);
  }
  const large = a.largeCommunities ?? [];
  if (large.length > 0) {
    // LARGE_COMMUNITY, optional transitive (type 32); at most 21 fit a one-byte length, and no route here has more.
    out.push(0xc0, 32, large.length * 12);
    for (const triple of large) for (const v of triple) out.push((v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
  }
  return out;
}

/**
 * UPDATEs announcing prefixes that share attributes: IPv4 in the NLRI field, IPv6 in MP_REACH_NLRI. MetalLB sends one
 * prefix per UPDATE; several per message mean the same to a router and cost it far less.
 */
export function encodeAnnouncements(prefixes: readonly Prefix[], a: RouteAttributes): Uint8Array[] {
  const out: Uint8Array[] = [];
  const v4 = prefixes.filter((p) => p.family === 4);
  const v6 = prefixes.filter((p) => p.family === 6);
  const attrs4 = pathAttributes(a);
  const room4 = MAX_MESSAGE - HEADER - 4 - attrs4.length;
  for (let i = 0; i < v4.length;) {
    const nlri: number[] = [];
    while (i < v4.length && nlri.length + 5 <= room4) nlri.push(...prefixBytes(v4[i++]!));
    out.push(message(Type.Update, Uint8Array.from([0, 0, attrs4.length >> 8, attrs4.length & 0xff, ...attrs4, ...nlri])));
  }
  for (let i = 0; i < v6.length;) {
    const nlri: number[] = [];
    while (i < v6.length && nlri.length + 17 <= 3000) nlri.push(...prefixBytes(v6[i++]!));
    const reach = [0, 2, 1, a.nextHop.length, ...a.nextHop, 0, ...nlri];
    const attrs = pathAttributes(a, reach);
    out.push(message(Type.Update, Uint8Array.from([0, 0, attrs.length >> 8, attrs.length & 0xff, ...attrs])));
  }
  return out;
}

/** UPDATEs withdrawing prefixes (IPv4 in the withdrawn field, IPv6 in MP_UNREACH_NLRI). */
export function encodeWithdrawals(prefixes: readonly Prefix[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  const v4 = prefixes.filter((p) => p.family === 4);
  const v6 = prefixes.filter((p) => p.family === 6);
  for (let i = 0; i < v4.length;) {
    const withdrawn: number[] = [];
    while (i < v4.length && withdrawn.length + 5 <= MAX_MESSAGE - HEADER - 4) withdrawn.push(...prefixBytes(v4[i++]!));
    out.push(message(Type.Update, Uint8Array.from([withdrawn.length >> 8, withdrawn.length & 0xff, ...withdrawn, 0, 0])));
  }
  for (let i = 0; i < v6.length;) {
    const nlri: number[] = [];
    while (i < v6.length && nlri.length + 17 <= 3000) nlri.push(...prefixBytes(v6[i++]!));
    const unreach = [0, 2, 1, ...nlri];
    const attrs = [0x80 | 0x10, 15, unreach.length >> 8, unreach.length & 0xff, ...unreach];
    out.push(message(Type.Update, Uint8Array.from([0, 0, attrs.length >> 8, attrs.length & 0xff, ...attrs])));
  }
  return out;
}

/** The End-of-RIB marker for IPv4 unicast (RFC 4724): an UPDATE with nothing in it. */
export const END_OF_RIB = message(Type.Update, Uint8Array.from([0, 0, 0, 0]));

/** The End-of-RIB marker for IPv6 unicast (RFC 4724): an UPDATE whose only attribute is an empty MP_UNREACH_NLRI. */
export const END_OF_RIB_IPV6 = message(Type.Update, Uint8Array.from([0, 0, 0, 6, 0x80, 15, 3, 0, 2, 1]));

// Decoding.

export type Decoded =
  | {type: Type.Open; version: number; asn: number; holdTime: number; routerId: string; fourOctetAsn?: number; capabilities: number[]; families: string[]}
  | {type: Type.Update; withdrawn: number; announced: number}
  | {type: Type.Notification; notification: Notification}
  | {type: Type.Keepalive};

const fail = (code: number, subcode: number, data: Iterable<number> | Uint8Array, why: string): never => {
  throw new BgpError({code, subcode, data: Uint8Array.from(data)}, why);
};

/**
 * Reads messages from a byte stream. `push` takes what the socket delivered; `next` returns the next whole message,
 * undefined when more bytes are needed, or throws a BgpError naming the NOTIFICATION to send. Memory is bounded: at
 * most one message (4096 bytes) is held beyond what has been decoded.
 */
export class MessageReader {
  private buffer = new Uint8Array(0);
  /** AS numbers in AS_PATH are 4 octets once both sides sent the capability (RFC 6793), else 2. */
  asSize: 2 | 4 = 2;

  push(chunk: Uint8Array): void {
    const merged = new Uint8Array(this.buffer.length + chunk.length);
    merged.set(this.buffer, 0);
    merged.set(chunk, this.buffer.length);
    this.buffer = merged;
  }

  next(): Decoded | undefined {
    if (this.buffer.length < HEADER) return undefined;
    for (let i = 0; i < 16; i++) if (this.buffer[i] !== 0xff) fail(1, 1, [], 'the message header marker is not all ones');
    const length = (this.buffer[16]! << 8) | this.buffer[17]!;
    const type = this.buffer[18]!;
    if (length < HEADER || length > MAX_MESSAGE) fail(1, 2, this.buffer.subarray(16, 18), `bad message length ${length}`);
    const minimum: Record<number, number> = {[Type.Open]: 29, [Type.Update]: 23, [Type.Notification]: 21, [Type.Keepalive]: 19};
    if (minimum[type] === undefined) fail(1, 3, [type], `bad message type ${type}`);
    if (length < minimum[type]! || (type === Type.Keepalive && length !== HEADER)) fail(1, 2, this.buffer.subarray(16, 18), `bad length ${length} for message type ${type}`);
    if (this.buffer.length < length) return undefined;
    const body = this.buffer.slice(HEADER, length);
    this.buffer = this.buffer.slice(length);
    switch (type) {
      case Type.Open: return decodeOpen(body);
      case Type.Update: return decodeUpdate(body, this.asSize);
      case Type.Notification: return {type: Type.Notification, notification: {code: body[0]!, subcode: body[1]!, data: body.slice(2)}};
      default: return {type: Type.Keepalive};
    }
  }
}

function decodeOpen(body: Uint8Array): Decoded {
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const version = body[0]!;
  if (version !== 4) fail(2, 1, [0, 4], `unsupported BGP version ${version}`);
  const asn = view.getUint16(1);
  const holdTime = view.getUint16(3);
  const routerId = `${body[5]}.${body[6]}.${body[7]}.${body[8]}`;
  const optionsLength = body[9]!;
  if (10 + optionsLength !== body.length) fail(2, 0, [], `optional parameters length ${optionsLength} does not match the message`);
  if (holdTime === 1 || holdTime === 2) fail(2, 6, [], `unacceptable hold time ${holdTime}`);
  if (routerId === '0.0.0.0') fail(2, 3, [], 'BGP identifier 0.0.0.0');
  const capabilities: number[] = [];
  /** Multiprotocol capabilities (RFC 4760) as "AFI/SAFI": 1/1 IPv4 unicast, 2/1 IPv6 unicast. */
  const families: string[] = [];
  let fourOctetAsn: number | undefined;
  for (let i = 10; i < body.length;) {
    const paramType = body[i]!;
    const paramLength = body[i + 1];
    if (paramLength === undefined || i + 2 + paramLength > body.length) fail(2, 0, [], 'an optional parameter runs past the message');
    if (paramType !== 2) fail(2, 4, [], `unsupported optional parameter type ${paramType}`);
    for (let j = i + 2; j < i + 2 + paramLength!;) {
      const code = body[j]!;
      const capLength = body[j + 1];
      if (capLength === undefined || j + 2 + capLength > i + 2 + paramLength!) fail(2, 0, [], 'a capability runs past its parameter');
      capabilities.push(code);
      if (code === 65) {
        if (capLength !== 4) fail(2, 0, [], 'a 4-octet AS capability of the wrong length');
        fourOctetAsn = view.getUint32(j + 2);
      }
      if (code === 1 && capLength === 4) families.push(`${view.getUint16(j + 2)}/${body[j + 5]}`);
      j += 2 + capLength!;
    }
    i += 2 + paramLength!;
  }
  return {type: Type.Open, version, asn, holdTime, routerId, capabilities, families, ...(fourOctetAsn !== undefined ? {fourOctetAsn} : {})};
}

const WELL_KNOWN = new Set([1, 2, 3, 4, 5, 6]);

function checkPrefixes(bytes: Uint8Array, code: number, subcode: number, maxBits: number): number {
  let count = 0;
  for (let i = 0; i < bytes.length;) {
    const bits = bytes[i]!;
    if (bits > maxBits || i + 1 + Math.ceil(bits / 8) > bytes.length) fail(code, subcode, [], `a prefix of length ${bits} does not fit`);
    i += 1 + Math.ceil(bits / 8);
    count++;
  }
  return count;
}

function decodeUpdate(body: Uint8Array, asSize: 2 | 4): Decoded {
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const withdrawnLength = view.getUint16(0);
  if (2 + withdrawnLength + 2 > body.length) fail(3, 1, [], 'the withdrawn routes length runs past the message');
  const withdrawn = checkPrefixes(body.subarray(2, 2 + withdrawnLength), 3, 1, 32);
  const attrsLength = view.getUint16(2 + withdrawnLength);
  const attrsStart = 4 + withdrawnLength;
  if (attrsStart + attrsLength > body.length) fail(3, 1, [], 'the path attributes length runs past the message');
  const seen = new Set<number>();
  let mpReach = 0;
  for (let i = attrsStart; i < attrsStart + attrsLength;) {
    if (i + 2 > attrsStart + attrsLength) fail(3, 1, [], 'a path attribute header is cut off');
    const flags = body[i]!;
    const typeCode = body[i + 1]!;
    const extended = (flags & 0x10) !== 0;
    const headerLength = extended ? 4 : 3;
    if (i + headerLength > attrsStart + attrsLength) fail(3, 1, [], 'a path attribute header is cut off');
    const length = extended ? view.getUint16(i + 2) : body[i + 2]!;
    const whole = body.subarray(i, Math.min(i + headerLength + length, body.length));
    if (i + headerLength + length > attrsStart + attrsLength) fail(3, 5, whole, `attribute ${typeCode} runs past the attributes`);
    if (seen.has(typeCode)) fail(3, 1, [], `attribute ${typeCode} appears twice`);
    seen.add(typeCode);
    const optional = (flags & 0x80) !== 0;
    const transitive = (flags & 0x40) !== 0;
    const value = body.subarray(i + headerLength, i + headerLength + length);
    if (WELL_KNOWN.has(typeCode)) {
      if (optional || !transitive) fail(3, 4, whole, `wrong flags 0x${flags.toString(16)} for well-known attribute ${typeCode}`);
      const expected: Record<number, number> = {1: 1, 3: 4, 5: 4, 6: 0};
      if (expected[typeCode] !== undefined && length !== expected[typeCode]) fail(3, 5, whole, `attribute ${typeCode} of length ${length}`);
      if (typeCode === 1 && value[0]! > 2) fail(3, 6, whole, `ORIGIN ${value[0]}`);
      if (typeCode === 2) {
        for (let j = 0; j < value.length;) {
          const segType = value[j]!;
          const segLength = value[j + 1];
          if ((segType !== 1 && segType !== 2) || segLength === undefined || segLength === 0) fail(3, 11, [], 'a malformed AS_PATH segment');
          j += 2 + segLength! * asSize;
          if (j > value.length) fail(3, 11, [], 'an AS_PATH segment runs past the attribute');
        }
      }
    } else if (!optional) fail(3, 2, whole, `unrecognized well-known attribute ${typeCode}`);
    if (typeCode === 14) mpReach = 1;
    i += headerLength + length;
  }
  const nlri = checkPrefixes(body.subarray(attrsStart + attrsLength), 3, 10, 32);
  if (nlri > 0) for (const required of [1, 2, 3]) if (!seen.has(required)) fail(3, 3, [required], `the well-known attribute ${required} is missing`);
  return {type: Type.Update, withdrawn, announced: nlri + mpReach};
}
