// Problems found while reading input: reported by the reader (documents.ts), listed here for --rules and --disable.
import {defineRule} from '../rule.js';

export const inputRules = [
  defineRule({id: 'yaml-syntax', severity: 'error', description: 'The file is not valid YAML or JSON.'}),
  defineRule({id: 'duplicate-key', severity: 'error', description: 'A mapping repeats a key; the API server keeps only one of the values.'}),
  defineRule({id: 'unreadable-input', severity: 'error', description: 'The file is binary or not valid UTF-8.'}),
  defineRule({id: 'alias-expansion', severity: 'error', description: 'YAML aliases expand a document to an unreasonable size ("billion laughs").'}),
  defineRule({id: 'not-an-object', severity: 'error', description: 'A document is not a Kubernetes object (a mapping).'}),
];
