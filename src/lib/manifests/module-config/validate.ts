// Validation of ModuleConfig settings: the version's JSON Schema (schema/validate.ts), then what MetalLB itself checks.
import {closest} from '../../text/closest.js';
import type {Problem} from '../../errors.js';
import {type SchemaError, type SchemaPath, validateSchema} from '../../schema/validate.js';
import {isObject} from '../objects.js';
import {type PoolEntry, findOverlaps, parseIp, tryParsePoolEntry} from '../../net/index.js';
import type {SettingsVersion} from '../constants.js';
import {SETTINGS_SCHEMAS, knownSettings} from './schemas.js';
import {SETTINGS_LIST_KEYS} from './settings-input.js';

const q = JSON.stringify;

/** Ajv path "/bgpPeers/0/peer-asn" → "spec.settings.bgpPeers[0].peer-asn". */
export function settingsPath(segments: readonly (string | number)[]): string {
  let path = 'spec.settings';
  for (const s of segments) path += typeof s === 'number' || /^[0-9]+$/.test(s) ? `[${s}]` : `.${s}`;
  return path;
}

function pointerSegments(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function valueAt(root: unknown, at: SchemaPath): unknown {
  return at.reduce<unknown>((v, k) => (v as Record<string | number, unknown> | undefined)?.[k], root);
}

function schemaProblem(error: SchemaError, settings: unknown, version: SettingsVersion): Problem {
  const path = settingsPath(error.path);
  const value = q(valueAt(settings, error.path));
  const problem = (subject: string, message: string): Problem => ({severity: 'error', subject, message, path: error.path, code: 'settings-schema'});
  switch (error.keyword) {
    case 'required': {
      const missing = error.missing!;
      return problem(settingsPath([...error.path, missing]), 'is required here; add it.');
    }
    case 'additionalProperties': {
      const extra = String(error.path[error.path.length - 1]);
      const known = error.known ?? [];
      const guess = closest(extra, known);
      return {...problem(path, `is not a field of version ${version} settings; ${guess ? `did you mean ${guess}?` : `remove it (known fields: ${known.join(', ')}).`}`), code: 'settings-unknown-field'};
    }
    case 'pattern': {
      const field = String(error.path[error.path.length - 1]);
      if (field === 'peer-address' || field === 'source-address') return problem(path, `${value} is not an IPv4 address (the settings schema takes IPv4 only); write one like 192.0.2.1.`);
      if (field === 'hold-time') return problem(path, `${value} is not a duration; write it like 3s or 90s.`);
      return problem(path, `${value} is not a valid name; use lowercase letters, digits, "-" and ".".`);
    }
    case 'oneOf':
      return problem(path, `${value} is not an IPv4 CIDR (a.b.c.d/n) or range (a.b.c.d-e.f.g.h, no spaces), which is all the settings schema takes; write it in one of those forms.`);
    case 'type':
      return problem(path, `${value} ${error.message}; write a value of that type.`);
    default:
      return problem(path, `${value} ${error.message}; change it.`);
  }
}

const DURATION = /^(?:0|(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?)$/;
const DURATION_UNITS = [365 * 86400, 7 * 86400, 86400, 3600, 60, 1, 0.001];

/** Seconds of a hold time ("3s", "1m30s", 90), or undefined when it is not a duration. */
export function holdTimeSeconds(value: string | number): number | undefined {
  if (typeof value === 'number') return value;
  const match = DURATION.exec(value);
  if (!match || value === '') return undefined;
  return match.slice(1).reduce((sum, part, i) => sum + (part ? Number(part) * DURATION_UNITS[i]! : 0), 0);
}

/** MetalLB's parseTimers: a hold time rounded down to whole seconds must be 0 or at least 3 s. */
export function holdTimeTooShort(seconds: number): boolean {
  return Math.trunc(seconds) !== 0 && seconds < 3;
}

const COMMUNITY = /^(\d+):(\d+)$/;

function isCommunity(text: string): boolean {
  const match = COMMUNITY.exec(text);
  return !!match && Number(match[1]) <= 65535 && Number(match[2]) <= 65535;
}

type Json = Record<string, unknown>;
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** What MetalLB checks beyond the schema (addresses, overlaps, hold time, communities), and what is deprecated. */
export function semanticProblems(settings: Json, version: SettingsVersion): Problem[] {
  const problems: Problem[] = [];
  const error = (path: (string | number)[], code: string, message: string) => problems.push({severity: 'error', subject: settingsPath(path), message, path, code});
  const warn = (path: (string | number)[], code: string, message: string) => problems.push({severity: 'warning', subject: settingsPath(path), message, path, code});
  const communities = isObject(settings.bgpCommunities) ? settings.bgpCommunities : {};

  for (const [name, value] of Object.entries(communities)) {
    if (typeof value === 'string' && !isCommunity(value)) error(['bgpCommunities', name], 'community-invalid', `${q(value)} is not a BGP community; write it as ASN:VALUE, each from 0 to 65535, like 65535:65282.`);
  }

  const poolEntries: {owner: {subject: string; path: (string | number)[]}; entry: PoolEntry}[] = [];
  const poolNames = new Map<string, number>();
  asArray(settings.addressPools).forEach((pool, i) => {
    if (!isObject(pool)) return;
    if (typeof pool.name === 'string') {
      if (poolNames.has(pool.name)) error(['addressPools', i, 'name'], 'duplicate-pool', `duplicate definition of pool ${q(pool.name)} (also addressPools[${poolNames.get(pool.name)}]); give each pool its own name.`);
      else poolNames.set(pool.name, i);
    }
    if (pool.protocol === 'layer2' && version >= 2) {
      warn(['addressPools', i, 'protocol'], 'layer2-ignored', `layer2 pools are ignored from version 2 on and raise an alert; use a MetalLoadBalancerClass for L2 instead.`);
    }
    asArray(pool.addresses).forEach((text, j) => {
      if (typeof text !== 'string') return;
      const at: (string | number)[] = ['addressPools', i, 'addresses', j];
      const result = tryParsePoolEntry(text);
      if (result.error) return error(at, 'pool-syntax', `${result.error.metallbMessage}; ${result.error.hint}`);
      if (result.entry.range.family !== 4) return error(at, 'pool-ipv6', `${q(text)} is IPv6, and ModuleConfig pools take IPv4 only; put IPv6 pools in a MetalLoadBalancerClass.`);
      if (result.entry.network) warn(at, 'pool-host-bits', `${q(text)} has host bits set, so MetalLB uses the network ${result.entry.network}; write ${result.entry.network} to say so.`);
      poolEntries.push({owner: {subject: `${settingsPath(at)} ${q(text)}`, path: at}, entry: result.entry});
    });
    asArray(pool['bgp-advertisements']).forEach((advertisement, j) => {
      if (!isObject(advertisement)) return;
      asArray(advertisement.communities).forEach((community, k) => {
        if (typeof community === 'string' && !(community in communities) && !isCommunity(community)) {
          error(['addressPools', i, 'bgp-advertisements', j, 'communities', k], 'community-unknown', `${q(community)} is neither a key of bgpCommunities nor a community value; add it to bgpCommunities or write ASN:VALUE.`);
        }
      });
    });
  });
  for (const {a, b} of findOverlaps(poolEntries)) {
    problems.push({severity: 'error', subject: b.owner.subject, path: b.owner.path, code: 'pool-overlap', message: `overlaps ${a.owner.subject}, and MetalLB then rejects the whole configuration (no pool gets new addresses); remove or narrow one of them.`});
  }

  const peerKeys = new Map<string, number>();
  asArray(settings.bgpPeers).forEach((peer, i) => {
    // The key enable uses (SETTINGS_LIST_KEYS): two entries for one session are one peer configured twice.
    const key = isObject(peer) ? SETTINGS_LIST_KEYS.bgpPeers(peer) : undefined;
    if (key !== undefined && peerKeys.has(key)) {
      error(['bgpPeers', i, 'peer-address'], 'duplicate-peer', `a second peer with ${key} (also bgpPeers[${peerKeys.get(key)}]); MetalLB would open the same session twice: keep one.`);
    } else if (key !== undefined) peerKeys.set(key, i);
    if (!isObject(peer)) return;
    for (const field of ['peer-address', 'source-address', 'router-id'] as const) {
      const value = peer[field];
      if (typeof value === 'string' && parseIp(value)?.family !== 4) {
        error(['bgpPeers', i, field], 'peer-address', `${q(value)} is not an IPv4 address; write one like 192.0.2.1.`);
      }
    }
    const holdTime = peer['hold-time'];
    if (typeof holdTime === 'string' || typeof holdTime === 'number') {
      const seconds = holdTimeSeconds(holdTime);
      if (seconds === undefined) error(['bgpPeers', i, 'hold-time'], 'hold-time', `${q(holdTime)} is not a duration; write it like 3s or 90s.`);
      else if (holdTimeTooShort(seconds)) error(['bgpPeers', i, 'hold-time'], 'hold-time', `invalid hold time ${q(String(holdTime))}: must be 0 or >=3s; the documentation recommends 3s.`);
    }
    if (typeof peer.password === 'string') {
      warn(['bgpPeers', i, 'password'], 'password', 'is stored in plain text in the ModuleConfig; keep this manifest out of Git or use a MetalLoadBalancerBGPPeer with a password Secret.');
    }
    const selector = peer['node-selector'];
    if (isObject(selector)) {
      asArray(selector.matchExpressions).forEach((expression, j) => {
        if (!isObject(expression)) return;
        const at = ['bgpPeers', i, 'node-selector', 'matchExpressions', j, 'values'];
        const hasValues = asArray(expression.values).length > 0;
        if ((expression.operator === 'In' || expression.operator === 'NotIn') && !hasValues) error(at, 'selector-operator', `operator ${expression.operator} needs values; add at least one value.`);
        if ((expression.operator === 'Exists' || expression.operator === 'DoesNotExist') && expression.values !== undefined) error(at, 'selector-operator', `operator ${expression.operator} takes no values; remove them.`);
      });
    }
  });

  if (version >= 3) {
    for (const field of ['bgpPeers', 'addressPools', 'bgpCommunities']) {
      if (settings[field] !== undefined) warn([field], 'deprecated', 'is deprecated in version 3 (conversion removes it: BGP moved to MetalLoadBalancerPool, MetalLoadBalancerBGPPeer and MetalLoadBalancerConfiguration); use those objects instead.');
    }
    if (settings.speaker !== undefined) warn(['speaker'], 'deprecated', 'is deprecated in version 3; use nodeSelector and tolerations at the top of the settings.');
  }
  return problems;
}

/** Every problem of the settings for a version: schema errors first, then MetalLB's checks (one per path). */
export function validateSettings(settings: unknown, version: SettingsVersion): Problem[] {
  const problems: Problem[] = [];
  // One problem per field: a value may break several keywords, and where a MetalLB check names the same value
  // (an IPv6 pool, an invalid range) its sentence says more than the schema's pattern.
  const semantic = isObject(settings) ? semanticProblems(settings, version) : [];
  const seen = new Set<string>(semantic.filter((p) => p.severity === 'error').map((p) => p.subject));
  for (const error of validateSchema(SETTINGS_SCHEMAS[version], settings)) {
    const problem = schemaProblem(error, settings, version);
    if (!seen.has(problem.subject)) problems.push(problem);
    seen.add(problem.subject);
  }
  const reported = new Set(problems.map((p) => p.subject));
  problems.push(...semantic.filter((p) => !reported.has(p.subject) || p.severity === 'warning'));
  return problems;
}
