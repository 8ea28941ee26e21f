// Settings from flags: "key=value,key=value" specs for pools and peers, merged over a settings file.
import {type Problem, UserError} from '../../errors.js';
import {isInvalid, parseLabelPair} from '../names.js';
import {closest} from '../../text/closest.js';

type FieldKind = 'string' | 'integer' | 'boolean' | 'list';

const POOL_FIELDS: Record<string, FieldKind> = {
  addresses: 'list',
  'auto-assign': 'boolean',
  'avoid-buggy-ips': 'boolean',
  name: 'string',
  protocol: 'string',
};

const PEER_FIELDS: Record<string, FieldKind> = {
  'hold-time': 'string',
  'my-asn': 'integer',
  password: 'string',
  'peer-address': 'string',
  'peer-asn': 'integer',
  'peer-port': 'integer',
  'router-id': 'string',
  'source-address': 'string',
};

const q = JSON.stringify;

/**
 * Parses "k=v,k=v" into an object with keys in alphabetical order (as `kubectl get -o yaml` prints them, like the
 * documentation). A "list" field may repeat: addresses=a,addresses=b.
 */
function parseSpec(flag: string, text: string, fields: Record<string, FieldKind>): Record<string, unknown> {
  const subject = `${flag} ${q(text)}`;
  const result: Record<string, unknown> = {};
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    const key = (eq < 0 ? part : part.slice(0, eq)).trim();
    const value = eq < 0 ? '' : part.slice(eq + 1).trim();
    const kind = fields[key];
    if (eq < 0 || key === '') throw new UserError(`${subject}: ${q(part)} is not key=value; write it like ${Object.keys(fields).slice(0, 2).map((k) => `${k}=...`).join(',')}.`);
    if (!kind) {
      const guess = closest(key, Object.keys(fields));
      throw new UserError(`${subject}: unknown key ${q(key)}; ${guess ? `did you mean ${guess}?` : `use ${Object.keys(fields).join(', ')}.`}`);
    }
    if (kind === 'list') {
      (result[key] as string[] | undefined)?.push(value) ?? (result[key] = [value]);
      continue;
    }
    if (key in result) throw new UserError(`${subject}: ${key} is given twice; give it once.`);
    if (kind === 'integer') {
      if (!/^[0-9]+$/.test(value)) throw new UserError(`${subject}: ${key} ${q(value)} is not a whole number; write digits only.`);
      result[key] = Number(value);
    } else if (kind === 'boolean') {
      if (value !== 'true' && value !== 'false') throw new UserError(`${subject}: ${key} ${q(value)} is not true or false; write true or false.`);
      result[key] = value === 'true';
    } else result[key] = value;
  }
  return Object.fromEntries(Object.keys(result).sort().map((k) => [k, result[k]]));
}

/** --address-pool "name=mypool,protocol=bgp,addresses=192.0.2.0/24": protocol defaults to bgp. */
export function parseAddressPoolSpec(text: string, flag = '--address-pool'): Record<string, unknown> {
  const pool = parseSpec(flag, text, POOL_FIELDS);
  for (const required of ['name', 'addresses']) {
    if (!(required in pool)) throw new UserError(`${flag} ${q(text)}: ${required} is missing; add ${required}=... (for example name=mypool,addresses=192.0.2.0/24).`);
  }
  if (!('protocol' in pool)) return parseSpec(flag, `${text},protocol=bgp`, POOL_FIELDS);
  return pool;
}

/** --bgp-peer "peer-address=192.0.2.1,peer-asn=64601,my-asn=64600,hold-time=3s". */
export function parseBgpPeerSpec(text: string, flag = '--bgp-peer'): Record<string, unknown> {
  const peer = parseSpec(flag, text, PEER_FIELDS);
  for (const required of ['peer-address', 'peer-asn', 'my-asn']) {
    if (!(required in peer)) throw new UserError(`${flag} ${q(text)}: ${required} is missing; add ${required}=... (peer-address, peer-asn and my-asn are required).`);
  }
  return peer;
}

/** --bgp-community "no-advertise=65535:65282". */
export function parseCommunitySpec(text: string, flag = '--bgp-community'): [string, string] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new UserError(`${flag} ${q(text)}: expected NAME=ASN:VALUE; write it like no-advertise=65535:65282.`);
  return [text.slice(0, eq), text.slice(eq + 1)];
}

export interface SettingsFlags {
  addressPools?: readonly string[];
  bgpPeers?: readonly string[];
  bgpCommunities?: readonly string[];
  speakerNodeSelector?: readonly string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Settings from a file (if any) with the flags merged on top: pools and peers are appended, communities and the
 * speaker's node selector are set key by key. Returns the settings and notes on what a flag replaced.
 */
export function mergeSettings(base: Record<string, unknown> | undefined, flags: SettingsFlags): {settings: Record<string, unknown>; notes: Problem[]} {
  const settings: Record<string, unknown> = structuredClone(base ?? {});
  const notes: Problem[] = [];
  const append = (key: string, items: Record<string, unknown>[]) => {
    if (items.length === 0) return;
    const existing = Array.isArray(settings[key]) ? (settings[key] as unknown[]) : [];
    settings[key] = [...existing, ...items];
  };
  append('addressPools', (flags.addressPools ?? []).map((t) => parseAddressPoolSpec(t)));
  append('bgpPeers', (flags.bgpPeers ?? []).map((t) => parseBgpPeerSpec(t)));

  const setKeys = (holder: Record<string, unknown>, key: string, pairs: [string, string][], flag: string) => {
    if (pairs.length === 0) return;
    const map = isObject(holder[key]) ? (holder[key] as Record<string, string>) : {};
    for (const [k, v] of pairs) {
      if (k in map && map[k] !== v) notes.push({severity: 'warning', subject: `${flag} ${q(`${k}=${v}`)}`, message: `replaces ${q(map[k])} from the settings file.`});
      map[k] = v;
    }
    holder[key] = map;
  };
  setKeys(settings, 'bgpCommunities', (flags.bgpCommunities ?? []).map((t) => parseCommunitySpec(t)), '--bgp-community');

  const speakerPairs = (flags.speakerNodeSelector ?? []).map((text): [string, string] => {
    const parsed = parseLabelPair(text);
    if (isInvalid(parsed)) throw new UserError(`--speaker-node-selector ${q(text)}: ${parsed.reason}; ${parsed.hint}`);
    return [parsed.key, parsed.value];
  });
  if (speakerPairs.length > 0) {
    const speaker = isObject(settings.speaker) ? settings.speaker : {};
    setKeys(speaker, 'nodeSelector', speakerPairs, '--speaker-node-selector');
    settings.speaker = speaker;
  }
  return {settings: sortKeys(settings), notes};
}

/** Top-level settings keys in alphabetical order, as the documentation and `kubectl get -o yaml` show them. */
function sortKeys(settings: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(settings).sort().map((k) => [k, settings[k]]));
}
