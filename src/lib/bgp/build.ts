// BGP mode's objects from user values (flags or a wizard), checked as the module's CRDs and MetalLB check them, so
// that what `bgp … create` prints is what the API server accepts and the speaker loads.
import type {Problem} from '../errors.js';
import {throwIfErrors} from '../errors.js';
import {holdTimeSeconds, holdTimeTooShort} from '../manifests/module-config/validate.js';
import {type Invalid, checkNamespaceName, checkSubdomainName, isInvalid, parseLabelPair} from '../manifests/names.js';
import {findOverlaps, parseIp, tryParsePoolEntry, type PoolEntry} from '../net/index.js';
import {type BgpManifest, configurationManifest, peerManifest, poolManifest} from './manifests.js';
import {COMMUNITY_PATTERN} from './migration.js';

const q = JSON.stringify;
const MAX_ASN = 4294967295;
/** The CRD's patterns: IPv4 only, a CIDR or a range without spaces. */
const POOL_CIDR = /^([0-9]{1,3}\.){3}[0-9]{1,3}\/(3[0-2]|[1-2][0-9]|[0-9])$/;
const POOL_RANGE = /^([0-9]{1,3}\.){3}[0-9]{1,3}-([0-9]{1,3}\.){3}[0-9]{1,3}$/;

export interface PoolInput {
  name: string;
  addresses: readonly string[];
  autoAssign?: boolean;
  avoidBuggyIPs?: boolean;
}

export interface PeerInput {
  name: string;
  peerAddress: string;
  peerASN: string;
  myASN: string;
  holdTime?: string;
  peerPort?: string;
  routerID?: string;
  /** NODE=ADDRESS. */
  sourceAddresses?: readonly string[];
  /** NAMESPACE/NAME. */
  passwordSecret?: string;
}

export interface ConfigurationInput {
  name: string;
  pools: readonly string[];
  peers?: readonly string[];
  nodeSelector?: readonly string[];
  communities?: readonly string[];
  localPref?: string;
  aggregationLength?: string;
}

/** How problems name each value: the flag names for the CLI. */
export type Subjects = Record<string, string>;

class Checks {
  readonly problems: Problem[] = [];
  constructor(private readonly subjects: Subjects) {}
  subject(field: string, value?: string): string {
    return value === undefined ? this.subjects[field] ?? field : `${this.subjects[field] ?? field} ${q(value)}`;
  }
  error(field: string, value: string | undefined, bad: Invalid): void {
    this.problems.push({severity: 'error', subject: this.subject(field, value), message: `${bad.reason}; ${bad.hint}`});
  }
  warn(field: string, value: string | undefined, message: string): void {
    this.problems.push({severity: 'warning', subject: this.subject(field, value), message});
  }
  name(value: string): void {
    const bad = checkSubdomainName(value);
    if (bad) this.error('name', value, bad);
  }
  integer(field: string, value: string | undefined, min: number, max: number): number | undefined {
    const bad = checkInteger(value, min, max);
    if (bad) {
      this.error(field, value, bad);
      return undefined;
    }
    return value === undefined ? undefined : Number(value);
  }
}

/** A whole number in a range, or why not (for flags and wizards alike). */
export function checkInteger(value: string | undefined, min: number, max: number): Invalid | undefined {
  if (value === undefined) return undefined;
  const n = /^[0-9]+$/.test(value) ? Number(value) : NaN;
  return n >= min && n <= max ? undefined : {reason: `it is not a whole number from ${min} to ${max}`, hint: 'give a number in that range.'};
}

/** One pool entry as the CRD takes it, for wizards. */
export function checkBgpPoolEntry(text: string): Invalid | undefined {
  const parsed = tryParsePoolEntry(text);
  if (parsed.error) return parsed.error;
  if (parsed.entry.range.family === 6 || !(POOL_CIDR.test(text) || POOL_RANGE.test(text))) return {reason: 'MetalLoadBalancerPool takes IPv4 CIDRs and ranges only, written without spaces (the CRD\'s pattern; the module\'s speaker advertises IPv4 only)', hint: 'write an IPv4 CIDR such as 192.0.2.0/28 or a range such as 192.0.2.10-192.0.2.20.'};
  return undefined;
}

export function buildPool(input: PoolInput, subjects: Subjects = {}): {manifest: BgpManifest; warnings: Problem[]} {
  const c = new Checks(subjects);
  c.name(input.name);
  if (input.addresses.length === 0) c.error('addresses', undefined, {reason: 'a pool needs at least one address entry', hint: 'give a CIDR such as 192.0.2.0/28 or a range such as 192.0.2.10-192.0.2.20.'});
  const entries: {owner: string; entry: PoolEntry}[] = [];
  for (const text of input.addresses) {
    const bad = checkBgpPoolEntry(text);
    if (bad) {
      c.error('addresses', text, bad);
      continue;
    }
    const parsed = tryParsePoolEntry(text) as {entry: PoolEntry};
    if (parsed.entry.network) c.warn('addresses', text, `host bits are set, so MetalLB uses the network ${parsed.entry.network}; write ${parsed.entry.network} to say so.`);
    entries.push({owner: c.subject('addresses', text), entry: parsed.entry});
  }
  for (const {a, b} of findOverlaps(entries)) c.problems.push({severity: 'error', subject: b.owner, message: `overlaps ${a.owner} in the same pool, and MetalLB then rejects the whole configuration; remove or narrow one of them.`});
  if (input.autoAssign === false) c.warn('autoAssign', undefined, 'the module renders autoAssign: true for every pool (its template\'s `default true` takes false for unset), so this changes nothing; keep Services off the pool with network.deckhouse.io/load-balancer-pool instead.');
  const warnings = throwIfErrors(c.problems);
  return {manifest: poolManifest({name: input.name, addresses: input.addresses, ...(input.autoAssign !== undefined ? {autoAssign: input.autoAssign} : {}), ...(input.avoidBuggyIPs ? {avoidBuggyIPs: true} : {}), origin: 'manifest'}), warnings};
}

export function buildPeer(input: PeerInput, subjects: Subjects = {}): {manifest: BgpManifest; warnings: Problem[]} {
  const c = new Checks(subjects);
  c.name(input.name);
  if (parseIp(input.peerAddress)?.family !== 4) c.error('peerAddress', input.peerAddress, {reason: 'it is not an IPv4 address (the CRD takes IPv4; the native speaker speaks IPv4 only)', hint: 'give the router\'s IPv4 address.'});
  const peerASN = c.integer('peerASN', input.peerASN, 1, MAX_ASN);
  const myASN = c.integer('myASN', input.myASN, 1, MAX_ASN);
  const peerPort = c.integer('peerPort', input.peerPort, 1, 65535);
  if (input.routerID !== undefined && parseIp(input.routerID)?.family !== 4) c.error('routerID', input.routerID, {reason: 'a router ID is an IPv4 address', hint: 'give an IPv4 address, e.g. the node\'s.'});
  if (input.holdTime !== undefined) {
    const seconds = /^([0-9]+(ms|s|m|h))+$/.test(input.holdTime) ? holdTimeSeconds(input.holdTime) : undefined;
    if (seconds === undefined) c.error('holdTime', input.holdTime, {reason: 'it is not a duration as the CRD writes them', hint: 'write it like 90s, 3s or 1m30s.'});
    else if (holdTimeTooShort(seconds)) c.error('holdTime', input.holdTime, {reason: 'MetalLB refuses hold times between 0 and 3s ("must be 0 or >=3s")', hint: 'use 3s or more (keepalives go every third of it).'});
  }
  const sourceAddresses: {nodeName: string; address: string}[] = [];
  for (const pair of input.sourceAddresses ?? []) {
    const eq = pair.indexOf('=');
    const node = pair.slice(0, eq);
    const address = pair.slice(eq + 1);
    if (eq <= 0 || !parseIp(address)) c.error('sourceAddresses', pair, {reason: 'expected NODE=ADDRESS', hint: 'write the node name, "=", and that node\'s address to open the session from, e.g. worker-1=192.0.2.11.'});
    else sourceAddresses.push({nodeName: node, address});
  }
  let ref: {name: string; namespace: string} | undefined;
  if (input.passwordSecret !== undefined) {
    const [namespace, name, extra] = input.passwordSecret.split('/');
    const bad = namespace === undefined || name === undefined || extra !== undefined ? {reason: 'expected NAMESPACE/NAME', hint: 'name the Secret as d8-metallb/bgp-password.'} : checkNamespaceName(namespace) ?? checkSubdomainName(name);
    if (bad) c.error('passwordSecret', input.passwordSecret, bad);
    else ref = {namespace: namespace!, name: name!};
  }
  const warnings = throwIfErrors(c.problems);
  return {
    manifest: peerManifest({
      name: input.name, peerAddress: input.peerAddress, peerASN: peerASN!, myASN: myASN!,
      ...(peerPort !== undefined ? {peerPort} : {}), ...(input.routerID ? {routerID: input.routerID} : {}), ...(input.holdTime ? {holdTime: input.holdTime} : {}),
      ...(ref ? {passwordSecretRef: ref} : {}), sourceAddresses, bfd: false, origin: 'manifest',
    }),
    warnings,
  };
}

export function buildConfiguration(input: ConfigurationInput, subjects: Subjects = {}): {manifest: BgpManifest; warnings: Problem[]} {
  const c = new Checks(subjects);
  c.name(input.name);
  if (input.pools.length === 0) c.error('pools', undefined, {reason: 'a configuration advertises at least one pool', hint: 'name a MetalLoadBalancerPool.'});
  for (const pool of input.pools) {
    const bad = checkSubdomainName(pool);
    if (bad) c.error('pools', pool, bad);
  }
  for (const [list, field] of [[input.pools, 'pools'], [input.peers ?? [], 'peers'], [input.communities ?? [], 'communities']] as const) {
    const dup = list.find((v, i) => list.indexOf(v) !== i);
    if (dup !== undefined) c.error(field, dup, {reason: 'it is given twice, which MetalLB refuses ("duplicate definition")', hint: 'give it once.'});
  }
  const nodeSelector: Record<string, string> = {};
  for (const pair of input.nodeSelector ?? []) {
    const parsed = parseLabelPair(pair);
    if (isInvalid(parsed)) c.error('nodeSelector', pair, parsed);
    else nodeSelector[parsed.key] = parsed.value;
  }
  for (const community of input.communities ?? []) {
    if (!COMMUNITY_PATTERN.test(community)) c.error('communities', community, {reason: 'it is not a community the CRD takes', hint: 'write it as ASN:value, e.g. 65000:100.'});
    else if (!/^[0-9]+:[0-9]+$/.test(community)) c.error('communities', community, {reason: 'the CRD takes this name, but the module renders no Community object for it and MetalLB\'s speaker then refuses the whole configuration', hint: 'write it as its value (no-export is 65535:65281, no-advertise 65535:65282, local-as 65535:65283).'});
    else if (community.split(':').some((half) => Number(half) > 65535)) c.error('communities', community, {reason: 'each half of a community is 0–65535 (MetalLB refuses the configuration otherwise)', hint: 'write it as ASN:value with 16-bit halves.'});
  }
  const localPref = c.integer('localPref', input.localPref, 0, MAX_ASN);
  const aggregationLength = c.integer('aggregationLength', input.aggregationLength, 1, 32);
  const warnings = throwIfErrors(c.problems);
  return {
    manifest: configurationManifest({
      name: input.name, mode: 'BGP', nodeSelector, peerNames: input.peers ?? [], origin: 'manifest',
      advertisements: [{poolNames: input.pools, ...(input.communities && input.communities.length > 0 ? {communities: input.communities} : {}), ...(localPref !== undefined ? {localPref} : {}), ...(aggregationLength !== undefined ? {aggregationLength} : {})}],
    }),
    warnings,
  };
}
