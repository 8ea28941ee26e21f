// What lint keeps of the documents that come by the thousand (Services, Nodes) once the per-document rules have
// read them: only the fields the world and its rules read, in strings of their own. A string read from a
// document is often a view into the document's whole text (V8 keeps substrings of 13 or more characters that way),
// so one kept name would keep the text alive; every kept string is copied, and the ones that repeat (namespaces,
// classes, annotation keys and values) are shared. 100,000 Services kept whole held ~1 KB each.
import {ANNOTATIONS} from '../manifests/constants.js';
import {asObject, isObject} from '../manifests/objects.js';
import type {ManifestDocument, Path} from '../input/documents.js';
import {WORLD_KINDS} from './world.js';

/** Annotations no rule reads are dropped: only the module's and MetalLB's own namespaces are looked at. */
const READ_ANNOTATION = /^(network\.deckhouse\.io|metallb\.universe\.tf|metallb\.io)\//;

/** Past this many distinct shared strings, strings are only copied: the table must not grow with the input. */
const MAX_SHARED = 1 << 16;

/**
 * A string in storage of its own. Shorter substrings are copied by V8 already; for longer ones a JSON round trip
 * is the cheapest way found to get a flat copy without a view in front of it (slicing tricks keep a 32-byte view).
 */
const copy = (text: string): string => (text.length < 13 ? text : (JSON.parse(JSON.stringify(text)) as string));

export class StringTable {
  private readonly shared = new Map<string, string>();

  /** One copy for every equal string: for values that repeat across documents. */
  share(text: string): string {
    const known = this.shared.get(text);
    if (known !== undefined) return known;
    const fresh = copy(text);
    if (this.shared.size < MAX_SHARED) this.shared.set(fresh, fresh);
    return fresh;
  }

  /** A copy of a value with every string shared (for a value) or copied (for a unique one such as a name). */
  value(value: unknown, unique = false): unknown {
    if (typeof value === 'string') return unique ? copy(value) : this.share(value);
    if (Array.isArray(value)) return value.map((item) => this.value(item, unique));
    if (isObject(value)) {
      const result: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) result[this.share(key)] = this.value(item, unique);
      return result;
    }
    return value;
  }
}

const EMPTY_PATH: Path = Object.freeze([]) as Path;
const IPV4_FIRST = Object.freeze(['IPv4']);
const IPV6_FIRST = Object.freeze(['IPv6']);

function compactService(value: Record<string, unknown>, strings: StringTable): Record<string, unknown> {
  const metadata = asObject(value.metadata);
  const spec = asObject(value.spec);
  const annotations: Record<string, unknown> = {};
  if (isObject(metadata.annotations)) for (const [k, v] of Object.entries(metadata.annotations)) if (READ_ANNOTATION.test(k)) annotations[strings.share(k)] = strings.value(v);
  const kept: Record<string, unknown> = {};
  for (const key of ['type', 'loadBalancerClass', 'loadBalancerIP', 'externalTrafficPolicy', 'clusterIP'] as const) if (spec[key] !== undefined) kept[key] = strings.value(spec[key]);
  // The family is read from clusterIP, then the first of clusterIPs, then the first of ipFamilies; the usual
  // ipFamilies lists are shared, not one array per Service.
  if (Array.isArray(spec.clusterIPs) && spec.clusterIPs.length > 0) kept.clusterIPs = [strings.value(spec.clusterIPs[0])];
  if (Array.isArray(spec.ipFamilies) && spec.ipFamilies.length > 0) {
    const first = spec.ipFamilies[0];
    kept.ipFamilies = first === 'IPv4' ? IPV4_FIRST : first === 'IPv6' ? IPV6_FIRST : [strings.value(first)];
  }
  // Ports and selectors are read only to compare Services that share addresses (shared-ip-* rules).
  if (annotations[ANNOTATIONS.sharedIpKey] !== undefined) {
    if (spec.selector !== undefined) kept.selector = strings.value(spec.selector, true);
    if (Array.isArray(spec.ports)) kept.ports = spec.ports.map((p) => (isObject(p) ? {port: p.port, protocol: strings.value(p.protocol)} : strings.value(p)));
  }
  // Literals, not spreads: a spread copy got a hidden class of its own each (~170 bytes a Service).
  return {metadata: {name: strings.value(metadata.name, true), namespace: strings.value(metadata.namespace), annotations}, spec: kept};
}

function compactNode(value: Record<string, unknown>, strings: StringTable): Record<string, unknown> {
  const metadata = asObject(value.metadata);
  const status = asObject(value.status);
  return {metadata: {name: strings.value(metadata.name, true), labels: strings.value(metadata.labels)}, status: {addresses: strings.value(status.addresses, true)}};
}

/** The same document with a smaller value, built field by field; its text stays where it was (doc.origin). */
function withValue(doc: ManifestDocument, value: Record<string, unknown>, strings: StringTable): ManifestDocument {
  const metadata = value.metadata as Record<string, unknown>;
  return {
    file: doc.file, index: doc.index, origin: doc.origin, start: doc.start, end: doc.end, lineOffset: doc.lineOffset, value,
    basePath: doc.basePath.length === 0 ? EMPTY_PATH : doc.basePath,
    apiVersion: doc.apiVersion === undefined ? undefined : strings.share(doc.apiVersion), kind: doc.kind === undefined ? undefined : strings.share(doc.kind),
    name: typeof metadata.name === 'string' ? metadata.name : undefined, namespace: typeof metadata.namespace === 'string' ? metadata.namespace : undefined,
  };
}

export function compactDocument(doc: ManifestDocument, strings: StringTable): ManifestDocument {
  if (doc.kind === 'Service') return withValue(doc, compactService(doc.value, strings), strings);
  if (doc.kind === 'Node') return withValue(doc, compactNode(doc.value, strings), strings);
  // A Secret matters only as a BGP password's holder: its labels and which keys it has, never the values.
  if (doc.kind === 'Secret') {
    const metadata = asObject(doc.value.metadata);
    const keysOnly = (data: unknown) => Object.fromEntries(Object.keys(asObject(data)).map((k) => [k, '']));
    return withValue(doc, {metadata: {name: strings.value(metadata.name, true), namespace: strings.value(metadata.namespace), labels: asObject(metadata.labels)}, data: keysOnly(doc.value.data), stringData: keysOnly(doc.value.stringData)}, strings);
  }
  // Kinds no rule reads past their own document (a Deployment in a repository of manifests) are only counted.
  if (doc.kind === undefined || !WORLD_KINDS.has(doc.kind)) {
    const metadata = asObject(doc.value.metadata);
    return withValue(doc, {metadata: {name: strings.value(metadata.name, true), namespace: strings.value(metadata.namespace)}}, strings);
  }
  return doc;
}
