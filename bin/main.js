// Shared entry of the three executables.
// - `--version` is answered without loading anything: d8 smoke-tests plugins with it.
// - dist/cli.cjs (oclif, the library, the commands) is compiled by V8 once and then loaded from a code cache in
//   ~/.cache/d8-metallb: Node 20 has no built-in compile cache, and compiling the bundle is most of the start-up.
//   D8_METALLB_NO_CODE_CACHE=1 turns it off; any failure to read or write the cache just means a normal load.
import {mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync} from 'node:fs';
import Module, {createRequire} from 'node:module';
import {homedir} from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import vm from 'node:vm';

const VERSION_FLAGS = new Set(['--version', '-v']);
const require = createRequire(import.meta.url);
const bundle = fileURLToPath(new URL('../dist/cli.cjs', import.meta.url));
const kubeBundle = fileURLToPath(new URL('../dist/kube.cjs', import.meta.url));
/** Bundles loaded through the V8 code cache. */
const CACHED = new Set([bundle, kubeBundle]);

function cacheDirectory() {
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
  const base = file === bundle ? 'cli' : 'kube';
  return {prefix: `${base}-`, path: join(directory, `${base}-${size}-${Math.trunc(mtimeMs)}-${process.version}-${process.arch}.v8`)};
}

function installCodeCache() {
  const directory = cacheDirectory();
  if (process.env.D8_METALLB_NO_CODE_CACHE || !directory) return;
  const compile = Module.prototype._compile;
  Module.prototype._compile = function (content, filename) {
    if (!CACHED.has(filename)) return compile.call(this, content, filename);
    let cacheFile;
    let prefix;
    try {
      ({path: cacheFile, prefix} = cacheFileFor(directory, filename));
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
            if (name.startsWith(prefix) && name.endsWith('.v8') && join(directory, name) !== cacheFile) rmSync(join(directory, name), {force: true});
          }
        } catch {}
      });
    }
    const localRequire = (id) => this.require(id);
    localRequire.resolve = (request, options) => Module._resolveFilename(request, this, false, options);
    return script.runInThisContext()(this.exports, localRequire, this, filename, dirname(filename));
  };
}

export async function main(args, invokedAs = 'd8 metallb') {
  globalThis[Symbol.for('d8-metallb.invocation')] = invokedAs;
  const rest = args[0] === 'metallb' ? args.slice(1) : args;
  if (rest.length === 1 && VERSION_FLAGS.has(rest[0])) {
    const pjson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    process.stdout.write(`${pjson.name}/${pjson.version} ${process.platform}-${process.arch} node-${process.version}\n`);
    return;
  }
  // Lazy modules (prompts, JSON Schema, the Kubernetes client) are imported from here: see src/lib/lazy-import.ts.
  // D8_METALLB_KUBE_UNBUNDLED=1 loads the client as ES modules instead (bench/status.mjs compares both).
  globalThis[Symbol.for('d8-metallb.import')] = (specifier) =>
    specifier === '@kubernetes/client-node' && !process.env.D8_METALLB_KUBE_UNBUNDLED ? Promise.resolve(require(kubeBundle)) : import(specifier);
  globalThis[Symbol.for('d8-metallb.root')] = fileURLToPath(new URL('..', import.meta.url));
  installCodeCache();
  await require(bundle).run(args, import.meta.url);
}
