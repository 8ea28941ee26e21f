// The plugin image end to end with real parts: a registry on loopback (Debian's docker-registry), the image pushed
// by `npm run package -- --push`, pulled back with crane (go-containerregistry, built from the Go module proxy by
// tools/crane/build.sh) and checked as d8's code checks it: one tag holding an index, a child per platform, the
// executable as the `plugin` entry of the last layer, the contract annotation decoding and validating
// (UnmarshalContract), its version the tag.
import {type ChildProcess, execFileSync, spawn, spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync} from 'node:fs';
import {createServer} from 'node:net';
import {homedir, tmpdir} from 'node:os';
import {join} from 'node:path';
import {gunzipSync} from 'node:zlib';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {contractProblems} from '../../src/lib/plugin/contract.js';
import {sha256} from '../../src/lib/plugin/oci.js';
import {ROOT} from '../helpers/cli.js';

const CRANE = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'd8-metallb', 'tools', 'crane-v0.22.1');
const dir = mkdtempSync(join(tmpdir(), 'd8-metallb-registry-'));
let registry: ChildProcess | undefined;
let address = '';
const VERSION = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string;

const crane = (...args: string[]) => execFileSync(CRANE, [...args, '--insecure'], {maxBuffer: 1 << 30});
const freePort = () => new Promise<number>((resolve) => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const {port} = server.address() as {port: number};
    server.close(() => resolve(port));
  });
});

/** The first regular entry whose base name is `plugin`, as d8 takes it from the last layer. */
function pluginEntry(tar: Buffer): Buffer | undefined {
  for (let offset = 0; offset + 512 <= tar.length;) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) return undefined;
    const name = header.subarray(0, 100).toString().replace(/\0.*$/s, '');
    const size = Number.parseInt(header.subarray(124, 136).toString().replace(/\0.*$/s, '').trim(), 8);
    const type = String.fromCharCode(header[156]!);
    if ((type === '0' || type === '\0') && name.split('/').at(-1) === 'plugin') return tar.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return undefined;
}

beforeAll(async () => {
  if (!existsSync(CRANE)) throw new Error(`${CRANE} is missing: npm test builds it (tools/crane/build.sh).`);
  address = `127.0.0.1:${await freePort()}`;
  writeFileSync(join(dir, 'config.yml'), `version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir, 'data')}\nhttp:\n  addr: ${address}\n`);
  registry = spawn('docker-registry', ['serve', join(dir, 'config.yml')], {stdio: 'ignore'});
  for (let i = 0; i < 100; i++) {
    if ((await fetch(`http://${address}/v2/`).catch(() => undefined))?.ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the registry did not start');
});

afterAll(() => {
  registry?.kill('SIGKILL');
});

describe('the plugin image in a real registry', () => {
  it('is pushed under the version\'s tag, and a push under another tag is refused', () => {
    const wrong = spawnSync(process.execPath, ['scripts/package.mjs', '--push-only', '--push', `${address}/deckhouse-cli/plugins/metallb:9.9.9`], {cwd: ROOT, encoding: 'utf8'});
    expect(wrong.status).not.toBe(0);
    expect(wrong.stderr).toContain('the tag must be the version');
    const pushed = spawnSync(process.execPath, ['scripts/package.mjs', '--push-only', '--push', `${address}/deckhouse-cli/plugins/metallb:${VERSION}`], {cwd: ROOT, encoding: 'utf8'});
    expect(pushed.stderr).toContain('pushed');
    expect(pushed.status).toBe(0);
    expect(crane('ls', `${address}/deckhouse-cli/plugins/metallb`).toString().trim().split('\n')).toEqual([VERSION]);
  }, 60_000);

  it('pulled back with crane: an index with a child per built platform, each with the executable as `plugin` in its last layer and the contract', () => {
    const reference = `${address}/deckhouse-cli/plugins/metallb:${VERSION}`;
    const index = JSON.parse(crane('manifest', reference).toString()) as {mediaType: string; manifests: {digest: string; platform: {os: string; architecture: string}}[]; annotations: Record<string, string>};
    expect(index.mediaType).toBe('application/vnd.oci.image.index.v1+json');
    const built = readdirSync(join(ROOT, 'dist/plugin')).filter((d) => !d.startsWith('.')).sort();
    expect(index.manifests.map((m) => `${m.platform.os}-${m.platform.architecture}`).sort()).toEqual(built);
    expect(built).toContain('linux-amd64');
    const contracts = [index.annotations.contract];
    for (const child of index.manifests) {
      const manifest = JSON.parse(crane('manifest', `${address}/deckhouse-cli/plugins/metallb@${child.digest}`).toString()) as {layers: {digest: string; size: number}[]; annotations: Record<string, string>};
      const last = manifest.layers.at(-1)!;
      expect(last.size).toBeLessThanOrEqual(512 * 2 ** 20);
      const executable = pluginEntry(gunzipSync(crane('blob', `${address}/deckhouse-cli/plugins/metallb@${last.digest}`)));
      expect(executable, `${child.platform.os}/${child.platform.architecture}`).toBeDefined();
      expect(sha256(executable!)).toBe(sha256(readFileSync(join(ROOT, 'dist/plugin', `${child.platform.os}-${child.platform.architecture}`, 'plugin'))));
      contracts.push(manifest.annotations.contract);
    }
    for (const encoded of contracts) {
      expect(encoded).toBeDefined();
      const contract = JSON.parse(Buffer.from(encoded!, 'base64').toString()) as {version: string; requirements: Record<string, Record<string, unknown>>; env: {name: string}[]};
      expect(contractProblems(contract, VERSION)).toEqual([]);
      expect(contract.version).toBe(VERSION);
      expect(Array.isArray(contract.requirements.modules)).toBe(false);
      expect(Array.isArray(contract.requirements.plugins)).toBe(false);
      expect(contract.requirements.kubernetes).toHaveProperty('constraint');
      expect(contract.requirements.deckhouse).toHaveProperty('constraint');
      expect(contract.env.map((e) => e.name)).toEqual(['KUBECONFIG', 'PLUGINS_CALLER']);
    }
  }, 60_000);

  it('the executable pulled for linux/amd64 runs, and its --version equals the tag (d8\'s smoke test)', () => {
    const out = join(dir, 'pulled');
    const index = JSON.parse(crane('manifest', `${address}/deckhouse-cli/plugins/metallb:${VERSION}`).toString()) as {manifests: {digest: string; platform: {os: string; architecture: string}}[]};
    const child = index.manifests.find((m) => m.platform.os === 'linux' && m.platform.architecture === 'amd64')!;
    const manifest = JSON.parse(crane('manifest', `${address}/deckhouse-cli/plugins/metallb@${child.digest}`).toString()) as {layers: {digest: string}[]};
    writeFileSync(out, pluginEntry(gunzipSync(crane('blob', `${address}/deckhouse-cli/plugins/metallb@${manifest.layers.at(-1)!.digest}`)))!, {mode: 0o755});
    const r = spawnSync(out, ['--version'], {encoding: 'utf8', timeout: 10_000});
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(VERSION);
  }, 60_000);
});
