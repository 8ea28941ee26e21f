// Text for people: "file:line:col: severity: message [rule]", grouped by file, then a summary line.
import {type LintResult, MAX_FINDINGS_PER_RULE} from '../../lint/lint.js';
import type {Style} from '../style.js';
import {omittedLine, plural} from '../../text/plural.js';

const COLORS = {error: 'red', warning: 'yellow', info: 'cyan'} as const;


export function renderText(result: LintResult, style: Style): string {
  const out: string[] = [];
  let previous: string | undefined;
  for (const d of result.diagnostics) {
    if (previous !== undefined && previous !== d.file) out.push('');
    previous = d.file;
    out.push(`${style.paint('bold', `${d.file}:${d.line}:${d.column}`)}: ${style.paint(COLORS[d.severity], d.severity)}: ${d.message} ${style.paint('dim', `[${d.rule}]`)}`);
  }
  if (out.length > 0) out.push('');
  const {files, documents, errors, warnings, infos} = result.summary;
  const scope = `${plural(files, 'file')}, ${plural(documents, 'document')}`;
  out.push(errors + warnings + infos === 0
    ? style.paint('green', `No problems (${scope}).`)
    : `${style.paint(errors > 0 ? 'red' : 'yellow', `${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(infos, 'info')}`)} (${scope}).`);
  for (const [rule, n] of Object.entries(result.summary.omitted ?? {})) {
    out.push(style.paint('dim', omittedLine(rule, n, MAX_FINDINGS_PER_RULE)));
  }
  const skipped = Object.entries(result.skipped);
  if (skipped.length > 0) {
    const total = skipped.reduce((n, [, c]) => n + c, 0);
    out.push(style.paint('dim', `Skipped ${plural(total, 'document')} of other kinds: ${skipped.map(([k, c]) => `${k} ${c}`).join(', ')}.`));
  }
  return `${out.join('\n')}\n`;
}
