// Notices on stderr in d8's style: "[INFO] …", "[WARN] …", "[ERROR] …".
import type {Problem} from '../errors.js';
import type {Style} from './style.js';

const LEVELS = {error: ['ERROR', 'red'], warning: ['WARN', 'yellow'], info: ['INFO', 'cyan']} as const;

export function formatNotice(severity: keyof typeof LEVELS, text: string, style?: Style): string {
  const [label, color] = LEVELS[severity];
  const tag = `[${label}]`;
  return `${style ? style.paint(color, tag) : tag} ${text}`;
}

export function formatProblem(problem: Problem, style?: Style): string {
  return formatNotice(problem.severity, `${problem.subject}: ${problem.message}`, style);
}
