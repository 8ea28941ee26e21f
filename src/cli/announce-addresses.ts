// Which addresses to announce or probe: --ip, or from manifests through the allocation engine.
import {plan} from '../lib/allocator/engine.js';
import {engineObjects} from '../lib/allocator/from-manifests.js';
import {UserError} from '../lib/errors.js';
import {formatIp, parseIp} from '../lib/net/index.js';
import {unannounceable} from '../lib/announce/addresses.js';
import {readDocuments} from './manifest-inputs.js';

export interface AddressFlags {
  ip?: string[];
  filename?: string[];
  'max-file-size'?: string;
  node?: string;
  class?: string;
  service?: string;
}

/**
 * Addresses a speaker may claim on a link, each once: not the unspecified, broadcast, multicast, loopback or
 * link-local ones (no host answers ARP or NDP for those as a Service address), and not the interface's own.
 */
export function addressList(texts: readonly string[], ownAddresses: readonly string[] = []): string[] {
  const own = new Set(ownAddresses.flatMap((text) => {
    const address = parseIp(text);
    return address ? [formatIp(address)] : [];
  }));
  return [...new Set(texts.map((text) => {
    const address = parseIp(text);
    if (!address) throw new UserError(`--ip ${JSON.stringify(text)}: not an IP address; give one like 192.0.2.10 or 2001:db8::10.`);
    const ip = formatIp(address);
    const kind = unannounceable(ip);
    if (kind) throw new UserError(`--ip ${JSON.stringify(text)}: ${kind} address, which no speaker announces; give a unicast address of the link's network.`);
    if (own.has(ip)) throw new UserError(`--ip ${JSON.stringify(text)}: the interface's own address; give an address no host on the link has.`);
    return ip;
  }))];
}

export function addressesFromFlags(flags: AddressFlags, ownAddresses: readonly string[] = []): string[] {
  if (flags.ip && flags.ip.length > 0) return addressList(flags.ip, ownAddresses);
  if (!flags.filename || flags.filename.length === 0) throw new UserError('give the addresses with --ip, or manifests with -f and one of --node, --class, --service.');
  const result = plan(engineObjects(readDocuments(flags.filename, 'd8 metallb announce -f manifests/ --node lb-1 --interface eth1', flags)));
  const picked = result.services.flatMap((s) => {
    if (flags.service !== undefined && `${s.namespace}/${s.name}` !== flags.service && s.name !== flags.service) return [];
    if (flags.class !== undefined && s.class !== flags.class) return [];
    return s.addresses.filter((a) => a.ip !== null && (flags.node === undefined || a.announcer === flags.node)).map((a) => a.ip!);
  });
  if (flags.node === undefined && flags.class === undefined && flags.service === undefined) throw new UserError('with -f, say which addresses: --node NAME (those the module gives that node), --class NAME or --service NS/NAME.');
  if (picked.length === 0) throw new UserError('the manifests give no address to announce for that choice; check the names with d8 metallb ip allocate -f ….');
  return addressList([...new Set(picked)], ownAddresses);
}
