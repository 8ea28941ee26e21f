// JSON for scripts, in exactly the documented shape: {summary, diagnostics}.
import type {LintResult} from '../../lint/lint.js';

export function renderJson(result: LintResult): string {
  const diagnostics = result.diagnostics.map((d) => ({
    file: d.file, line: d.line, column: d.column, severity: d.severity, rule: d.rule, message: d.message,
    ...(d.kind === undefined ? {} : {kind: d.kind}), ...(d.name === undefined ? {} : {name: d.name}), ...(d.path === undefined ? {} : {path: d.path}),
  }));
  return `${JSON.stringify({summary: result.summary, diagnostics}, null, 2)}\n`;
}
