// Whether MetalLB's speaker (native BGP mode) accepts what the module renders, and what each pool's advertisements
// are on each node: internal/config config.go For (peersFor, poolsFor, setBGPAdvertisementsToPools,
// bgpAdvertisementFromCR, validateBGPAdvPerPool) after validation.go DiscardFRROnly (findIPv6BGPAdvertisement).
// The controller reads only the pools (pool_controller.go), so these rejections stop advertising, not assignment.
import {configurationRejection} from '../allocator/configuration.js';
import {FAMILY_BITS, formatIp, parseIp, tryParsePoolEntry, summarizeBlocks} from '../net/index.js';
import {holdTimeSeconds, holdTimeTooShort} from '../manifests/module-config/validate.js';
import {anySelectorMatches} from './labels.js';
import type {MetallbAdvertisement, MetallbBgp, MetallbPool} from './types.js';

const q = JSON.stringify;

export interface SpeakerRejection {
  /** What the speaker logs, word for word (D8MetallbConfigNotLoaded follows). */
  readonly metallbMessage: string;
  /** The same in our words, with the object to fix. */
  readonly reason: string;
  readonly hint: string;
  /** The module object to fix: a kind and name. */
  readonly object: string;
  /** Where in that object, when one field is to blame. */
  readonly path?: readonly (string | number)[];
}

/** An advertisement as the speaker holds it for one pool. */
export interface SpeakerAdvertisement {
  readonly source: MetallbAdvertisement;
  readonly aggregationLength: number;
  readonly localPref: number;
  /** Communities in MetalLB's order (sorted by value), written a:b. */
  readonly communities: readonly string[];
  /** The same as the 32-bit values an UPDATE carries. */
  readonly communityValues: readonly number[];
  readonly peers: ReadonlySet<string>;
  readonly nodes: ReadonlySet<string>;
}

export interface SpeakerConfig {
  readonly rejection?: SpeakerRejection;
  /** Pool name → its BGP advertisements (empty when the configuration is rejected). */
  readonly advertisements: ReadonlyMap<string, readonly SpeakerAdvertisement[]>;
}

/** Go's %q of an int: a quoted character literal (MetalLB formats an aggregation length that way). */
function goQuoteRune(n: number): string {
  if (n >= 0x20 && n < 0x7f) return n === 0x27 ? "'\\''" : n === 0x5c ? "'\\\\'" : `'${String.fromCharCode(n)}'`;
  return n < 0x80 ? `'\\x${n.toString(16).padStart(2, '0')}'` : `'\\u${n.toString(16).padStart(4, '0')}'`;
}

/** MetalLB's community.New for the legacy form a:b (uint16 each), or the error it gives. */
function parseCommunity(text: string): {value: number; text: string} | {error: string} {
  const fields = text.split(':');
  if (fields.length === 2) {
    const parts: number[] = [];
    for (const f of fields) {
      const n = /^[0-9]+$/.test(f) ? Number(f) : NaN;
      if (!(n <= 0xffff)) return {error: `invalid community value: invalid section ${q(f)} of community ${q(text)}, err: ${q(`strconv.ParseUint: parsing ${q(f)}: ${/^[0-9]+$/.test(f) ? 'value out of range' : 'invalid syntax'}`)}`};
      parts.push(n);
    }
    return {value: parts[0]! * 65536 + parts[1]!, text: `${parts[0]}:${parts[1]}`};
  }
  if (fields.length === 4) return {error: `invalid community value: large communities are not used by the module: ${text}`};
  return {error: `invalid community format: ${text}`};
}

export function speakerConfig(metallb: MetallbBgp, classPools: readonly MetallbPool[], nodes: readonly {name: string; labels: Readonly<Record<string, string>>}[]): SpeakerConfig {
  const rejected = (r: SpeakerRejection): SpeakerConfig => ({rejection: r, advertisements: new Map()});
  const allPools = [...metallb.pools, ...classPools].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  // DiscardFRROnly: an IPv6 CIDR in any pool an advertisement names (or in every pool, for one naming none).
  const named = new Set(metallb.advertisements.flatMap((a) => a.pools));
  const everyPool = metallb.advertisements.some((a) => a.pools.length === 0);
  if (metallb.advertisements.length > 0) {
    for (const pool of allPools) {
      if (!everyPool && !named.has(pool.name)) continue;
      for (const [k, text] of pool.addresses.entries()) {
        const parsed = tryParsePoolEntry(text);
        if (parsed.error) return rejected({metallbMessage: `invalid CIDR ${q(text)} in pool ${q(pool.name)}: ${parsed.error.metallbMessage}`, reason: `pool ${pool.name}: ${q(text)}: ${parsed.error.reason}`, hint: parsed.error.hint, object: `MetalLoadBalancerPool ${pool.name}`});
        if (parsed.entry.range.family === 6) {
          const cidr = summarizeBlocks(parsed.entry.range)[0]!.cidr;
          return rejected({metallbMessage: `pool ${q(pool.name)} has ipv6 CIDR ${cidr}, native bgp mode does not support ipv6`, reason: `pool ${pool.name} has IPv6 addresses (${text}) and is advertised over BGP, which the module's native speaker cannot do`, hint: 'advertise only IPv4 pools: move the IPv6 addresses to a pool no configuration advertises.', object: `MetalLoadBalancerPool ${pool.name}`, path: ['spec', 'addresses', k]});
        }
      }
    }
  }

  // peersFor → peerFromCR, in name order.
  for (const peer of metallb.peers) {
    const fail = (error: string, reason: string, hint: string, field?: string) => rejected({metallbMessage: `parsing peer ${peer.name} ${error}`, reason: `peer ${peer.peer}: ${reason}`, hint, object: `MetalLoadBalancerBGPPeer ${peer.peer}`, ...(field ? {path: ['spec', field]} : {})});
    if (peer.myASN === 0) return fail('missing local ASN', 'myASN is missing', 'set myASN.');
    if (peer.peerASN === 0) return fail('missing peer ASN and dynamicASN', 'peerASN is missing', 'set peerASN.');
    if (peer.holdTime !== undefined) {
      const seconds = holdTimeSeconds(peer.holdTime);
      if (seconds !== undefined && holdTimeTooShort(seconds)) return fail(`invalid BGPPeer timers: invalid hold time ${q(peer.holdTime)}: must be 0 or >=3s`, `hold time ${peer.holdTime} is below 3s`, 'use 0 or 3s and more.', 'holdTime');
    }
    if (!parseIp(peer.peerAddress)) return fail(`invalid BGPPeer address ${q(peer.peerAddress)}`, `${q(peer.peerAddress)} is not an IP address`, 'write the router\'s address.', 'peerAddress');
    if (peer.routerID !== undefined && !parseIp(peer.routerID)) return fail(`invalid router ID ${q(peer.routerID)}`, `router ID ${q(peer.routerID)} is not an IP address`, 'write an IPv4 address.', 'routerID');
    if (peer.sourceAddress !== undefined && peer.sourceAddress !== '' && !parseIp(peer.sourceAddress)) return fail(`invalid source IP ${q(peer.sourceAddress)}`, `source address ${q(peer.sourceAddress)} is not an IP address`, 'write an address of that node.', 'sourceAddresses');
    if (peer.passwordSecret !== undefined) {
      const secret = metallb.secrets.find((s) => s.name === peer.passwordSecret);
      if (secret && !secret.keys.includes('password')) {
        return fail(`password not specified in the secret "d8-metallb"/${q(secret.name)}\nfailed to parse peer ${peer.name} password secret`, `Secret ${secret.source.namespace}/${secret.source.name} has no password key`, 'put the password under the key "password".', 'passwordSecretRef');
      }
    }
  }

  // poolsFor: the same pools the controller checks (overlaps, names, syntax).
  const pools = configurationRejection(allPools.map((p) => ({name: p.name, entries: p.addresses, label: p.l2Class ? 'class' : 'pool'})));
  if (pools) return rejected({metallbMessage: pools.metallbMessage, reason: pools.reason, hint: pools.hint, object: `MetalLoadBalancerPool ${pools.pool}`});

  // setBGPAdvertisementsToPools, advertisement by advertisement (name order).
  const byPool = new Map<string, SpeakerAdvertisement[]>();
  const poolByName = new Map(allPools.map((p) => [p.name, p]));
  for (const adv of metallb.advertisements) {
    const object = `MetalLoadBalancerConfiguration ${adv.configuration}`;
    const index = Number(adv.name.slice(adv.configuration.length + '-adv-'.length));
    const fail = (metallbMessage: string, reason: string, hint: string, ...at: (string | number)[]) => rejected({metallbMessage, reason: `configuration ${adv.configuration}: ${reason}`, hint, object, path: ['spec', 'advertisements', index, ...at]});
    for (const [list, what] of [[adv.pools, 'ipAddressPools'], [adv.communities, 'community'], [adv.peers, 'peers']] as const) {
      const dup = list.find((v, i) => list.indexOf(v) !== i);
      if (dup !== undefined) return fail(`duplicate definition of ${what} ${q(dup)}`, `${what === 'peers' ? 'peer' : what === 'community' ? 'community' : 'pool'} ${dup} is listed twice`, 'list it once.', ...(what === 'ipAddressPools' ? ['poolNames', list.lastIndexOf(dup)] : what === 'community' ? ['bgp', 'communities', list.lastIndexOf(dup)] : []));
    }
    const aggregationLength = adv.aggregationLength ?? 32;
    if (aggregationLength > 32) return fail(`invalid aggregation length ${goQuoteRune(aggregationLength)} for IPv4`, `aggregationLength ${aggregationLength} is longer than an IPv4 address`, 'use 32 or less.', 'bgp', 'aggregationLength');
    const communities: {value: number; text: string}[] = [];
    for (const [j, c] of adv.communities.entries()) {
      const parsed = parseCommunity(c);
      if ('error' in parsed) return fail(`${parsed.error}\ninvalid community ${q(c)} in BGP advertisement`, `community ${q(c)} is ${parsed.error.startsWith('invalid community format') ? 'a name, and the module renders no Community objects' : 'out of range (each half is 0–65535)'}`, 'write communities as ASN:value.', 'bgp', 'communities', j);
      communities.push(parsed);
    }
    communities.sort((a, b) => a.value - b.value);
    const selected = new Set(nodes.filter((n) => anySelectorMatches(adv.nodeSelectors, n.labels)).map((n) => n.name));
    const speakerAdv: SpeakerAdvertisement = {source: adv, aggregationLength, localPref: adv.localPref ?? 0, communities: communities.map((c) => c.text), communityValues: communities.map((c) => c.value), peers: new Set(adv.peers), nodes: selected};
    const targets = adv.pools.length === 0 ? allPools.map((p) => p.name) : adv.pools;
    for (const poolName of targets) {
      const pool = poolByName.get(poolName);
      if (!pool) continue; // a name without a pool is skipped silently
      for (const text of pool.addresses) {
        const parsed = tryParsePoolEntry(text);
        if (parsed.error) continue;
        const blocks = summarizeBlocks(parsed.entry.range);
        const lowest = Math.min(...blocks.map((b) => Number(b.cidr.split('/')[1])));
        const max = parsed.entry.range.family === 4 ? aggregationLength : 128;
        if (max < lowest) return fail(`invalid aggregation length ${aggregationLength}: prefix ${lowest} in this pool is more specific than the aggregation length for addresses ${text}`, `aggregationLength ${aggregationLength} is shorter than the /${lowest} blocks of pool ${pool.name} (${text})`, `use ${lowest} or more.`, 'bgp', 'aggregationLength');
      }
      const existing = byPool.get(poolName) ?? [];
      for (const other of existing) {
        if (other.localPref !== speakerAdv.localPref && !compatible(speakerAdv, other)) {
          return fail(`invalid local preference ${speakerAdv.localPref}: local preferernce ${other.localPref} was already set for the same type of BGP update. Check existing BGP advertisements with common pools and aggregation lengths`, `two advertisements of pool ${pool.name} give the same routes different localPref (${other.localPref} and ${speakerAdv.localPref})`, 'give them one localPref, or different aggregation lengths, peers or nodes.', 'bgp', 'localPref');
        }
      }
      existing.push(speakerAdv);
      byPool.set(poolName, existing);
    }
  }
  return {advertisements: byPool};
}

/** advertisementsAreCompatible for IPv4 pools: different aggregation, disjoint peers, or disjoint nodes. */
function compatible(a: SpeakerAdvertisement, b: SpeakerAdvertisement): boolean {
  if (a.aggregationLength !== b.aggregationLength) return true;
  if (a.peers.size > 0 && b.peers.size > 0 && ![...a.peers].some((p) => b.peers.has(p))) return true;
  for (const node of a.nodes) if (b.nodes.has(node)) return false;
  return true;
}

/** An address masked to a prefix length, written as MetalLB's net.IPNet (192.0.2.16/32). */
export function prefixOf(ip: {family: 4 | 6; value: bigint}, length: number): string {
  const bits = BigInt(FAMILY_BITS[ip.family]);
  const mask = ((1n << BigInt(length)) - 1n) << (bits - BigInt(length));
  return `${formatIp({family: ip.family, value: ip.value & mask})}/${length}`;
}
