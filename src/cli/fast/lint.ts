// `lint FILE…` (no stdin, no --cluster), as src/commands/metallb/lint.ts does it.
import {maxFileSize, primaryFamilyOf} from '../flag-values.js';
import {disabledRules, lintFiles, lintFormat, lintPaths, renderRules} from '../lint-files.js';
import {expandPaths} from '../../lib/input/files.js';
import {formatNotice} from '../../lib/render/messages.js';
import {colorEnabled} from '../../lib/render/style.js';
import type {FastCommand} from './outcome.js';
import {stderrStyle} from './style.js';

interface LintFlags {
  filename?: string[];
  output?: string;
  strict?: boolean;
  disable?: string[];
  rules?: boolean;
  'ip-family'?: string;
  'max-file-size'?: string;
  'no-color'?: boolean;
}

const lintCommand: FastCommand = (parsed, run) => {
  const flags = parsed.flags as LintFlags;
  const format = lintFormat(flags.output, run.env);
  if (flags.rules) return {stdout: renderRules(format), stderr: [], exitCode: 0};
  const disable = disabledRules(flags.disable);
  const paths = lintPaths(parsed.argv, flags.filename);
  // stdin can be read once: were anything to fail after reading it, oclif's command could not read it again.
  if (paths.includes('-')) return undefined;
  const notes: string[] = [];
  const files = expandPaths(paths, {onNote: (text) => notes.push(text)});
  const primaryFamily = primaryFamilyOf(flags, undefined);
  const {text, failed} = lintFiles(files, {
    format, strict: flags.strict === true, disable, maxFileSize: maxFileSize(flags), ...(primaryFamily ? {primaryFamily} : {}),
    color: colorEnabled({isTTY: run.stdout.isTTY, env: run.env, noColorFlag: flags['no-color']}), version: run.version,
  });
  const style = stderrStyle(run);
  return {stdout: text, stderr: notes.map((note) => formatNotice('warning', note, style)), exitCode: failed ? 1 : 0};
};

export default lintCommand;
