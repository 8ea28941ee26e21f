// The fast path (src/cli/fast) against oclif's commands: every command line it takes gives the same stdout, stderr
// and exit code as with D8_METALLB_FAST=off (oclif's command), and every line it must leave to oclif it does leave
// (D8_METALLB_FAST=require exits 70 instead). The help texts are oclif's own, rendered at build time.
import {spawn} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {ROOT, runBin, type CliResult} from '../helpers/cli.js';
import {intoFile, throughSlowPipe} from '../helpers/streams.js';

const dir = mkdtempSync(join(tmpdir(), 'd8-metallb-fast-'));
const BAD = join(dir, 'bad.yaml');
writeFileSync(BAD, `apiVersion: network.deckhouse.io/v1alpha1
kind: MetalLoadBalancerClass
metadata:
  name: a
spec:
  type: L2
  addressPool: [192.0.2.0/28, 192.0.2.8-192.0.2.20]
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: default
spec:
  type: LoadBalancer
  loadBalancerClass: missing
  ports: [{port: 80}]
`);
const TREE = join(dir, 'tree');
mkdirSync(join(TREE, 'sub'), {recursive: true});
writeFileSync(join(TREE, 'class.yaml'), readFileSync(join(ROOT, 'test/fixtures/seed-examples.yaml')));
writeFileSync(join(TREE, 'sub', 'notes.txt'), 'not a manifest');
writeFileSync(join(TREE, 'sub', 'service.yml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: x, namespace: y}\nspec: {type: LoadBalancer, ports: [{port: 1}], loadBalancerClass: ingress}\n');

type Bin = 'run.js' | 'd8-metallb.js' | 'kubectl-metallb.js';
const run = (bin: Bin, args: readonly string[], fast: string, env: Record<string, string> = {}) => runBin(bin, bin === 'run.js' ? ['metallb', ...args] : args, {env: {...env, D8_METALLB_FAST: fast}});

/** Both paths give the same result, and the fast path took it. */
async function expectTaken(bin: Bin, args: readonly string[], env: Record<string, string> = {}): Promise<CliResult> {
  const [fast, oclif] = await Promise.all([run(bin, args, 'require', env), run(bin, args, 'off', env)]);
  expect(fast).toEqual(oclif);
  return fast;
}

/** The fast path leaves it to oclif, and the result is oclif's. */
async function expectLeft(args: readonly string[], env: Record<string, string> = {}): Promise<CliResult> {
  const [required, auto, oclif] = await Promise.all([run('run.js', args, 'require', env), run('run.js', args, 'on', env), run('run.js', args, 'off', env)]);
  expect(required.code).toBe(70);
  expect(required.stderr).toContain('the fast path leaves this command line to oclif');
  expect(auto).toEqual(oclif);
  return oclif;
}

const CLASS = ['class', 'create', 'ingress', '--pool', '192.168.2.100-192.168.2.150', '--node-selector', 'node-role.kubernetes.io/loadbalancer='];
const SEED = join(ROOT, 'test/fixtures/seed-examples.yaml');

describe('the fast path', () => {
  it('prints every help text as oclif does, through each way of running it', async () => {
    const {help} = JSON.parse(readFileSync(join(ROOT, 'dist/fast-tables.json'), 'utf8')) as {help: Record<string, string>};
    const keys = Object.keys(help).filter((key) => key.startsWith('metallb'));
    expect(keys).toEqual(expect.arrayContaining(['metallb', 'metallb:class', 'metallb:class:create', 'metallb:lint', 'metallb:bgp:pool:create', 'metallb:status']));
    for (let i = 0; i < keys.length; i += 4) {
      await Promise.all(keys.slice(i, i + 4).map((key) => expectTaken('run.js', [...key.split(':').slice(1), '--help'])));
    }
    const root = await Promise.all([runBin('run.js', ['--help'], {env: {D8_METALLB_FAST: 'require'}}), runBin('run.js', ['--help'], {env: {D8_METALLB_FAST: 'off'}})]);
    expect(root[0]).toEqual(root[1]);
    expect(root[0].stdout).toContain(`d8-metallb/0.1.0 ${process.platform}-${process.arch} node-${process.version}`);
    // A topic's words alone show its help, as oclif does; a command's run the command.
    for (const topic of [[], ['class'], ['bgp', 'pool']]) expect((await expectTaken('run.js', topic)).stdout).toContain('USAGE');
    const bare = await Promise.all([runBin('run.js', [], {env: {D8_METALLB_FAST: 'require'}}), runBin('run.js', [], {env: {D8_METALLB_FAST: 'off'}})]);
    expect(bare[0]).toEqual(bare[1]);
    expect((await run('run.js', ['status'], 'require')).code).toBe(70);
    for (const bin of ['d8-metallb.js', 'kubectl-metallb.js'] as const) {
      await expectTaken(bin, []);
      const {stdout} = await expectTaken(bin, ['class', 'create', '--help']);
      expect(stdout).toContain(`$ ${bin === 'd8-metallb.js' ? 'd8-metallb' : 'kubectl metallb'} class create`);
      await expectTaken(bin, ['--help']);
    }
  }, 120_000);

  it.each([
    ['the documentation\'s class as YAML', [...CLASS, '--dry-run=client', '-o', 'yaml']],
    ['JSON', [...CLASS, '--dry-run', 'client', '--output=json']],
    ['-o name', [...CLASS, '--dry-run=client', '-o', 'name']],
    ['YAML by default, a dual-stack default class on one interface', ['class', 'create', 'public', '-p', '192.0.2.0/28', '--pool=2001:db8::/124', '--interface', 'eth1', '--default', '--dry-run=client']],
    ['--no-default, --type, --overwrite and the global flags', ['class', 'create', 'x', '--pool', '198.51.100.1-198.51.100.9', '--no-default', '--type', 'L2', '--overwrite', '--no-input', '--no-color', '--dry-run=client']],
    ['a warning on stderr (host bits set)', ['class', 'create', 'x', '--pool', '192.0.2.5/24', '--dry-run=client']],
  ])('class create: %s', async (_, args) => {
    const {code} = await expectTaken('run.js', args);
    expect(code).toBe(0);
  });

  it.each([
    ['the documentation\'s Service', ['service', 'create', 'nginx-deployment', '--class', 'ingress', '--port', '8000:80/TCP', '--selector', 'app=nginx', '--ips', '3', '--dry-run=client', '-o', 'yaml']],
    ['fixed addresses, a sharing key, two ports, -n', ['service', 'create', 'dns', '-n', 'infra', '--class', 'ingress', '--port', '53/UDP', '--port', '53/TCP', '--load-balancer-ips', '192.0.2.10,192.0.2.11', '--shared-ip-key', 'dns', '--dry-run=client']],
    ['the class annotation, Local traffic, JSON', ['service', 'create', 'web', '-c', 'public', '--class-annotation', '--port', '80', '--external-traffic-policy', 'Local', '--dry-run=client', '-o', 'json']],
    ['no class (the default), -o name', ['service', 'create', 'web', '--port', '443:8443', '--dry-run=client', '-o', 'name']],
  ])('service create: %s', async (_, args) => {
    expect((await expectTaken('run.js', args)).code).toBe(0);
  });

  it('class create through d8-metallb and kubectl-metallb', async () => {
    for (const bin of ['d8-metallb.js', 'kubectl-metallb.js'] as const) await expectTaken(bin, ['class', 'create', 'x', '--pool', '192.0.2.5/24', '--dry-run=client']);
  });

  it.each([
    ['the documentation\'s examples', [SEED], 0],
    ['findings (exit 1)', [BAD], 1],
    ['JSON', ['-o', 'json', BAD], 1],
    ['SARIF', ['-o', 'sarif', BAD], 1],
    ['JUnit, --strict', ['-o', 'junit', '--strict', SEED, BAD], 1],
    ['github', ['--output=github', BAD], 1],
    ['-f and a directory', ['-f', TREE], 0],
    ['--disable', ['--disable', 'service-unknown-class', BAD], 1],
    ['--ip-family, --max-file-size', ['--ip-family', 'IPv6', '--max-file-size', '1Mi', SEED], 0],
    ['--rules', ['--rules'], 0],
    ['--rules -o json', ['--rules', '-o', 'json'], 0],
  ])('lint: %s', async (_, args, code) => {
    const result = await expectTaken('run.js', ['lint', ...args]);
    expect(result.code).toBe(code);
  });

  it('lint in GitHub Actions (github format by default), and through d8-metallb', async () => {
    expect((await expectTaken('run.js', ['lint', BAD], {GITHUB_ACTIONS: 'true'})).stdout).toMatch(/^::error /m);
    await expectTaken('d8-metallb.js', ['lint', BAD]);
  });

  it.each([
    ['a missing pool (the prompt or the list of missing flags)', ['class', 'create', 'x', '--dry-run=client'], 2],
    ['a wrong pool', ['class', 'create', 'x', '--pool', '192.0.2.300', '--dry-run=client'], 2],
    ['a wrong type', ['class', 'create', 'x', '--pool', '192.0.2.0/28', '--type', 'L3', '--dry-run=client'], 2],
    ['an unknown flag', ['class', 'create', 'x', '--pol', '192.0.2.0/28', '--dry-run=client'], 2],
    ['a value not among the options', ['class', 'create', 'x', '--pool', '192.0.2.0/28', '-o', 'wide', '--dry-run=client'], 2],
    ['-oVALUE', ['class', 'create', 'x', '--pool', '192.0.2.0/28', '-ojson', '--dry-run=client'], 0],
    ['a repeated single flag', ['class', 'create', 'x', '--pool', '192.0.2.0/28', '-o', 'json', '-o', 'yaml', '--dry-run=client'], 2],
    ['--', ['class', 'create', '--pool', '192.0.2.0/28', '--dry-run=client', '--', 'x'], 0],
    ['two names', ['class', 'create', 'x', 'y', '--pool', '192.0.2.0/28', '--dry-run=client'], 2],
    ['a cluster flag', ['class', 'create', 'x', '--pool', '192.0.2.0/28', '--request-timeout', 'soon', '--dry-run=client'], 2],
    ['--help among arguments', ['class', 'create', 'x', '--help', '--pool', '192.0.2.0/28'], 0],
    ['help as a command', ['help', 'class', 'create'], 2],
    ['a command it does not have', ['enable', '--address-pool', 'name=p,addresses=192.0.2.0/28', '--dry-run=client'], 0],
    ['a Service without a port', ['service', 'create', 'web', '--dry-run=client'], 2],
    ['a wrong port', ['service', 'create', 'web', '--port', '99999', '--dry-run=client'], 2],
    ['a wrong address count', ['service', 'create', 'web', '--port', '80', '--ips', 'three', '--dry-run=client'], 2],
    ['a Service applied to a cluster', ['service', 'create', 'web', '--port', '80', '--kubeconfig', join(dir, 'none')], 3],
    ['a file that is not there', ['lint', join(dir, 'nothing.yaml')], 2],
    ['no files', ['lint'], 2],
    ['an unknown rule', ['lint', '--disable', 'no-such-rule', SEED], 2],
    ['a wrong size', ['lint', '--max-file-size', 'big', SEED], 2],
    ['--cluster', ['lint', '--cluster', '--kubeconfig', join(dir, 'none'), SEED], 3],
  ])('leaves to oclif: %s', async (_, args, code) => {
    expect((await expectLeft(args)).code).toBe(code);
  });

  it('leaves lint of stdin to oclif, which reads it', async () => {
    const input = readFileSync(BAD, 'utf8');
    const [required, auto, oclif] = await Promise.all(['require', 'on', 'off'].map((fast) => runBin('run.js', ['metallb', 'lint', '-'], {input, env: {D8_METALLB_FAST: fast}})));
    expect(required!.code).toBe(70);
    expect(auto).toEqual(oclif);
    expect(oclif!.code).toBe(1);
  });

  it('prints help at other widths (OCLIF_COLUMNS, a terminal\'s) as oclif rendered it there the first time', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'd8-metallb-help-'));
    const env = {OCLIF_COLUMNS: '50', D8_METALLB_CACHE_DIR: cache};
    const args = ['class', 'create', '--help'];
    expect((await run('run.js', args, 'require', env)).code).toBe(70);
    const first = await run('run.js', args, 'on', env);
    const oclif = await run('run.js', args, 'off', env);
    expect(first).toEqual(oclif);
    const kept = await run('run.js', args, 'require', env);
    expect(kept).toEqual(oclif);
    expect(kept.stdout.split('\n').length).toBeGreaterThan((await run('run.js', args, 'require')).stdout.split('\n').length);
    // Through d8-metallb, the same kept text names d8-metallb.
    expect(await run('d8-metallb.js', args, 'require', env)).toEqual(await run('d8-metallb.js', args, 'off', env));

    const onTerminal = (fast: string) => inPty(`sh -c 'stty cols 100; D8_METALLB_CACHE_DIR=${cache} D8_METALLB_FAST=${fast} exec node bin/run.js metallb lint --help'`);
    expect(await onTerminal('require')).toContain('the fast path leaves this command line to oclif');
    const rendered = await onTerminal('on');
    expect(rendered).toContain('USAGE');
    expect(await onTerminal('require')).toEqual(rendered);
    expect(await onTerminal('off')).toEqual(rendered);
    expect(Math.max(...rendered.split('\n').map((line) => line.trimEnd().length))).toBeGreaterThan(80);
  });

  it('writes a large output whole through a slow pipe and into a file, and stops quietly when the reader goes', async () => {
    const many = join(dir, 'many.yaml');
    writeFileSync(many, Array.from({length: 3000}, (_, i) => `apiVersion: v1\nkind: Service\nmetadata: {name: s${i}, namespace: d}\nspec: {type: LoadBalancer, loadBalancerClass: nope, ports: [{port: 80}]}\n`).join('---\n'));
    const args = ['lint', '-o', 'json', many];
    const fast = {...process.env, NO_COLOR: undefined, D8_METALLB_FAST: 'require'};
    const [piped, filed, oclif] = await Promise.all([throughSlowPipe(args, fast), intoFile(args, fast), intoFile(args, {...fast, D8_METALLB_FAST: 'off'})]);
    expect(oclif.stdout.length).toBeGreaterThan(400_000);
    expect(piped).toEqual(oclif);
    expect(filed).toEqual(oclif);
    const gone = await new Promise<{code: number | null; stderr: string}>((resolve) => {
      const child = spawn(process.execPath, [join(ROOT, 'bin/run.js'), 'metallb', ...args], {env: fast, stdio: ['ignore', 'pipe', 'pipe']});
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      child.stdout.once('data', () => child.stdout.destroy());
      child.on('close', (code) => resolve({code, stderr}));
    });
    expect(gone).toEqual({code: 1, stderr: ''});
  });

  it('colours as oclif\'s commands do on a terminal', async () => {
    const lint = `node bin/run.js metallb lint ${BAD}`;
    const create = 'node bin/run.js metallb class create x --pool 192.0.2.5/24 --dry-run=client';
    for (const command of [lint, create]) {
      const [fast, oclif] = await Promise.all([inPty(`env D8_METALLB_FAST=require ${command}`), inPty(`env D8_METALLB_FAST=off ${command}`)]);
      expect(fast).toEqual(oclif);
      expect(fast).toContain('\x1b[');
    }
  });
});

/** Output of a command on a real pseudo-terminal (util-linux `script`), colours allowed. */
function inPty(command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const env = {...process.env, TERM: 'xterm', DEBUG: undefined} as Record<string, string | undefined>;
    delete env.NO_COLOR;
    delete env.GITHUB_ACTIONS;
    const child = spawn('script', ['-qfec', command, '/dev/null'], {cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe']});
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', () => resolve(output));
  });
}
