// The CLI's stdout read two ways, to compare them: through a pipe by a slow reader, and redirected to a file.
import {spawn} from 'node:child_process';
import {closeSync, mkdtempSync, openSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {ROOT} from './cli.js';

const dir = mkdtempSync(join(tmpdir(), 'd8-metallb-streams-'));
const ENV = {...process.env, NO_COLOR: undefined, GITHUB_ACTIONS: undefined, DEBUG: undefined};

/** stdout read through a pipe by a reader that stops for 50 ms after every chunk, and the exit code. */
export function throughSlowPipe(args: readonly string[], env: NodeJS.ProcessEnv = ENV): Promise<{stdout: Buffer; code: number | null}> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`${ROOT}/bin/run.js`, 'metallb', ...args], {env, stdio: ['ignore', 'pipe', 'ignore']});
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      child.stdout.pause();
      setTimeout(() => child.stdout.resume(), 50);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({stdout: Buffer.concat(chunks), code}));
  });
}

/** stdout redirected to a file, and the exit code. */
export function intoFile(args: readonly string[], env: NodeJS.ProcessEnv = ENV): Promise<{stdout: Buffer; code: number | null}> {
  const path = join(dir, `out-${Math.random().toString(36).slice(2)}`);
  const fd = openSync(path, 'w');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`${ROOT}/bin/run.js`, 'metallb', ...args], {env, stdio: ['ignore', fd, 'ignore']});
    child.on('error', reject);
    child.on('close', (code) => {
      closeSync(fd);
      resolve({stdout: readFileSync(path), code});
    });
  });
}

