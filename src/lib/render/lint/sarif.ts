// SARIF 2.1.0 (GitHub code scanning and others), with the real region of every finding.
import {type LintResult, MAX_FINDINGS_PER_RULE} from '../../lint/lint.js';
import {omittedLine} from '../../text/plural.js';
import type {Rule, Severity} from '../../lint/rule.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {error: 'error', warning: 'warning', info: 'note'};

/** SARIF wants URIs: relative paths with forward slashes, each segment percent-encoded. */
function uri(file: string): string {
  if (file === '-') return 'stdin';
  return file.split(/[\\/]/).map(encodeURIComponent).join('/');
}

export function renderSarif(result: LintResult, rules: readonly Rule[], version: string): string {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'd8-metallb',
          version,
          informationUri: 'https://deckhouse.io/modules/metallb/',
          rules: rules.map((r) => ({id: r.id, shortDescription: {text: r.description}, defaultConfiguration: {level: LEVEL[r.severity]}})),
        },
      },
      invocations: [{
        executionSuccessful: true,
        toolExecutionNotifications: Object.entries(result.summary.omitted ?? {}).map(([rule, n]) => ({level: 'note', message: {text: omittedLine(rule, n, MAX_FINDINGS_PER_RULE)}, descriptor: {id: rule}})),
      }],
      results: result.diagnostics.map((d) => ({
        ruleId: d.rule,
        ruleIndex: index.get(d.rule) ?? 0,
        level: LEVEL[d.severity],
        message: {text: d.message},
        locations: [{physicalLocation: {artifactLocation: {uri: uri(d.file)}, region: {startLine: d.line, startColumn: d.column}}}],
      })),
    }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
