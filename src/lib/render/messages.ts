// Notices on stderr in d8's style: "[INFO] …", "[WARN] …", "[ERROR] …".
import type {ChalkInstance} from 'chalk';
import type {Problem} from '../errors.js';

const LEVELS = {error: 'ERROR', warning: 'WARN', info: 'INFO'} as const;

export function formatNotice(severity: keyof typeof LEVELS, text: string, style?: ChalkInstance): string {
  const tag = `[${LEVELS[severity]}]`;
  if (!style) return `${tag} ${text}`;
  const paint = severity === 'error' ? style.red : severity === 'warning' ? style.yellow : style.cyan;
  return `${paint(tag)} ${text}`;
}

export function formatProblem(problem: Problem, style?: ChalkInstance): string {
  return formatNotice(problem.severity, `${problem.subject}: ${problem.message}`, style);
}
