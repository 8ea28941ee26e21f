// lint after its flags are read: rule names checked, files linted and rendered in the chosen format. Shared by oclif's
// command and the fast path (src/cli/fast), so that both print the same findings with the same exit status.
import {keepYoungGenerationSmallFor} from './heap.js';
import type {ManifestDocument} from '../lib/input/documents.js';
import {UserError} from '../lib/errors.js';
import {lint, type LintResult} from '../lib/lint/lint.js';
import {readInputs} from '../lib/input/files.js';
import {RULES} from '../lib/lint/registry.js';
import {closest} from '../lib/text/closest.js';
import {renderGithub} from '../lib/render/lint/github.js';
import {renderJson} from '../lib/render/lint/json.js';
import {renderJunit} from '../lib/render/lint/junit.js';
import {renderSarif} from '../lib/render/lint/sarif.js';
import {renderText} from '../lib/render/lint/text.js';
import {createStyle} from '../lib/render/style.js';

export const LINT_FORMATS = ['text', 'json', 'junit', 'sarif', 'github'] as const;
export type LintFormat = (typeof LINT_FORMATS)[number];

/** -o, else github under GitHub Actions, else text. */
export function lintFormat(output: string | undefined, env: NodeJS.ProcessEnv): LintFormat {
  return (output ?? (env.GITHUB_ACTIONS === 'true' ? 'github' : 'text')) as LintFormat;
}

/** The --disable rule ids, each one a rule that exists. */
export function disabledRules(ids: readonly string[] | undefined): Set<string> {
  const disable = new Set(ids ?? []);
  for (const id of disable) {
    if (!RULES.has(id)) {
      const guess = closest(id, [...RULES.keys()]);
      throw new UserError(`--disable ${JSON.stringify(id)}: there is no such rule; ${guess ? `did you mean ${guess}?` : "see 'd8 metallb lint --rules'."}`);
    }
  }
  return disable;
}

export function lintPaths(argv: readonly string[], filenames: readonly string[] | undefined): string[] {
  const paths = [...argv, ...(filenames ?? [])];
  if (paths.length === 0) throw new UserError("nothing to lint; give files, directories, or - for stdin, e.g. 'd8 metallb lint manifests/'.");
  return paths;
}

export interface LintFilesOptions {
  format: LintFormat;
  strict: boolean;
  disable: Set<string>;
  maxFileSize: number;
  primaryFamily?: 4 | 6;
  /** Live objects (--cluster): linted with the files, findings reported in the files only. */
  context?: ManifestDocument[];
  color: boolean;
  /** The tool's version, for SARIF. */
  version: string;
}

/** The rendered findings, and whether lint fails (errors; with --strict, warnings too). */
export function lintFiles(files: readonly string[], options: LintFilesOptions): {text: string; failed: boolean; result: LintResult} {
  keepYoungGenerationSmallFor(files);
  const result = lint(readInputs(files, options.maxFileSize), {
    disable: options.disable,
    ...(options.context ? {context: options.context} : {}),
    ...(options.primaryFamily ? {primaryFamily: options.primaryFamily} : {}),
  });
  const text = (() => {
    switch (options.format) {
      case 'json': return renderJson(result);
      case 'junit': return renderJunit(result, files, options.strict);
      case 'sarif': return renderSarif(result, [...RULES.values()], options.version);
      case 'github': return renderGithub(result);
      default: return renderText(result, createStyle(options.color));
    }
  })();
  return {text, failed: result.summary.errors > 0 || (options.strict && result.summary.warnings > 0), result};
}

export function renderRules(format: string): string {
  const rules = [...RULES.values()];
  if (format === 'json') return `${JSON.stringify(rules.map(({id, severity, description}) => ({id, severity, description})), null, 2)}\n`;
  const width = Math.max(...rules.map((r) => r.id.length));
  const lines = [`${'RULE'.padEnd(width)}  SEVERITY  DESCRIPTION`, ...rules.map((r) => `${r.id.padEnd(width)}  ${r.severity.padEnd(8)}  ${r.description}`)];
  return `${lines.join('\n')}\n`;
}
