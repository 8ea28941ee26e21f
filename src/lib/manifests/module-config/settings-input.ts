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
  /** Pool names to remove (--remove-address-pool). */
  removeAddressPools?: readonly string[];
  /** Peer addresses whose peers are removed (--remove-bgp-peer). */
  removeBgpPeers?: readonly string[];
  bgpCommunities?: readonly string[];
  speakerNodeSelector?: readonly string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The key of a settings list entry: a re-run of the same flags must change nothing, and a flag with a known key
 * replaces that entry. Pools are keyed by name (MetalLB refuses two pools with one name). Peers by peer-address and
 * my-asn: MetalLB opens one session per peer address, and the same router reached with another local ASN is another
 * session (a second AS on the same speakers), so both must be equal for two entries to be the same peer.
 */
export const SETTINGS_LIST_KEYS = {
  addressPools: (entry: Record<string, unknown>) => (typeof entry.name === 'string' ? `name ${entry.name}` : undefined),
  bgpPeers: (entry: Record<string, unknown>) => (entry['peer-address'] === undefined ? undefined : `peer-address ${String(entry['peer-address'])}, my-asn ${String(entry['my-asn'])}`),
} as const;

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Settings from a file (if any) with the flags merged on top: a pool or peer whose key is there already replaces
 * that entry (an identical one changes nothing), others are appended; --remove-* flags take entries out;
 * communities and the speaker's node selector are set key by key. Returns the settings and notes on what changed.
 */
export function mergeSettings(base: Record<string, unknown> | undefined, flags: SettingsFlags): {settings: Record<string, unknown>; notes: Problem[]} {
  const settings: Record<string, unknown> = structuredClone(base ?? {});
  const notes: Problem[] = [];
  const upsert = (key: keyof typeof SETTINGS_LIST_KEYS, flag: string, items: Record<string, unknown>[]) => {
    if (items.length === 0) return;
    const list = Array.isArray(settings[key]) ? [...(settings[key] as unknown[])] : [];
    const keyOf = SETTINGS_LIST_KEYS[key];
    const given = new Set<string>();
    for (const item of items) {
      const id = keyOf(item);
      if (id !== undefined && given.has(id)) throw new UserError(`${flag}: two entries for ${id}; give each once.`);
      if (id !== undefined) given.add(id);
      const at = id === undefined ? -1 : list.findIndex((entry) => isObject(entry) && keyOf(entry) === id);
      if (at < 0) list.push(item);
      else if (!sameValue(list[at], item)) {
        notes.push({severity: 'info', subject: `${flag} (${id})`, message: 'replaces the entry with that key.'});
        list[at] = item;
      }
    }
    settings[key] = list;
  };
  upsert('addressPools', '--address-pool', (flags.addressPools ?? []).map((t) => parseAddressPoolSpec(t)));
  upsert('bgpPeers', '--bgp-peer', (flags.bgpPeers ?? []).map((t) => parseBgpPeerSpec(t)));
  const remove = (key: keyof typeof SETTINGS_LIST_KEYS, flag: string, values: readonly string[], matches: (entry: Record<string, unknown>, value: string) => boolean) => {
    for (const value of values) {
      const list = Array.isArray(settings[key]) ? (settings[key] as unknown[]) : [];
      const kept = list.filter((entry) => !(isObject(entry) && matches(entry, value)));
      if (kept.length === list.length) {
        notes.push({severity: 'warning', subject: `${flag} ${q(value)}`, message: `there is no such entry in ${key}; nothing removed.`});
        continue;
      }
      settings[key] = kept;
    }
  };
  remove('addressPools', '--remove-address-pool', flags.removeAddressPools ?? [], (entry, name) => entry.name === name);
  remove('bgpPeers', '--remove-bgp-peer', flags.removeBgpPeers ?? [], (entry, address) => String(entry['peer-address']) === address);

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
