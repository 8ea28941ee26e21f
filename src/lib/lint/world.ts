// Everything linted together is one world: classes, Services, Nodes and module settings from all inputs, with
// each Service's class resolved the way the module resolves it.
import {type Family, type PoolEntry, Pool, tryParsePoolEntry, type PoolEntryError} from '../net/index.js';
import {ANNOTATIONS} from '../manifests/constants.js';
import {asObject, isObject, stringMap} from '../manifests/objects.js';
import {effectiveCount, isApiServerService, resolveClassName, serviceFamily} from '../manifests/service-rules.js';
import type {ManifestDocument, Path} from '../input/documents.js';

export interface PoolEntryRef {
  readonly text: string;
  readonly path: Path;
  readonly entry?: PoolEntry;
  readonly error?: PoolEntryError;
}

export interface ClassEntry {
  readonly doc: ManifestDocument;
  readonly name: string;
  readonly spec: Record<string, unknown>;
  readonly entries: PoolEntryRef[];
  /** The valid entries, in order. */
  readonly pool: Pool;
  /** Every entry parses: only then do capacity checks mean something (a broken pool is reported as such). */
  readonly valid: boolean;
  readonly isDefault: boolean;
  readonly nodeSelector?: Record<string, string>;
  /** Addresses of each family in the valid entries (MetalLB allocates per family). */
  readonly familySize: Readonly<Record<Family, bigint>>;
}

export type ClassResolution = 'spec' | 'annotation' | 'default' | 'none';

export interface ServiceEntry {
  readonly doc: ManifestDocument;
  readonly name: string;
  /** "ns/name", or "name" when the manifest leaves the namespace to kubectl. */
  readonly id: string;
  readonly namespace: string;
  readonly spec: Record<string, unknown>;
  readonly annotations: Record<string, string>;
  readonly isLoadBalancer: boolean;
  readonly specClass?: string;
  readonly annotationClass?: string;
  readonly resolvedClass?: ClassEntry;
  readonly resolution: ClassResolution;
  /** Addresses the module will try to give (the count annotation as the module reads it). */
  readonly count: number;
  /** A non-empty sharing key (an empty one is no sharing: the template renders no allow-shared-ip). */
  readonly sharingKey?: string;
  /** Its family: as the manifest states it (clusterIP, clusterIPs, ipFamilies), else the world's primary family. */
  readonly family: Family;
  /** Whether the manifest states the family (else it is assumed). */
  readonly familyStated: boolean;
}

export interface NodeEntry {
  readonly doc: ManifestDocument;
  readonly name: string;
  readonly labels: Record<string, string>;
  /** status.addresses of type InternalIP and ExternalIP. */
  readonly addresses: readonly {type: string; address: string}[];
}

export interface World {
  readonly documents: readonly ManifestDocument[];
  readonly classes: readonly ClassEntry[];
  readonly services: readonly ServiceEntry[];
  readonly nodes: readonly NodeEntry[];
  readonly moduleConfigs: readonly ManifestDocument[];
  readonly bgpPools: readonly {doc: ManifestDocument; name: string; entries: PoolEntryRef[]}[];
  readonly bgpPeers: readonly ManifestDocument[];
  readonly bgpConfigurations: readonly ManifestDocument[];
  /** The class Services fall back to: with several defaults, the last one wins (as in the module). */
  readonly defaultClass?: ClassEntry;
  readonly classesByName: ReadonlyMap<string, ClassEntry>;
  /**
   * The family of Services whose manifests state none: --ip-family, else the family of a default/kubernetes Service
   * among the documents (a cluster dump has it), else IPv4.
   */
  readonly primaryFamily: Family;
}

export {isObject};

export function parseEntries(list: unknown, basePath: Path): PoolEntryRef[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((text, i) => {
    if (typeof text !== 'string') return [];
    const result = tryParsePoolEntry(text);
    return [{text, path: [...basePath, i], ...(result.error ? {error: result.error} : {entry: result.entry})}];
  });
}


/** The string entries of a map: the map itself when they all are (no copy per Service of a large lint). */
function stringValues(map: unknown): Record<string, string> {
  if (isObject(map) && Object.values(map).every((v) => typeof v === 'string')) return map as Record<string, string>;
  return stringMap(map);
}

function familySizes(entries: readonly PoolEntryRef[]): Record<Family, bigint> {
  const sizes = {4: 0n, 6: 0n};
  for (const e of entries) if (e.entry) sizes[e.entry.range.family] += e.entry.range.last - e.entry.range.first + 1n;
  return sizes;
}

/** The kinds the world reads; documents of other kinds are only counted (lint's "skipped"). */
export const WORLD_KINDS: ReadonlySet<string> = new Set(['MetalLoadBalancerClass', 'Service', 'Node', 'ModuleConfig', 'MetalLoadBalancerPool', 'MetalLoadBalancerBGPPeer', 'MetalLoadBalancerConfiguration', 'Secret']);

export function buildWorld(documents: readonly ManifestDocument[], options: {primaryFamily?: Family} = {}): World {
  let shownFamily: Family | undefined;
  const classes: ClassEntry[] = [];
  const services: ServiceEntry[] = [];
  const nodes: NodeEntry[] = [];
  const moduleConfigs: ManifestDocument[] = [];
  const bgpPools: {doc: ManifestDocument; name: string; entries: PoolEntryRef[]}[] = [];
  const bgpPeers: ManifestDocument[] = [];
  const bgpConfigurations: ManifestDocument[] = [];

  for (const doc of documents) {
    const spec = asObject(doc.value.spec);
    if (doc.kind === 'Service' && isApiServerService(doc)) shownFamily = serviceFamily(spec) ?? shownFamily;
    switch (doc.kind) {
      case 'MetalLoadBalancerClass': {
        const entries = parseEntries(spec.addressPool, ['spec', 'addressPool']);
        classes.push({
          doc, name: doc.name ?? '', spec, entries,
          pool: new Pool(entries.flatMap((e) => (e.entry ? [e.entry] : []))),
          familySize: familySizes(entries),
          valid: entries.length > 0 && entries.every((e) => e.entry !== undefined),
          isDefault: spec.isDefault === true,
          ...(isObject(spec.nodeSelector) ? {nodeSelector: stringMap(spec.nodeSelector)} : {}),
        });
        break;
      }
      case 'Node':
        nodes.push({
          doc, name: doc.name ?? '', labels: stringMap(asObject(doc.value.metadata).labels),
          addresses: (Array.isArray(asObject(doc.value.status).addresses) ? (asObject(doc.value.status).addresses as unknown[]) : [])
            .map(asObject)
            .filter((a) => (a.type === 'InternalIP' || a.type === 'ExternalIP') && typeof a.address === 'string')
            .map((a) => ({type: a.type as string, address: a.address as string})),
        });
        break;
      case 'ModuleConfig':
        moduleConfigs.push(doc);
        break;
      case 'MetalLoadBalancerPool':
        bgpPools.push({doc, name: doc.name ?? '', entries: parseEntries(spec.addresses, ['spec', 'addresses'])});
        break;
      case 'MetalLoadBalancerBGPPeer':
        bgpPeers.push(doc);
        break;
      case 'MetalLoadBalancerConfiguration':
        bgpConfigurations.push(doc);
        break;
      default:
        break;
    }
  }

  const primaryFamily = options.primaryFamily ?? shownFamily ?? 4;
  const classesByName = new Map<string, ClassEntry>();
  for (const c of classes) if (!classesByName.has(c.name)) classesByName.set(c.name, c);
  const defaults = classes.filter((c) => c.isDefault);
  const defaultClass = defaults[defaults.length - 1];

  for (const doc of documents) {
    if (doc.kind !== 'Service') continue;
    const spec = asObject(doc.value.spec);
    const annotations = stringValues(asObject(doc.value.metadata).annotations);
    const specClass = typeof spec.loadBalancerClass === 'string' ? spec.loadBalancerClass : undefined;
    const annotationClass = annotations[ANNOTATIONS.loadBalancerClass];
    const resolved = resolveClassName({specClass, annotationClass}, (name) => classesByName.has(name), defaultClass?.name);
    const resolvedClass = resolved.name === undefined ? undefined : classesByName.get(resolved.name);
    const resolution: ClassResolution = resolved.source;
    const namespace = doc.namespace ?? '';
    const name = doc.name ?? '';
    const sharingKey = annotations[ANNOTATIONS.sharedIpKey] || undefined;
    const stated = serviceFamily(spec);
    // One object shape for every Service (absent values are undefined), not spreads: built once per Service.
    services.push({
      doc, name, namespace, id: namespace ? `${namespace}/${name}` : name, spec, annotations,
      isLoadBalancer: spec.type === 'LoadBalancer',
      specClass, annotationClass, resolvedClass,
      resolution,
      count: effectiveCount(annotations[ANNOTATIONS.externalIpsCount]),
      sharingKey,
      family: stated ?? primaryFamily,
      familyStated: stated !== undefined,
    });
  }
  return {documents, classes, services, nodes, moduleConfigs, bgpPools, bgpPeers, bgpConfigurations, defaultClass, classesByName, primaryFamily};
}

/** Does a node carry every label of a selector (an empty selector matches every node)? */
export function selectorMatches(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  if (!selector) return true;
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}
