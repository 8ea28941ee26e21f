// Manifests for machines: YAML (multi-document) or JSON (one object, or a kubectl-style List).
import {toYamlStream} from '../manifests/yaml.js';

export const MANIFEST_FORMATS = ['yaml', 'json'] as const;
export type ManifestFormat = (typeof MANIFEST_FORMATS)[number];

export function toJson(values: readonly unknown[]): string {
  const value = values.length === 1 ? values[0] : {apiVersion: 'v1', kind: 'List', items: values, metadata: {}};
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** kubectl's `-o name`: resource[.group]/name, e.g. metalloadbalancerclass.network.deckhouse.io/ingress, service/web. */
export function resourceName(value: unknown): string {
  const object = value as {apiVersion?: string; kind?: string; metadata?: {name?: string}};
  const slash = object.apiVersion?.indexOf('/') ?? -1;
  const group = slash < 0 ? '' : `.${object.apiVersion!.slice(0, slash)}`;
  return `${(object.kind ?? '').toLowerCase()}${group}/${object.metadata?.name ?? ''}`;
}

export function renderManifests(values: readonly unknown[], format: ManifestFormat | 'name' | undefined): string {
  if (format === 'name') return values.map((v) => `${resourceName(v)}\n`).join('');
  return format === 'json' ? toJson(values) : toYamlStream(values);
}
