// Shared entry of the three executables.
// - `--version` is answered without loading anything: d8 smoke-tests plugins with it.
// - The offline commands people run most (help, class create --dry-run=client, lint FILE) run from dist/fast.cjs,
//   without oclif (src/cli/fast/run.ts says when, and why the output is the same); everything else from dist/cli.cjs.
// - Both bundles (and dist/kube.cjs) are compiled by V8 once and then loaded from a code cache in
//   ~/.cache/d8-metallb: Node 20 has no built-in compile cache, and compiling a bundle is most of the start-up.
//   D8_METALLB_NO_CODE_CACHE=1 turns it off; any failure to read or write the cache just means a normal load.
// - CommonJS (bin/package.json), not an ES module: Node starts a CommonJS entry a few milliseconds sooner, which
//   is a tenth of what the fast path may take.
'use strict';
const {mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, writeSync} = require('node:fs');
const {dirname, join} = require('node:path');

const VERSION_FLAGS = new Set(['--version', '-v']);
const dist = join(__dirname, '..', 'dist');
const bundle = join(dist, 'cli.cjs');
const kubeBundle = join(dist, 'kube.cjs');
const fastBundle = join(dist, 'fast.cjs');
/** The bundles loaded through the V8 code cache (dist/cli.cjs, kube.cjs, fast.cjs, fast-PART.cjs): their cache files' name. */
function cacheName(file) {
  return dirname(file) === dist ? /^(cli|kube|fast(?:-[a-z-]+)?)\.cjs$/.exec(file.slice(dist.length + 1))?.[1] : undefined;
}

function cacheDirectory() {
  const {homedir} = require('node:os');
  if (process.env.D8_METALLB_CACHE_DIR) return process.env.D8_METALLB_CACHE_DIR;
  const base = process.env.XDG_CACHE_HOME || (homedir() ? join(homedir(), '.cache') : undefined);
  return base && join(base, 'd8-metallb');
}

// mkdirSync's recursive mode can spin forever on some file systems (/proc): create at most a few levels by hand.
function ensureDirectory(directory, depth = 0) {
  try {
    mkdirSync(directory);
  } catch (error) {
    if (error.code === 'EEXIST') return;
    if (error.code !== 'ENOENT' || depth >= 3) throw error;
    ensureDirectory(dirname(directory), depth + 1);
    mkdirSync(directory);
  }
}

function cacheFileFor(directory, file) {
  const {size, mtimeMs} = statSync(file);
  const base = cacheName(file);
  return {earlier: new RegExp(`^${base}-\\d+-\\d+-.*\\.v8$`), path: join(directory, `${base}-${size}-${Math.trunc(mtimeMs)}-${process.version}-${process.arch}.v8`)};
}

function installCodeCache(directory) {
  if (process.env.D8_METALLB_NO_CODE_CACHE || !directory) return;
  const Module = require('node:module');
  const vm = require('node:vm');
  const compile = Module.prototype._compile;
  Module.prototype._compile = function (content, filename) {
    if (!cacheName(filename)) return compile.call(this, content, filename);
    let cacheFile;
    let earlier;
    try {
      ({path: cacheFile, earlier} = cacheFileFor(directory, filename));
    } catch {
      return compile.call(this, content, filename);
    }
    let cachedData;
    try {
      cachedData = readFileSync(cacheFile);
    } catch {}
    const script = new vm.Script(Module.wrap(content), {filename, cachedData});
    if (!cachedData || script.cachedDataRejected) {
      // Written at exit, so that the functions this run compiled are in the cache too.
      process.once('exit', () => {
        try {
          ensureDirectory(directory);
          const temporary = `${cacheFile}.${process.pid}`;
          writeFileSync(temporary, script.createCachedData());
          renameSync(temporary, cacheFile);
          // Caches of earlier builds or Node versions are never read again.
          for (const name of readdirSync(directory)) {
            if (earlier.test(name) && join(directory, name) !== cacheFile) rmSync(join(directory, name), {force: true});
          }
        } catch {}
      });
    }
    const localRequire = (id) => this.require(id);
    localRequire.resolve = (request, options) => Module._resolveFilename(request, this, false, options);
    return script.runInThisContext()(this.exports, localRequire, this, filename, dirname(filename));
  };
}

/** A short text to stdout without creating process.stdout (~5 ms for a pipe); the stream if the descriptor needs it. */
function writeOut(text) {
  try {
    if (writeSync(1, text) === Buffer.byteLength(text)) return;
  } catch (error) {
    if (error.code === 'EPIPE') return;
  }
  process.stdout.write(text);
}

async function main(args, invokedAs = 'd8 metallb') {
  globalThis[Symbol.for('d8-metallb.invocation')] = invokedAs;
  const rest = args[0] === 'metallb' ? args.slice(1) : args;
  if (rest.length === 1 && VERSION_FLAGS.has(rest[0])) {
    const pjson = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8'));
    writeOut(`${pjson.name}/${pjson.version} ${process.platform}-${process.arch} node-${process.version}\n`);
    return;
  }
  // Lazy modules (prompts, JSON Schema, the Kubernetes client) are imported from here: see src/lib/lazy-import.ts.
  // D8_METALLB_KUBE_UNBUNDLED=1 loads the client as ES modules instead (bench/status.mjs compares both).
  globalThis[Symbol.for('d8-metallb.import')] = (specifier) =>
    specifier === '@kubernetes/client-node' && !process.env.D8_METALLB_KUBE_UNBUNDLED ? Promise.resolve(require(kubeBundle)) : import(specifier);
  globalThis[Symbol.for('d8-metallb.root')] = join(__dirname, '..');
  const directory = cacheDirectory();
  installCodeCache(directory);
  // D8_METALLB_FAST=off: straight to oclif (the build renders help texts so; tests compare both paths).
  if (process.env.D8_METALLB_FAST !== 'off' && require(fastBundle).fast(args, (part) => require(join(dist, `fast-${part}.cjs`)), directory)) return;
  await require(bundle).run(args, join(__dirname, '..'));
}

module.exports = {main};
