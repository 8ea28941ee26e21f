// The V8 code cache (bin/main.js) is an optimisation only: same output with it, without it, and with a broken one.
import {mkdtempSync, readdirSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {runBin} from '../helpers/cli.js';

const ARGS = ['metallb', 'enable', '--address-pool', 'name=p,addresses=192.0.2.0/28', '--dry-run=client'];

describe('code cache', () => {
  it('is written on the first run and gives the same result on later runs, also after corruption', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'd8-metallb-cache-'));
    const env = {D8_METALLB_CACHE_DIR: dir};
    const plain = await runBin('run.js', ARGS, {env: {D8_METALLB_NO_CODE_CACHE: '1'}});
    expect(plain.code).toBe(0);

    const first = await runBin('run.js', ARGS, {env});
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^cli-\d+-\d+-v\d+\.\d+\.\d+-\w+\.v8$/);
    const cached = await runBin('run.js', ARGS, {env}); // loads Ajv lazily from cached code
    writeFileSync(join(dir, files[0]!), 'not a V8 cache');
    const afterCorruption = await runBin('run.js', ARGS, {env});
    for (const result of [first, cached, afterCorruption]) expect(result).toEqual(plain);
  });

  it('is skipped quietly when the cache directory cannot be written', async () => {
    const result = await runBin('run.js', ARGS, {env: {D8_METALLB_CACHE_DIR: '/proc/not-writable'}});
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
  });
});
