// Manifests for machines: YAML (multi-document) or JSON (one object, or a kubectl-style List).
import {toYamlStream} from '../manifests/yaml.js';

export const MANIFEST_FORMATS = ['yaml', 'json'] as const;
export type ManifestFormat = (typeof MANIFEST_FORMATS)[number];

export function toJson(values: readonly unknown[]): string {
  const value = values.length === 1 ? values[0] : {apiVersion: 'v1', kind: 'List', items: values, metadata: {}};
  return `${JSON.stringify(value, null, 2)}\n`;
}

export function renderManifests(values: readonly unknown[], format: ManifestFormat): string {
  return format === 'json' ? toJson(values) : toYamlStream(values);
}
