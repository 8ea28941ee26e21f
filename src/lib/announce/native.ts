// The native raw-socket part (native/raw_socket.c, built by `npm run build` with node-gyp). When it cannot load,
// every other command still works; announcing says how to fix it.
import {createRequire} from 'node:module';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {ExitCode, UserError} from '../errors.js';

export interface RawSocketModule {
  open(ifname: string, ethertype: number, receiveBuffer: Uint8Array, onFrame: (length: number, answered: boolean) => void, filter?: readonly (readonly number[])[]): object;
  send(handle: object, frame: Uint8Array): number;
  close(handle: object): void;
  joinMulticast(handle: object, mac: Uint8Array): void;
  /** Answer ARP requests for these IPv4 addresses (4 bytes each) with this MAC as frames arrive, before JS runs. */
  setArpAnswers(handle: object, mac: Uint8Array, addresses: Uint8Array): void;
  /** The same decision without a socket (for tests): the reply, or null. */
  arpReply(mac: Uint8Array, addresses: Uint8Array, frame: Uint8Array): Uint8Array | null;
  /** An unconnected, non-blocking IPv4 TCP socket signing segments to `peer` with TCP MD5 (RFC 2385): its descriptor. */
  md5Socket(peer: Uint8Array, key: Uint8Array, source?: Uint8Array): number;
}

const ROOT = Symbol.for('d8-metallb.root');

function projectRoot(): string {
  // The built CLI (one CommonJS bundle) has no import.meta: bin/main.js says where the project is.
  const fromBin = (globalThis as {[ROOT]?: string})[ROOT];
  return fromBin ?? fileURLToPath(new URL('../../..', import.meta.url));
}

let loaded: RawSocketModule | undefined;

/** The single executable provides its embedded addon this way (src/cli/sea.ts): written out and loaded, or why not. */
const PROVIDER = Symbol.for('d8-metallb.native');

export function loadRawSockets(): RawSocketModule {
  if (loaded) return loaded;
  const provide = (globalThis as {[PROVIDER]?: () => unknown})[PROVIDER];
  if (provide) {
    try {
      loaded = provide() as RawSocketModule;
      return loaded;
    } catch (error) {
      throw new UserError(`${(error as Error).message.split('\n')[0]}.`, {exitCode: ExitCode.Announcer, cause: error});
    }
  }
  const path = join(projectRoot(), 'build', 'Release', 'raw_socket.node');
  try {
    loaded = createRequire(join(projectRoot(), 'package.json'))(path) as RawSocketModule;
    return loaded;
  } catch (error) {
    throw new UserError(`the announcer's native part is not available (${(error as Error).message.split('\n')[0]}); build it with 'npm run build' on a machine with a C compiler and Node headers (npm_config_nodedir=/usr).`, {exitCode: ExitCode.Announcer, cause: error});
  }
}

/** The native side hands frames over cut to its queue's slot (SLOT_BYTES in raw_socket.c); ARP and NDP fit. */
const RECEIVE_BUFFER_BYTES = 512;

/**
 * Opens a raw socket; `onFrame` gets a view of each frame that is valid only during the call (one buffer is reused
 * for every frame, so that receiving allocates nothing), and whether the native side already answered it
 * (setArpAnswers). Without CAP_NET_RAW opening fails with EPERM: one sentence says so.
 */
export function openRawSocket(ifname: string, ethertype: number, onFrame: (frame: Uint8Array, answered: boolean) => void, filter?: readonly (readonly number[])[]): object {
  const native = loadRawSockets();
  const buffer = new Uint8Array(RECEIVE_BUFFER_BYTES);
  const deliver = (length: number, answered: boolean) => onFrame(buffer.subarray(0, length), answered);
  try {
    return filter ? native.open(ifname, ethertype, buffer, deliver, filter) : native.open(ifname, ethertype, buffer, deliver);
  } catch (error) {
    const code = (error as {code?: string}).code;
    if (code === 'EPERM' || code === 'EACCES') throw new UserError('announcing needs CAP_NET_RAW (raw sockets); run it as root or grant the capability (setcap cap_net_raw+ep on node).', {exitCode: ExitCode.Announcer, cause: error});
    if (code === 'ENODEV') throw new UserError(`--interface ${JSON.stringify(ifname)}: no such interface; see 'ip link'.`, {exitCode: ExitCode.Announcer, cause: error});
    throw new UserError(`cannot open a raw socket on ${ifname}: ${(error as Error).message}; check the interface.`, {exitCode: ExitCode.Announcer, cause: error});
  }
}
