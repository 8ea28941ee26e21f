// What every command shares (../shared/conventions.md): aliases, --version, streams, one-line errors, exit codes.
import {mkdtempSync, readFileSync, writeFileSync, existsSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {parse} from 'yaml';
import {describe, expect, it} from 'vitest';
import {metallb, runBin} from '../helpers/cli.js';

const pjson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
const CLASS_ARGS = ['class', 'create', 'ingress', '--pool', '192.168.2.100-192.168.2.150', '--dry-run=client'];

describe('executables', () => {
  it.each([
    ['run.js', ['metallb', '--version']],
    ['run.js', ['--version']],
    ['d8-metallb.js', ['--version']],
    ['kubectl-metallb.js', ['--version']],
    ['d8-metallb.js', ['-v']],
  ])('%s %j prints the version (d8 smoke-tests plugins with it)', async (bin, args) => {
    const r = await runBin(bin, args);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${pjson.name}/${pjson.version} ${process.platform}-${process.arch} node-${process.version}\n`);
  });

  it.each(['d8-metallb.js', 'kubectl-metallb.js'])('%s behaves exactly like d8 metallb', async (bin) => {
    const [alias, d8] = await Promise.all([runBin(bin, CLASS_ARGS), metallb(...CLASS_ARGS)]);
    expect(alias).toEqual(d8);
    expect(alias.code).toBe(0);
  });

  it('help examples show the command as it was run: d8 metallb …, kubectl metallb … through kubectl-metallb', async () => {
    expect((await metallb('class', 'create', '--help')).stdout).toContain('$ d8 metallb class create ingress --pool 192.168.2.100-192.168.2.150');
    const r = await runBin('kubectl-metallb.js', ['class', 'create', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('$ kubectl metallb class create ingress --pool 192.168.2.100-192.168.2.150');
  });

  it('lists the topics with their descriptions', async () => {
    const r = await metallb('--help');
    expect(r.stdout).toMatch(/metallb class\s+MetalLoadBalancerClass/);
    expect(r.stdout).toMatch(/metallb service\s+LoadBalancer Services/);
  });
});

describe('errors: one [ERROR] sentence on stderr, nothing on stdout, a documented exit code', () => {
  it('applying without a kubeconfig → exit 3', async () => {
    const r = await runBin('run.js', ['metallb', 'class', 'create', 'x', '--pool', '192.0.2.0/28'], {env: {KUBECONFIG: '/nonexistent/kubeconfig'}});
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('[ERROR] no kubeconfig at /nonexistent/kubeconfig; give one with --kubeconfig or KUBECONFIG.\n');
  });

  it.each([
    ['an unknown flag', [...CLASS_ARGS, '--bogus'], /^\[ERROR\] unknown flag --bogus; see 'd8 metallb class create --help' for the flags\.\n$/],
    ['an invalid option', [...CLASS_ARGS, '-o', 'xml'], /^\[ERROR\] Expected --output=xml to be one of: yaml, json, name; see 'd8 metallb class create --help'/],
    ['an unknown command', ['class', 'frob', 'x'], /^\[ERROR\] unknown command "d8 metallb class frob x"; run 'd8 metallb class --help' for the commands\.\n$/],
    ['missing values without a terminal', ['class', 'create', '--dry-run=client'], /^\[ERROR\] missing NAME, --pool \(stdin and stdout are not both terminals, so nothing can be asked\); give them as flags, e\.g\. d8 metallb class create ingress --pool/],
    ['missing values with --no-input', ['service', 'create', 'web', '--no-input', '--dry-run=client'], /^\[ERROR\] missing --port \(--no-input is set\); give it as a flag/],
  ])('%s → exit 2', async (_, args, stderr) => {
    const r = await metallb(...args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(stderr);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/^\s+at /m); // no stack trace
  });

  it('keeps stdout clean YAML when there are warnings (they go to stderr)', async () => {
    const r = await metallb('class', 'create', 'x', '--pool', '192.0.2.5/24', '--dry-run=client');
    expect(r.stderr).toMatch(/^\[WARN\]/);
    expect(parse(r.stdout).kind).toBe('MetalLoadBalancerClass');
  });

  it('never colours piped output', async () => {
    const r = await metallb('class', 'create', 'x', '--pool', '192.0.2.5/24', '--dry-run=client');
    expect(r.stderr).not.toContain('\x1b[');
  });
});

describe('init --output-file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'd8-metallb-init-'));

  it('writes the three objects to the file and says so on stderr', async () => {
    const target = join(dir, 'metallb.yaml');
    const r = await metallb('init', '--pool', '192.0.2.100-192.0.2.150', '--no-input', '--output-file', target);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`[INFO] Wrote 3 objects to ${target}; apply them with 'd8 k apply -f ${target}'.\n`);
    expect(readFileSync(target, 'utf8').split(/^---$/m).map((d) => parse(d).kind)).toEqual(['ModuleConfig', 'MetalLoadBalancerClass', 'Service']);
  });

  it('never overwrites an existing file silently', async () => {
    const target = join(dir, 'mine.yaml');
    writeFileSync(target, 'my own work\n');
    const r = await metallb('init', '--pool', '192.0.2.100-192.0.2.150', '--no-input', '--output-file', target);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`[ERROR] --output-file "${target}": the file exists and would be overwritten; choose another path or add --overwrite.\n`);
    expect(readFileSync(target, 'utf8')).toBe('my own work\n');
    const forced = await metallb('init', '--pool', '192.0.2.100-192.0.2.150', '--no-input', '--output-file', target, '--overwrite');
    expect(forced.code).toBe(0);
    expect(readFileSync(target, 'utf8')).toContain('kind: ModuleConfig');
  });

  it('writes nothing when a value is invalid', async () => {
    const target = join(dir, 'never.yaml');
    const r = await metallb('init', '--pool', '192.0.2.9-192.0.2.1', '--no-input', '--output-file', target);
    expect(r.code).toBe(2);
    expect(existsSync(target)).toBe(false);
  });

  it('without a terminal needs only --pool, and says so', async () => {
    const r = await metallb('init', '--no-input');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("[ERROR] missing --pool (--no-input is set); give it as a flag, e.g. d8 metallb init --pool 192.168.2.100-192.168.2.150 --no-input.\n");
  });
});
