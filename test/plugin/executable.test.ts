// The packaged executable (npm run package) as a user meets it: copied alone into an empty directory and run with no
// Node on PATH, it answers like the checkout — version, help, generators, lint, status against the real control
// plane — and announce extracts its embedded raw-socket addon and answers ARP in a namespace this test creates.
import {type ChildProcess, execFileSync, spawn, spawnSync} from 'node:child_process';
import {copyFileSync, existsSync, mkdtempSync, readdirSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest';
import {ROOT} from '../helpers/cli.js';

const BUILT = join(ROOT, 'dist/plugin/linux-amd64/plugin');
const dir = mkdtempSync(join(tmpdir(), 'd8-metallb-plugin-'));
const plugin = join(dir, 'plugin');
const home = join(dir, 'home');
// No Node anywhere: PATH holds only directories without a node binary.
const env = {PATH: '/nonexistent', HOME: home, LANG: 'C.UTF-8'};
const run = (args: string[], extra: Record<string, string> = {}) => spawnSync(plugin, args, {encoding: 'utf8', env: {...env, ...extra}, cwd: dir});
const checkout = (args: string[], extra: Record<string, string> = {}) => spawnSync(process.execPath, [join(ROOT, 'bin/run.js'), 'metallb', ...args], {encoding: 'utf8', env: {...process.env, NO_COLOR: '1', ...extra}, cwd: dir});

beforeAll(() => {
  if (!existsSync(BUILT)) throw new Error('dist/plugin/linux-amd64/plugin is missing: npm test runs npm run package first.');
  copyFileSync(BUILT, plugin);
});

describe('the linux/amd64 executable, alone in an empty directory without Node', () => {
  it('prints exactly the version for --version, -v and version (d8\'s pluginVersionProbe and pluginBinaryVersion)', () => {
    for (const flag of ['--version', '-v', 'version']) {
      const r = run([flag]);
      expect(r.status).toBe(0);
      expect(r.stdout).toBe('0.1.0\n');
      expect(r.stderr).toBe('');
    }
    expect(spawnSync('which', ['node'], {env}).status).not.toBe(0);
  });

  it('--help lists the topics, and d8\'s way of passing arguments (no "metallb") and the checkout\'s both work', () => {
    const help = run(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('$ d8 metallb COMMAND');
    expect(help.stdout).toContain('metallb class');
    // Through a link named as kubectl plugins are, it names itself so.
    execFileSync('ln', ['-sf', plugin, join(dir, 'kubectl-metallb')]);
    expect(spawnSync(join(dir, 'kubectl-metallb'), ['--help'], {encoding: 'utf8', env}).stdout).toContain('$ kubectl metallb COMMAND');
    expect(run(['metallb', 'class', '--help']).stdout).toBe(run(['class', '--help']).stdout);
  });

  it('class create … --dry-run=client -o yaml is byte-identical to the checkout\'s', () => {
    const args = ['class', 'create', 'ingress', '--pool', '192.168.2.100-192.168.2.150', '--node-selector', 'node-role.kubernetes.io/loadbalancer=', '--dry-run=client', '-o', 'yaml'];
    const ours = run(args);
    expect(ours.status).toBe(0);
    expect(ours.stdout).toBe(checkout(args).stdout);
    expect(ours.stdout).toContain('kind: MetalLoadBalancerClass');
  });

  it('lint of the documentation\'s examples gives the checkout\'s findings and exit code', () => {
    const docs = execFileSync('cat', [join(ROOT, 'test/fixtures/metallb-docs.md')], {encoding: 'utf8'});
    const yaml = [...docs.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!.replace(/^ {3}/gm, '')).join('---\n');
    writeFileSync(join(dir, 'docs.yaml'), yaml);
    const ours = run(['lint', 'docs.yaml', '-o', 'json']);
    const theirs = checkout(['lint', 'docs.yaml', '-o', 'json']);
    expect(ours.status).toBe(theirs.status);
    expect(JSON.parse(ours.stdout)).toEqual(JSON.parse(theirs.stdout));
    // A broken manifest: the same finding with file:line:column, exit 1.
    writeFileSync(join(dir, 'bad.yaml'), 'apiVersion: network.deckhouse.io/v1alpha1\nkind: MetalLoadBalancerClass\nmetadata: {name: x}\nspec: {addressPool: [192.0.2.300/32]}\n');
    const bad = run(['lint', 'bad.yaml']);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toBe(checkout(['lint', 'bad.yaml']).stdout);
  });

  it('runs help, class create, service create and lint on its fast path (src/cli/fast) with the output of its oclif commands', () => {
    writeFileSync(join(dir, 'overlap.yaml'), 'apiVersion: network.deckhouse.io/v1alpha1\nkind: MetalLoadBalancerClass\nmetadata: {name: x}\nspec: {type: L2, addressPool: [192.0.2.0/28, 192.0.2.8-192.0.2.20]}\n');
    const lines = [
      ['class', 'create', '--help'], ['--help'], ['lint', '--help'],
      ['class', 'create', 'x', '--pool', '192.0.2.5/24', '--dry-run=client', '-o', 'json'],
      ['service', 'create', 'web', '--class', 'x', '--port', '8000:80/TCP', '--ips', '2', '--dry-run=client'],
      ['lint', 'overlap.yaml'], ['lint', '-o', 'sarif', 'overlap.yaml'], ['lint', '--rules'],
    ];
    for (const line of lines) {
      const fast = run(line, {D8_METALLB_FAST: 'require'});
      const oclif = run(line, {D8_METALLB_FAST: 'off'});
      expect({status: fast.status, stdout: fast.stdout, stderr: fast.stderr}, line.join(' ')).toEqual({status: oclif.status, stdout: oclif.stdout, stderr: oclif.stderr});
      // The checkout's fast path too: one set of help texts and one library for both.
      expect(fast.stdout, line.join(' ')).toBe(checkout(line, {D8_METALLB_FAST: 'require'}).stdout);
    }
    expect(run(['lint', 'overlap.yaml']).status).toBe(1);
    // What it leaves to oclif still works, with oclif's error.
    const left = run(['class', 'create', 'x', '--pool', '192.0.2.300', '--dry-run=client']);
    expect(left.status).toBe(2);
    expect(left.stderr).toContain('[ERROR] --pool');
    expect(run(['class', 'create', 'x', '--pool', '192.0.2.300', '--dry-run=client'], {D8_METALLB_FAST: 'require'}).status).toBe(70);
    // Code caches of each part, written on the first run that loads it.
    expect(readdirSync(join(home, '.cache/d8-metallb')).filter((f) => f.startsWith('plugin-')).map((f) => f.replace(/-0\.1\.0-.*$/, '')).sort()).toEqual(['plugin-cli', 'plugin-fast', 'plugin-fast-class-create', 'plugin-fast-help', 'plugin-fast-lint', 'plugin-fast-service-create']);
  });

  it('an unknown command is a usage error (exit 2), as in the checkout', () => {
    const r = run(['clas', 'create']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('[ERROR]');
  });

  it('completes as the checkout does, as kubectl_complete-metallb too, and with names from the cluster', () => {
    expect(run(['completion', 'bash']).stdout).toBe(checkout(['completion', 'bash']).stdout);
    expect(run(['__complete', 'class', 'create', 'x', '-o', ''])).toMatchObject({status: 0, stdout: 'yaml\njson\nname\n:4\n', stderr: ''});
    execFileSync('ln', ['-sf', plugin, join(dir, 'kubectl_complete-metallb')]);
    expect(spawnSync(join(dir, 'kubectl_complete-metallb'), ['ip', 'fr'], {encoding: 'utf8', env}).stdout).toBe('free\tThe free address ranges of a class or BGP pool, in pool order.\n:4\n');
    const namespaces = run(['__complete', 'service', 'create', 'web', '-n', ''], {KUBECONFIG: inject('kubeconfig')});
    expect(namespaces.stdout.split('\n')).toEqual(expect.arrayContaining(['default', 'kube-system', ':4']));
  });

  it('status talks to the real control plane through KUBECONFIG (the Kubernetes client is inside)', () => {
    const kubeconfig = inject('kubeconfig');
    const ours = run(['status', '-o', 'json'], {KUBECONFIG: kubeconfig});
    const theirs = checkout(['status', '-o', 'json'], {KUBECONFIG: kubeconfig});
    expect(ours.status).toBe(theirs.status);
    const strip = (text: string) => JSON.stringify(JSON.parse(text), (k, v) => (/time|age|duration/i.test(k) ? undefined : v));
    expect(strip(ours.stdout)).toBe(strip(theirs.stdout));
    // No cluster: one sentence and the documented exit code, no stack trace.
    const none = run(['status'], {KUBECONFIG: join(dir, 'missing-kubeconfig')});
    expect(none.status).toBe(checkout(['status'], {KUBECONFIG: join(dir, 'missing-kubeconfig')}).status);
    expect(none.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('the linux/arm64 executable, under qemu-user', () => {
  it('prints its version and writes the checkout\'s class manifest', (ctx) => {
    const arm = join(ROOT, 'dist/plugin/linux-arm64/plugin');
    if (!existsSync(arm) || spawnSync('which', ['qemu-aarch64']).status !== 0) return ctx.skip();
    const emulator = execFileSync('which', ['qemu-aarch64'], {encoding: 'utf8'}).trim();
    const qemu = (args: string[]) => spawnSync(emulator, ['-L', '/usr/aarch64-linux-gnu', arm, ...args], {encoding: 'utf8', env});
    expect(qemu(['--version']).stdout).toBe('0.1.0\n');
    const args = ['class', 'create', 'ingress', '--pool', '192.0.2.0/28', '--dry-run=client', '-o', 'yaml'];
    expect(qemu(args).stdout).toBe(checkout(args).stdout);
  }, 60_000);
});

describe('announce from the executable, in network namespaces', () => {
  const id = `${process.pid % 100000}`;
  const A = `d8m-pa-${id}`;
  const B = `d8m-pb-${id}`;
  let canRun = true;
  let announcer: ChildProcess | undefined;

  beforeAll(() => {
    try {
      execFileSync('ip', ['netns', 'add', A]);
      execFileSync('ip', ['netns', 'add', B]);
      execFileSync('ip', ['link', 'add', `d8pa${id}`, 'netns', A, 'type', 'veth', 'peer', 'name', `d8pb${id}`, 'netns', B]);
      for (const [ns, ifname, address] of [[A, `d8pa${id}`, '192.0.2.1/24'], [B, `d8pb${id}`, '192.0.2.2/24']] as const) {
        execFileSync('ip', ['-n', ns, 'link', 'set', ifname, 'up']);
        execFileSync('ip', ['-n', ns, 'addr', 'add', address, 'dev', ifname]);
      }
    } catch {
      canRun = false;
    }
  });

  afterAll(() => {
    announcer?.kill('SIGKILL');
    for (const ns of [A, B]) spawnSync('ip', ['netns', 'del', ns]);
  });

  it('writes its addon to the cache directory, loads it, and answers ARP for the address', async (ctx) => {
    if (!canRun) return ctx.skip();
    announcer = spawn('ip', ['netns', 'exec', A, 'env', '-i', `PATH=${env.PATH}`, `HOME=${home}`, plugin, 'announce', '--interface', `d8pa${id}`, '--allow-excluded', '--ip', '192.0.2.50', '-o', 'json'], {stdio: ['ignore', 'pipe', 'pipe']});
    let out = '';
    announcer.stdout!.on('data', (d) => (out += d));
    for (let i = 0; i < 100 && !out.includes('"started"'); i++) await new Promise((r) => setTimeout(r, 50));
    const reply = spawnSync('ip', ['netns', 'exec', B, 'arping', '-c', '2', '-w', '3', '-I', `d8pb${id}`, '192.0.2.50'], {encoding: 'utf8'});
    expect(reply.stdout).toMatch(/Unicast reply from 192\.0\.2\.50/);
    expect(readdirSync(join(home, '.cache', 'd8-metallb')).some((f) => /^raw_socket-[0-9a-f]{16}\.node$/.test(f))).toBe(true);
    announcer.kill('SIGTERM');
    await new Promise((r) => announcer!.once('exit', r));
    expect(announcer.exitCode).toBe(0);
  }, 20_000);
});
