// The V8 code cache (bin/main.js) is an optimisation only: same output with it, without it, and with a broken one.
import {mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {runBin} from '../helpers/cli.js';

const ARGS = ['metallb', 'enable', '--address-pool', 'name=p,addresses=192.0.2.0/28', '--dry-run=client'];
const CACHE_FILE = /^(cli|kube|fast|fast-[a-z-]+)-\d+-\d+-v\d+\.\d+\.\d+-\w+\.v8$/;

describe('code cache', () => {
  it('is written on the first run and gives the same result on later runs, also after corruption', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'd8-metallb-cache-'));
    const env = {D8_METALLB_CACHE_DIR: dir};
    const plain = await runBin('run.js', ARGS, {env: {D8_METALLB_NO_CODE_CACHE: '1'}});
    expect(plain.code).toBe(0);

    const first = await runBin('run.js', ARGS, {env});
    // enable is oclif's: the fast path's router looked at it first and left it.
    const files = readdirSync(dir).sort();
    expect(files.map((f) => f.split('-')[0])).toEqual(['cli', 'fast']);
    for (const file of files) expect(file).toMatch(CACHE_FILE);
    const cached = await runBin('run.js', ARGS, {env}); // loads Ajv lazily from cached code
    for (const file of files) writeFileSync(join(dir, file), 'not a V8 cache');
    const afterCorruption = await runBin('run.js', ARGS, {env});
    for (const result of [first, cached, afterCorruption]) expect(result).toEqual(plain);
  });

  // lint of a large input changes a V8 flag at run time (src/cli/heap.ts), and V8 stamps caches with its flags: a
  // cache written with the flag changed was rejected by every later run, and so written again each time.
  it('written by lint of a large file is accepted by the next lint', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'd8-metallb-cache-'));
    const large = join(dir, 'large.yaml');
    writeFileSync(large, `# ${'padding '.repeat(600_000)}\n${readFileSync('test/fixtures/seed-examples.yaml', 'utf8')}`);
    const env = {D8_METALLB_CACHE_DIR: join(dir, 'cache')};
    for (const fast of ['on', 'off']) {
      const lint = ['metallb', 'lint', large];
      const first = await runBin('run.js', lint, {env: {...env, D8_METALLB_FAST: fast}});
      expect(first.code).toBe(0);
      const written = Object.fromEntries(readdirSync(env.D8_METALLB_CACHE_DIR).map((f) => [f, statSync(join(env.D8_METALLB_CACHE_DIR, f)).mtimeMs]));
      expect(Object.keys(written).some((f) => f.startsWith(fast === 'on' ? 'fast-lint-' : 'cli-'))).toBe(true);
      const second = await runBin('run.js', lint, {env: {...env, D8_METALLB_FAST: fast}});
      expect(second).toEqual(first);
      expect(Object.fromEntries(readdirSync(env.D8_METALLB_CACHE_DIR).map((f) => [f, statSync(join(env.D8_METALLB_CACHE_DIR, f)).mtimeMs]))).toEqual(written);
    }
  });

  it('is skipped quietly when the cache directory cannot be written', async () => {
    const result = await runBin('run.js', ARGS, {env: {D8_METALLB_CACHE_DIR: '/proc/not-writable'}});
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
  });
});
