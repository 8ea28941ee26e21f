// GitHub Actions workflow commands (annotations on the pull request). Annotation lines vanish from the job log,
// so each finding is also printed as plain text.
import {type LintResult, MAX_FINDINGS_PER_RULE} from '../../lint/lint.js';
import {omittedLine, plural} from '../../text/plural.js';

const COMMAND = {error: 'error', warning: 'warning', info: 'notice'} as const;

/** Escaping as the runner expects it: data escapes %, CR, LF; property values also ":" and ",". */
export const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
export const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function renderGithub(result: LintResult): string {
  const out: string[] = [];
  for (const d of result.diagnostics) {
    out.push(`${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message} [${d.rule}]`);
    out.push(`::${COMMAND[d.severity]} file=${escapeProperty(d.file)},line=${d.line},col=${d.column},title=${escapeProperty(`d8 metallb lint: ${d.rule}`)}::${escapeData(d.message)}`);
  }
  const {errors, warnings, infos, files, documents} = result.summary;
  for (const [rule, n] of Object.entries(result.summary.omitted ?? {})) out.push(omittedLine(rule, n, MAX_FINDINGS_PER_RULE));
  out.push(`${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(infos, 'info')} (${plural(files, 'file')}, ${plural(documents, 'document')}).`);
  return `${out.join('\n')}\n`;
}
