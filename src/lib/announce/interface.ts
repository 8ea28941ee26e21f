// The interface an announcer may use: it must exist, be up, do ARP, and not be one MetalLB never announces on.
import {readFileSync} from 'node:fs';
import {networkInterfaces} from 'node:os';
import {ExitCode, UserError} from '../errors.js';
import {excludedInterfacePattern} from '../manifests/constants.js';

const IFF_UP = 0x1;
const IFF_NOARP = 0x80;

export interface InterfaceInfo {
  readonly name: string;
  readonly mac: string;
  /** The interface's own addresses (a speaker never claims them). */
  readonly addresses: readonly string[];
}

export function checkInterface(name: string, allowExcluded: boolean, sysfs = '/sys/class/net'): InterfaceInfo {
  const read = (file: string) => readFileSync(`${sysfs}/${name}/${file}`, 'utf8').trim();
  let flags: number;
  let mac: string;
  try {
    flags = Number.parseInt(read('flags'), 16);
    mac = read('address');
  } catch {
    throw new UserError(`--interface ${JSON.stringify(name)}: no such interface; see 'ip link'.`, {exitCode: ExitCode.Announcer});
  }
  const excluded = excludedInterfacePattern(name);
  if (excluded && !allowExcluded) {
    throw new UserError(`--interface ${JSON.stringify(name)}: MetalLB never announces on interfaces matching ${excluded.source}; use the uplink interface, or --allow-excluded for a test link.`, {exitCode: ExitCode.Announcer});
  }
  if (!(flags & IFF_UP)) throw new UserError(`--interface ${JSON.stringify(name)}: the interface is down; bring it up ('ip link set ${name} up').`, {exitCode: ExitCode.Announcer});
  if (flags & IFF_NOARP) throw new UserError(`--interface ${JSON.stringify(name)}: the interface does not do ARP (NOARP); use an Ethernet interface.`, {exitCode: ExitCode.Announcer});
  return {name, mac, addresses: (networkInterfaces()[name] ?? []).map((a) => a.address.replace(/%.*$/, ''))};
}
