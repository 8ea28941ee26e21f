// Input a user gets wrong, or that would make a tool hang or fill the memory: every case ends in one sentence and a
// documented exit code, quickly. Symlinks are followed as Kubernetes ConfigMap mounts need.
import {execFileSync, spawn} from 'node:child_process';
import {chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {metallb, ROOT} from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'd8-metallb-inputs-'));
chmodSync(dir, 0o755);
const write = (name: string, text: string) => {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), {recursive: true});
  writeFileSync(path, text);
  return path;
};
const BROKEN = 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {type: LoadBalancer, ports: [{port: 70000}]}\n';
const oneError = (stderr: string) => {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^\[ERROR\] .*[.?]$/);
  return lines[0]!;
};

describe('directories', () => {
  it('follows a symlinked file (a ConfigMap mount) and lints what it points at', async () => {
    write('target/real.yaml', BROKEN);
    mkdirSync(join(dir, 'mount'));
    symlinkSync('../target/real.yaml', join(dir, 'mount', 'link.yaml'));
    const r = await metallb('lint', '-o', 'json', join(dir, 'mount'));
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.summary).toMatchObject({files: 1, documents: 1});
    expect(out.diagnostics[0]).toMatchObject({file: join(dir, 'mount', 'link.yaml'), rule: 'schema-violation'});
  });

  it('follows symlinked directories, reports a loop once, and reads a file reached twice once', async () => {
    const root = mkdtempSync(join(tmpdir(), 'd8-metallb-loop-'));
    mkdirSync(join(root, 'looped'));
    writeFileSync(join(root, 'looped', 'a.yaml'), BROKEN);
    symlinkSync('..', join(root, 'looped', 'up'));
    symlinkSync('.', join(root, 'looped', 'self'));
    const r = await metallb('lint', '-o', 'json', join(root, 'looped'));
    const warnings = r.stderr.trim().split('\n');
    expect(warnings.some((l) => /^\[WARN\] .*looped\/self.* symbolic link loop/.test(l))).toBe(true);
    const out = JSON.parse(r.stdout);
    // a.yaml once, although looped/up/looped/a.yaml and looped/self/a.yaml lead to it too.
    expect(out.diagnostics.filter((d: {file: string}) => d.file.endsWith('a.yaml'))).toHaveLength(1);
  });

  it('a symlink to nothing with a manifest name is an error, not a silent skip', async () => {
    mkdirSync(join(dir, 'dangling'));
    symlinkSync('../nowhere.yaml', join(dir, 'dangling', 'gone.yaml'));
    const r = await metallb('lint', join(dir, 'dangling'));
    expect(r.code).toBe(2);
    expect(oneError(r.stderr)).toContain('gone.yaml": a symbolic link to nothing');
  });

  it('no manifest at all under the paths is exit 2, not "No problems"', async () => {
    mkdirSync(join(dir, 'empty'));
    write('empty/README.md', '# not a manifest\n');
    for (const args of [['lint', join(dir, 'empty')], ['ip', 'allocate', '-f', join(dir, 'empty')]]) {
      const r = await metallb(...args);
      expect(r.code).toBe(2);
      expect(oneError(r.stderr)).toMatch(/no \*\.yaml, \*\.yml or \*\.json file under/);
    }
  });

  it('an unreadable subdirectory is one sentence with exit 2 (as a user without the permission)', async () => {
    write('locked/ok.yaml', BROKEN);
    mkdirSync(join(dir, 'locked', 'secret'));
    chmodSync(join(dir, 'locked', 'secret'), 0o700);
    // Root reads everything: run as nobody, which may read the checkout and the test directory but not secret/.
    const asNobody = (...args: string[]) => new Promise<{code: number | null; stderr: string}>((resolve) => {
      const child = spawn('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, `${ROOT}/bin/run.js`, 'metallb', ...args],
        {env: {...process.env, HOME: dir, D8_METALLB_NO_CODE_CACHE: '1'}, stdio: ['ignore', 'ignore', 'pipe']});
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code) => resolve({code, stderr}));
    });
    for (const args of [['lint', join(dir, 'locked')], ['ip', 'allocate', '-f', join(dir, 'locked')]]) {
      const r = await asNobody(...args);
      expect(r.code).toBe(2);
      expect(oneError(r.stderr)).toContain(`"${join(dir, 'locked', 'secret')}": cannot read the directory (permission denied)`);
    }
  });
});

describe('what is not a regular file, and size', () => {
  const fifo = join(dir, 'pipe.yaml');
  execFileSync('mkfifo', [fifo]);
  for (const args of [['lint', fifo], ['ip', 'allocate', '-f', fifo], ['enable', '--settings-file', fifo, '--dry-run=client']]) {
    it(`${args[0]} on a FIFO is refused at once (nothing waits for a writer)`, async () => {
      const started = Date.now();
      const r = await metallb(...args);
      expect(r.code).toBe(2);
      expect(oneError(r.stderr)).toContain('a named pipe (FIFO), not a regular file');
      expect(Date.now() - started).toBeLessThan(10_000);
    });
  }

  it('/dev/zero is refused before it is read', async () => {
    const r = await metallb('lint', '/dev/zero');
    expect(r.code).toBe(2);
    expect(oneError(r.stderr)).toBe('[ERROR] "/dev/zero": a device, not a regular file; save the manifests to a file, or pipe them to - (stdin).');
  });

  it('stdin is read up to the limit, then refused (an endless pipe cannot fill the memory)', async () => {
    const r = await new Promise<{code: number | null; stderr: string}>((resolve) => {
      const child = spawn('sh', ['-c', `head -c 3000000 /dev/zero | exec "${process.execPath}" "${ROOT}/bin/run.js" metallb lint --max-file-size 1Mi -`], {stdio: ['ignore', 'ignore', 'pipe']});
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code) => resolve({code, stderr}));
    });
    expect(r.code).toBe(2);
    expect(oneError(r.stderr)).toBe('[ERROR] stdin: larger than 1 MiB; raise the limit with --max-file-size if this really is one manifest.');
  });

  it('a file over --max-file-size is refused by its size, and the default is 256 MiB', async () => {
    const big = write('big.yaml', `# ${'x'.repeat(5000)}\n${BROKEN}`);
    const r = await metallb('ip', 'allocate', '-f', big, '--max-file-size', '4k');
    expect(r.code).toBe(2);
    expect(oneError(r.stderr)).toMatch(/big\.yaml": 5\d{3} bytes, larger than 4000 bytes; raise the limit with --max-file-size/);
    expect((await metallb('lint', big)).code).toBe(1);
    expect((await metallb('lint', '--help')).stdout).toContain('default 256 MiB');
    const bad = await metallb('lint', '--max-file-size', 'lots', big);
    expect(bad.code).toBe(2);
    expect(oneError(bad.stderr)).toContain('--max-file-size "lots": not a size');
  });

  it('an alias bomb in --settings-file is one sentence, exit 2', async () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    'bcdefghi'.split('').forEach((c, i) => levels.push(`${c}: &${c} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`));
    const r = await metallb('enable', '--settings-file', write('laughs.yaml', `${levels.join('\n')}\n`), '--dry-run=client');
    expect(r.code).toBe(2);
    expect(oneError(r.stderr)).toMatch(/laughs\.yaml:1:1: .*aliases expand the document too far/);
  });
});

describe('init --output-file paths', () => {
  it('a missing directory and a directory as the target are one sentence each, exit 2, and leave no temporary file', async () => {
    const missing = await metallb('init', '--pool', '192.0.2.0/28', '--no-input', '--output-file', join(dir, 'no', 'such', 'x.yaml'));
    expect(missing.code).toBe(2);
    expect(oneError(missing.stderr)).toContain('does not exist; create it or choose another path.');
    mkdirSync(join(dir, 'target-dir'));
    const directory = await metallb('init', '--pool', '192.0.2.0/28', '--no-input', '--output-file', join(dir, 'target-dir'), '--overwrite');
    expect(directory.code).toBe(2);
    expect(oneError(directory.stderr)).toContain('target-dir": a directory; give the path of a file to write.');
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(existsSync(join(dir, 'no'))).toBe(false);
  });
});

describe('counts the module would take literally', () => {
  const V6 = 'apiVersion: network.deckhouse.io/v1alpha1\nkind: MetalLoadBalancerClass\nmetadata:\n  name: v6\nspec:\n  type: L2\n  addressPool:\n  - 2001:db8::/32\n  nodeSelector: {}\n---\napiVersion: v1\nkind: Node\nmetadata:\n  name: n1\n';
  const huge = (count: string) => `---\napiVersion: v1\nkind: Service\nmetadata:\n  name: huge\n  annotations:\n    network.deckhouse.io/l2-load-balancer-external-ips-count: "${count}"\nspec:\n  type: LoadBalancer\n  ipFamilies: [IPv6]\n  loadBalancerClass: v6\n  ports:\n  - port: 80\n`;

  it('service create --ips 100000000 warns that no cluster carries that', async () => {
    const r = await metallb('service', 'create', 'huge', '--class', 'v6', '--port', '80', '--ips', '100000000', '--dry-run=client');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^\[WARN\] --ips "100000000": the module creates one object per address \(100000000 of them\).*plans at most 4096\. Lower the count\.$/m);
  });

  it('lint fires ips-count-exceeds-pool for a huge count in an IPv6 class', async () => {
    const r = await metallb('lint', '-o', 'json', write('huge.yaml', V6 + huge('100000000')));
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).diagnostics).toEqual([expect.objectContaining({rule: 'ips-count-exceeds-pool', severity: 'error', path: 'metadata.annotations["network.deckhouse.io/l2-load-balancer-external-ips-count"]'})]);
  });

  it('ip allocate plans 4096 addresses of a 100,000,000 count quickly and says how many are left out', async () => {
    const started = Date.now();
    const r = await metallb('ip', 'allocate', '-o', 'json', '-f', write('huge-plan.yaml', V6 + huge('100000000')));
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(r.code).toBe(1);
    const service = JSON.parse(r.stdout).services[0];
    expect(service.addresses).toHaveLength(4096);
    expect(service.unplannedAddresses).toBe(100000000 - 4096);
    expect(service.status).toBe('partial');
    expect(service.reason).toMatch(/asks for 100000000 addresses.*plans only the first 4096/);
  });

  it('lint lists at most 1,000 findings of a rule and counts the rest', async () => {
    const entries = Array.from({length: 3000}, (_, i) => `  - 10.0.${i >> 8}.${i & 255}/32`).join('\n');
    const file = write('overlaps.yaml', `apiVersion: network.deckhouse.io/v1alpha1\nkind: MetalLoadBalancerClass\nmetadata:\n  name: wide\nspec:\n  type: L2\n  addressPool:\n  - 10.0.0.0/8\n---\napiVersion: network.deckhouse.io/v1alpha1\nkind: MetalLoadBalancerClass\nmetadata:\n  name: narrow\nspec:\n  type: L2\n  addressPool:\n${entries}\n`);
    const json = JSON.parse((await metallb('lint', '-o', 'json', file)).stdout);
    expect(json.diagnostics.filter((d: {rule: string}) => d.rule === 'pool-overlap')).toHaveLength(1000);
    expect(json.summary.omitted).toEqual({'pool-overlap': 2000});
    expect(json.summary.errors).toBe(3000);
    const text = await metallb('lint', file);
    expect(text.stdout).toContain('2000 more findings of rule pool-overlap not shown (at most 1000 a rule are listed).');
    const github = await metallb('lint', '-o', 'github', file);
    expect(github.stdout.trimEnd().split('\n').at(-1)).toBe('3000 errors, 0 warnings, 0 infos (1 file, 2 documents).');
  });
});
