// ARP for the announcer (issue 7), decided purely and then acted on (as MetalLB's internal/layer2/arp.go):
// decodeArp turns a frame into a packet or says why not; decideArp says whether to answer and, if not, why;
// the frame builders make the reply and the gratuitous announcement. No sockets here: a transport does the I/O.
import {parseIp} from '../net/index.js';

export const ETHERTYPE_ARP = 0x0806;
const HTYPE_ETHERNET = 1;
const PTYPE_IPV4 = 0x0800;
export const ARP_REQUEST = 1;
export const ARP_REPLY = 2;
export const BROADCAST = 'ff:ff:ff:ff:ff:ff';
const ETHERNET_HEADER = 14;
const ARP_LENGTH = 28;

export interface ArpPacket {
  /** Ethernet destination and source. */
  readonly destination: string;
  readonly source: string;
  readonly operation: number;
  readonly senderMac: string;
  readonly senderIp: string;
  readonly targetMac: string;
  readonly targetIp: string;
}

export type ArpDropReason = 'short-frame' | 'not-arp' | 'not-ethernet-ipv4' | 'bad-lengths' | 'not-a-request' | 'not-for-us' | 'not-our-address';

const HEX = Array.from({length: 256}, (_, b) => b.toString(16).padStart(2, '0'));

export function macToString(bytes: Uint8Array, offset = 0): string {
  return `${HEX[bytes[offset]!]}:${HEX[bytes[offset + 1]!]}:${HEX[bytes[offset + 2]!]}:${HEX[bytes[offset + 3]!]}:${HEX[bytes[offset + 4]!]}:${HEX[bytes[offset + 5]!]}`;
}

export function macToBytes(mac: string): Uint8Array {
  const parts = mac.split(':');
  if (parts.length !== 6 || parts.some((p) => !/^[0-9a-fA-F]{2}$/.test(p))) throw new Error(`invalid MAC address ${JSON.stringify(mac)}`);
  return Uint8Array.from(parts.map((p) => parseInt(p, 16)));
}

/** The dotted IPv4 address at an offset of a frame (canonical: four bytes, no leading zeros). */
export const ipv4At = (bytes: Uint8Array, offset: number): string => `${bytes[offset]}.${bytes[offset + 1]}.${bytes[offset + 2]}.${bytes[offset + 3]}`;

/** An IPv4 address in a frame as a 32-bit number: set lookups on the answer path that allocate nothing. */
export const ipv4KeyAt = (bytes: Uint8Array, offset: number): number => ((bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!) >>> 0;

/** The same number for a dotted IPv4 address. */
export const ipv4Key = (ip: string): number => ipv4KeyAt(ipv4ToBytes(ip), 0);

/** IPv4 addresses as 4 bytes each, in network order: the native answer table (native.ts setArpAnswers). */
export function ipv4Table(addresses: readonly string[]): Uint8Array {
  const table = new Uint8Array(addresses.length * 4);
  addresses.forEach((ip, i) => table.set(ipv4ToBytes(ip), i * 4));
  return table;
}

/** Whether the 6 bytes at `offset` are `mac`. */
export function macAt(frame: Uint8Array, offset: number, mac: Uint8Array): boolean {
  for (let i = 0; i < 6; i++) if (frame[offset + i] !== mac[i]) return false;
  return true;
}

function ipv4ToBytes(ip: string): Uint8Array {
  const address = parseIp(ip);
  if (!address || address.family !== 4) throw new Error(`invalid IPv4 address ${JSON.stringify(ip)}`);
  const n = Number(address.value);
  return Uint8Array.from([(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
}

/** A frame as received (Ethernet header included) → an ARP packet, or why it is not one we read. */
export function decodeArp(frame: Uint8Array): {packet: ArpPacket} | {drop: ArpDropReason} {
  if (frame.length < ETHERNET_HEADER + ARP_LENGTH) return {drop: 'short-frame'};
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  if (view.getUint16(12) !== ETHERTYPE_ARP) return {drop: 'not-arp'};
  if (view.getUint16(14) !== HTYPE_ETHERNET || view.getUint16(16) !== PTYPE_IPV4) return {drop: 'not-ethernet-ipv4'};
  if (frame[18] !== 6 || frame[19] !== 4) return {drop: 'bad-lengths'};
  return {
    packet: {
      destination: macToString(frame, 0),
      source: macToString(frame, 6),
      operation: view.getUint16(20),
      senderMac: macToString(frame, 22),
      senderIp: ipv4At(frame, 28),
      targetMac: macToString(frame, 32),
      targetIp: ipv4At(frame, 38),
    },
  };
}

export interface ArpState {
  /** The interface's MAC. */
  readonly mac: string;
  /** Addresses we answer for (canonical IPv4 text). */
  readonly owned: ReadonlySet<string>;
}

/** Whether to answer, as MetalLB does: only requests, sent to broadcast or to our MAC, for an address we own. */
export function decideArp(packet: ArpPacket, state: ArpState): {reply: Uint8Array} | {drop: ArpDropReason} {
  if (packet.operation !== ARP_REQUEST) return {drop: 'not-a-request'};
  if (packet.destination !== BROADCAST && packet.destination !== state.mac) return {drop: 'not-for-us'};
  // Decoded addresses are canonical dotted decimal already (four bytes, no leading zeros).
  if (!state.owned.has(packet.targetIp)) return {drop: 'not-our-address'};
  return {reply: arpFrame({destination: packet.senderMac, source: state.mac, operation: ARP_REPLY, senderMac: state.mac, senderIp: packet.targetIp, targetMac: packet.senderMac, targetIp: packet.senderIp})};
}

/**
 * The same decision on the received bytes, with the reply built by copying them: what the announcer runs for every
 * frame (thousands a second under load). decideArp is its readable twin; a test checks they agree.
 */
export function answerArpFrame(frame: Uint8Array, ourMac: Uint8Array, owned: ReadonlySet<number>): Uint8Array | ArpDropReason {
  if (frame.length < ETHERNET_HEADER + ARP_LENGTH) return 'short-frame';
  if (frame[12] !== 0x08 || frame[13] !== 0x06) return 'not-arp';
  if (frame[14] !== 0 || frame[15] !== HTYPE_ETHERNET || frame[16] !== 0x08 || frame[17] !== 0x00) return 'not-ethernet-ipv4';
  if (frame[18] !== 6 || frame[19] !== 4) return 'bad-lengths';
  if (frame[20] !== 0 || frame[21] !== ARP_REQUEST) return 'not-a-request';
  let broadcast = true;
  let ours = true;
  for (let i = 0; i < 6; i++) {
    if (frame[i] !== 0xff) broadcast = false;
    if (frame[i] !== ourMac[i]) ours = false;
  }
  if (!broadcast && !ours) return 'not-for-us';
  if (!owned.has(ipv4KeyAt(frame, 38))) return 'not-our-address';
  // Byte loops rather than set(subarray(…)): no view objects per answer.
  const reply = new Uint8Array(ETHERNET_HEADER + ARP_LENGTH);
  for (let i = 0; i < 6; i++) {
    reply[i] = frame[22 + i]!; // to the requester's MAC
    reply[6 + i] = ourMac[i]!;
    reply[22 + i] = ourMac[i]!;
  }
  for (let i = 12; i < 20; i++) reply[i] = frame[i]!; // ethertype and ARP header
  reply[20] = 0;
  reply[21] = ARP_REPLY;
  for (let i = 0; i < 4; i++) reply[28 + i] = frame[38 + i]!; // we are the requested address
  for (let i = 0; i < 10; i++) reply[32 + i] = frame[22 + i]!; // the requester's MAC and IP
  return reply;
}

export function arpFrame(packet: ArpPacket): Uint8Array {
  const frame = new Uint8Array(ETHERNET_HEADER + ARP_LENGTH);
  const view = new DataView(frame.buffer);
  frame.set(macToBytes(packet.destination), 0);
  frame.set(macToBytes(packet.source), 6);
  view.setUint16(12, ETHERTYPE_ARP);
  view.setUint16(14, HTYPE_ETHERNET);
  view.setUint16(16, PTYPE_IPV4);
  frame[18] = 6;
  frame[19] = 4;
  view.setUint16(20, packet.operation);
  frame.set(macToBytes(packet.senderMac), 22);
  frame.set(ipv4ToBytes(packet.senderIp), 28);
  frame.set(macToBytes(packet.targetMac), 32);
  frame.set(ipv4ToBytes(packet.targetIp), 38);
  return frame;
}

/** A gratuitous announcement: an ARP request and an ARP reply to broadcast, sender IP = target IP = the address. */
export function gratuitousArp(mac: string, ip: string): [Uint8Array, Uint8Array] {
  const common = {destination: BROADCAST, source: mac, senderMac: mac, senderIp: ip, targetIp: ip};
  return [arpFrame({...common, operation: ARP_REQUEST, targetMac: '00:00:00:00:00:00'}), arpFrame({...common, operation: ARP_REPLY, targetMac: BROADCAST})];
}
