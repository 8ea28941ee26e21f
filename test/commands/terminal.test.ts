// Real pseudo-terminal runs (util-linux `script`): prompts appear, answers are validated, colours follow the rules.
import {existsSync, mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {parse} from 'yaml';
import {describe, expect, it} from 'vitest';
import {runInPty} from '../helpers/pty.js';

const dir = mkdtempSync(join(tmpdir(), 'd8-metallb-pty-'));
const seed = readFileSync(new URL('../fixtures/metallb-docs.md', import.meta.url), 'utf8');
const seedObjects = [...seed.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => parse(m[1]!.replace(/^ {3}/gm, '')));

describe('on a terminal', () => {
  it('init asks every question and writes the documentation\'s L2 example', async () => {
    const target = join(dir, 'metallb.yaml');
    const {code, output} = await runInPty(`node bin/run.js metallb init --output-file ${target}`, [
      {prompt: 'ModuleConfig settings version', keys: '\r'},
      {prompt: 'MetalLoadBalancerClass name', keys: '\r'},
      {prompt: 'Address pool', keys: '192.168.2.100-192.168.2.150\r'},
      {prompt: 'Announcing nodes', keys: '\r'},
      {prompt: 'Default class', keys: '\r'},
      {prompt: 'Interfaces', keys: '\r'},
      {prompt: 'Service name', keys: '\r'},
      {prompt: 'Ports', keys: '\r'},
      {prompt: 'Pod selector', keys: '\r'},
      {prompt: 'Number of public IP addresses', keys: '\r'},
      {prompt: 'Namespace', keys: '\r'},
    ]);
    expect(code).toBe(0);
    expect(output).toContain(`[INFO] Wrote 3 objects to ${target}`);
    const written = readFileSync(target, 'utf8').split(/^---$/m).map((d) => parse(d));
    expect(written).toEqual([seedObjects[0], seedObjects[1], seedObjects[2]]);
  });

  it('class create asks for the missing pool, shows why an answer is wrong, and prints the class', async () => {
    const {code, output} = await runInPty('node bin/run.js metallb class create ingress --node-selector lb= --no-default --interface eth1 --dry-run=client', [
      {prompt: 'Address pool', keys: '192.0.2.1\r'},
      {prompt: 'for a single address.', keys: '/32\r'},
    ]);
    expect(code).toBe(0);
    expect(output).toContain('addressPool:\r\n  - 192.0.2.1/32');
  });

  it('Ctrl-C at a wizard prompt exits 130, as shells expect, and writes nothing', async () => {
    const target = join(dir, 'cancelled.yaml');
    const {code, output} = await runInPty(`node bin/run.js metallb init --output-file ${target}`, [
      {prompt: 'ModuleConfig settings version', keys: '\u0003'},
    ]);
    expect(code).toBe(130);
    expect(output).toContain('[ERROR] cancelled at the prompt; nothing was written.');
    expect(existsSync(target)).toBe(false);
  });

  it('colours notices on a terminal, also where CI is set', async () => {
    const {output} = await runInPty('env -u NO_COLOR CI=true node bin/run.js metallb class create x --pool 192.0.2.5/24 --dry-run=client', [], 10_000, {raw: true});
    expect(output).toContain('\x1b[33m[WARN]\x1b[39m');
  });

  it.each([['NO_COLOR=1', 'env NO_COLOR=1 node bin/run.js'], ['TERM=dumb', 'env -u NO_COLOR TERM=dumb node bin/run.js'], ['--no-color', 'env -u NO_COLOR node bin/run.js --no-color']])('does not colour with %s', async (_, prefix) => {
    const command = prefix.endsWith('--no-color') ? 'env -u NO_COLOR node bin/run.js metallb class create x --pool 192.0.2.5/24 --dry-run=client --no-color' : `${prefix} metallb class create x --pool 192.0.2.5/24 --dry-run=client`;
    const {output} = await runInPty(command, [], 10_000, {raw: true});
    expect(output).toContain('[WARN] --pool');
    expect(output).not.toContain('\x1b[33m');
  });
});
