// The native raw-socket part (native/raw_socket.c, built by `npm run build` with node-gyp). When it cannot load,
// every other command still works; announcing says how to fix it.
import {createRequire} from 'node:module';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {ExitCode, UserError} from '../errors.js';

export interface RawSocketModule {
  open(ifname: string, ethertype: number, onFrame: (frame: Buffer) => void, filter?: readonly (readonly number[])[]): object;
  send(handle: object, frame: Uint8Array): number;
  close(handle: object): void;
  joinMulticast(handle: object, mac: Uint8Array): void;
}

const ROOT = Symbol.for('d8-metallb.root');

function projectRoot(): string {
  // The built CLI (one CommonJS bundle) has no import.meta: bin/main.js says where the project is.
  const fromBin = (globalThis as {[ROOT]?: string})[ROOT];
  return fromBin ?? fileURLToPath(new URL('../../..', import.meta.url));
}

let loaded: RawSocketModule | undefined;

export function loadRawSockets(): RawSocketModule {
  if (loaded) return loaded;
  const path = join(projectRoot(), 'build', 'Release', 'raw_socket.node');
  try {
    loaded = createRequire(join(projectRoot(), 'package.json'))(path) as RawSocketModule;
    return loaded;
  } catch (error) {
    throw new UserError(`the announcer's native part is not available (${(error as Error).message.split('\n')[0]}); build it with 'npm run build' on a machine with a C compiler and Node headers (npm_config_nodedir=/usr).`, {exitCode: ExitCode.Announcer, cause: error});
  }
}

/** Opening a raw socket without CAP_NET_RAW fails with EPERM: one sentence that says so. */
export function openRawSocket(ifname: string, ethertype: number, onFrame: (frame: Buffer) => void, filter?: readonly (readonly number[])[]): object {
  const native = loadRawSockets();
  try {
    return filter ? native.open(ifname, ethertype, onFrame, filter) : native.open(ifname, ethertype, onFrame);
  } catch (error) {
    const code = (error as {code?: string}).code;
    if (code === 'EPERM' || code === 'EACCES') throw new UserError('announcing needs CAP_NET_RAW (raw sockets); run it as root or grant the capability (setcap cap_net_raw+ep on node).', {exitCode: ExitCode.Announcer, cause: error});
    if (code === 'ENODEV') throw new UserError(`--interface ${JSON.stringify(ifname)}: no such interface; see 'ip link'.`, {exitCode: ExitCode.Announcer, cause: error});
    throw new UserError(`cannot open a raw socket on ${ifname}: ${(error as Error).message}; check the interface.`, {exitCode: ExitCode.Announcer, cause: error});
  }
}
