// A real pseudo-terminal run: util-linux `script` gives the command a pty for stdin and stdout, and we answer each
// prompt when its text appears, as a person would.
import {spawn} from 'node:child_process';
import {ROOT} from './cli.js';

export interface PtyStep {
  /** Text of the prompt to wait for. */
  prompt: string;
  /** Keys to send (use "\r" for Enter). */
  keys: string;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

export async function runInPty(command: string, steps: readonly PtyStep[], timeoutMs = 20_000, options: {raw?: boolean} = {}): Promise<{output: string; code: number | null}> {
  // `exec`: script runs the command through $SHELL -c; dash (SHELL=/bin/sh, as in CI) would otherwise stay as the
  // parent, die of the Ctrl-C itself and report 130 whatever the command did.
  const child = spawn('script', ['-qfec', `exec ${command}`, '/dev/null'], {
    cwd: ROOT,
    env: {...process.env, NO_COLOR: '1', TERM: 'xterm', COLUMNS: '200', DEBUG: undefined},
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const deadline = Date.now() + timeoutMs;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  let seen = 0;
  for (const step of steps) {
    for (;;) {
      const at = stripAnsi(output).indexOf(step.prompt, seen);
      if (at >= 0) {
        seen = at + step.prompt.length;
        break;
      }
      if (Date.now() > deadline || child.exitCode !== null) {
        child.kill();
        throw new Error(`prompt ${JSON.stringify(step.prompt)} never appeared; output so far:\n${stripAnsi(output)}`);
      }
      await sleep(25);
    }
    await sleep(50); // let the prompt attach its key listener
    child.stdin.write(step.keys);
  }
  const timer = setTimeout(() => child.kill(), Math.max(1000, deadline - Date.now()));
  const code = await exited;
  clearTimeout(timer);
  return {output: options.raw ? output : stripAnsi(output), code};
}
