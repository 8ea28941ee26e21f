// -o table|json|yaml for the read-only commands.
import {Flags} from '@oclif/core';
import {toYaml} from '../lib/manifests/yaml.js';

export const viewFlags = {
  output: Flags.string({char: 'o', options: ['table', 'json', 'yaml'], default: 'table', description: 'table for people; json or yaml for machines.'}),
};

export function renderData(format: string, data: unknown, table: () => string): string {
  if (format === 'json') return `${JSON.stringify(data, null, 2)}\n`;
  if (format === 'yaml') return toYaml(data);
  return table();
}
