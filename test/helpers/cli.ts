// Runs the built CLI as a user would: a real process, real streams, real exit code.
import {spawn} from 'node:child_process';
import {fileURLToPath} from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CliResult {
  stdout: string;
  stderr: string;
  code: number | null;
}

export function runBin(bin: string, args: readonly string[], options: {input?: string; env?: Record<string, string | undefined>; cwd?: string} = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`${ROOT}/bin/${bin}`, ...args], {
      cwd: options.cwd ?? ROOT,
      // Not the settings of whoever runs the tests: GITHUB_ACTIONS=true would make lint default to the github
      // format, DEBUG adds stack traces to errors.
      env: {...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, GITHUB_ACTIONS: undefined, DEBUG: undefined, ...options.env},
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({stdout, stderr, code}));
    child.stdin.end(options.input ?? '');
  });
}

/** `d8 ARGS`. */
export function d8(...args: string[]): Promise<CliResult> {
  return runBin('run.js', args);
}

/** `d8 metallb ARGS`. */
export function metallb(...args: string[]): Promise<CliResult> {
  return runBin('run.js', ['metallb', ...args]);
}
