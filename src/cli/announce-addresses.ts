// Which addresses to announce or probe: --ip, or from manifests through the allocation engine.
import {plan} from '../lib/allocator/engine.js';
import {engineObjects} from '../lib/allocator/from-manifests.js';
import {UserError} from '../lib/errors.js';
import {formatIp, parseIp} from '../lib/net/index.js';
import {readDocuments} from './manifest-inputs.js';

export interface AddressFlags {
  ip?: string[];
  filename?: string[];
  'max-file-size'?: string;
  node?: string;
  class?: string;
  service?: string;
}

export function addressList(texts: readonly string[]): string[] {
  return texts.map((text) => {
    const address = parseIp(text);
    if (!address) throw new UserError(`--ip ${JSON.stringify(text)}: not an IP address; give one like 192.0.2.10 or 2001:db8::10.`);
    return formatIp(address);
  });
}

export function addressesFromFlags(flags: AddressFlags): string[] {
  if (flags.ip && flags.ip.length > 0) return addressList(flags.ip);
  if (!flags.filename || flags.filename.length === 0) throw new UserError('give the addresses with --ip, or manifests with -f and one of --node, --class, --service.');
  const result = plan(engineObjects(readDocuments(flags.filename, 'd8 metallb announce -f manifests/ --node lb-1 --interface eth1', flags)));
  const picked = result.services.flatMap((s) => {
    if (flags.service !== undefined && `${s.namespace}/${s.name}` !== flags.service && s.name !== flags.service) return [];
    if (flags.class !== undefined && s.class !== flags.class) return [];
    return s.addresses.filter((a) => a.ip !== null && (flags.node === undefined || a.announcer === flags.node)).map((a) => a.ip!);
  });
  if (flags.node === undefined && flags.class === undefined && flags.service === undefined) throw new UserError('with -f, say which addresses: --node NAME (those the module gives that node), --class NAME or --service NS/NAME.');
  if (picked.length === 0) throw new UserError('the manifests give no address to announce for that choice; check the names with d8 metallb ip allocate -f ….');
  return addressList([...new Set(picked)]);
}
