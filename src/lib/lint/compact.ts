// What lint keeps of the documents that come by the thousand (Services, Nodes) once the per-document rules have
// read them: only the fields the world and its rules read. 100,000 Services kept whole held ~1 KB each.
import {asObject, isObject} from '../manifests/objects.js';
import type {LintDocument} from './documents.js';

/** Annotations no rule reads are dropped: only the module's and MetalLB's own namespaces are looked at. */
const READ_ANNOTATION = /^(network\.deckhouse\.io|metallb\.universe\.tf|metallb\.io)\//;

function pick(from: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const key of keys) if (from[key] !== undefined) picked[key] = from[key];
  return picked;
}

const SERVICE_SPEC = ['type', 'loadBalancerClass', 'loadBalancerIP', 'externalTrafficPolicy', 'selector'] as const;

function compactService(value: Record<string, unknown>): Record<string, unknown> {
  const metadata = asObject(value.metadata);
  const spec = asObject(value.spec);
  const annotations: Record<string, unknown> = {};
  if (isObject(metadata.annotations)) for (const [k, v] of Object.entries(metadata.annotations)) if (READ_ANNOTATION.test(k)) annotations[k] = v;
  const kept = pick(spec, SERVICE_SPEC);
  if (Array.isArray(spec.ports)) kept.ports = spec.ports.map((p) => (isObject(p) ? pick(p, ['port', 'protocol']) : p));
  // Literals, not spreads: a spread copy got a hidden class of its own each (~170 bytes a Service).
  return {metadata: {name: metadata.name, namespace: metadata.namespace, annotations}, spec: kept};
}

function compactNode(value: Record<string, unknown>): Record<string, unknown> {
  const metadata = asObject(value.metadata);
  const status = asObject(value.status);
  return {metadata: {name: metadata.name, labels: metadata.labels}, status: {addresses: status.addresses}};
}

/** The same document with a smaller value, built field by field. */
function withValue(doc: LintDocument, value: Record<string, unknown>): LintDocument {
  return {
    file: doc.file, index: doc.index, text: doc.text, lineOffset: doc.lineOffset, value, basePath: doc.basePath,
    apiVersion: doc.apiVersion, kind: doc.kind, name: doc.name, namespace: doc.namespace,
  };
}

export function compactDocument(doc: LintDocument): LintDocument {
  if (doc.kind === 'Service') return withValue(doc, compactService(doc.value));
  if (doc.kind === 'Node') return withValue(doc, compactNode(doc.value));
  return doc;
}
