// The single executable's main script (Node's single-executable application): answers the version at once — d8
// smoke-tests plugins with `--version` and compares the output with the tag —, then tries the fast path (asset
// fast.cjs: help, class create --dry-run=client, lint FILE without oclif; src/cli/fast), and otherwise runs the
// program (asset cli.cjs). Each asset is compiled as a regular CommonJS module, so that oclif's loader has a full
// require. Placeholders in capitals are filled in by scripts/package.mjs.
'use strict';
const sea = require('node:sea');

const VERSION = '@@VERSION@@';
const args = process.argv.slice(2);
const rest = args[0] === 'metallb' ? args.slice(1) : args;
if (rest.length === 1 && (rest[0] === '--version' || rest[0] === '-v' || rest[0] === 'version')) {
  // Straight to the descriptor: creating process.stdout for a pipe (d8 reads the version through one) costs ~5 ms.
  try {
    if (require('node:fs').writeSync(1, `${VERSION}\n`) !== VERSION.length + 1) process.stdout.write(`${VERSION}\n`);
  } catch (error) {
    if (error.code !== 'EPIPE') process.stdout.write(`${VERSION}\n`);
  }
} else {
  const Module = require('node:module');
  const vm = require('node:vm');
  const path = require('node:path');
  const fs = require('node:fs');
  const os = require('node:os');
  const asset = (name) => {
    try {
      return sea.getAsset(name);
    } catch {
      return undefined;
    }
  };
  // The cache directory, also where the program writes its raw-socket addon.
  const cacheDirectory = process.env.D8_METALLB_CACHE_DIR || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir() || os.tmpdir(), '.cache'), 'd8-metallb');
  let stamp;
  try {
    const {size, mtimeMs} = fs.statSync(process.execPath);
    stamp = `${VERSION}-${size}-${Math.trunc(mtimeMs)}-${process.arch}`;
  } catch {}

  // The V8 code cache of each asset lives in the user's cache directory, as the checkout's (bin/main.js): made by
  // the first run and written at exit (with what that run compiled), read by the next; embedding one instead would
  // make each build's image differ, since what V8 puts in a cache varies from run to run.
  // D8_METALLB_NO_CODE_CACHE=1 turns it off; any failure just means a slower start.
  const load = (name) => {
    const filename = path.join(path.dirname(process.execPath), '.d8-metallb-plugin', name === 'cli.cjs' ? 'bundle.cjs' : name);
    const prefix = `plugin-${name.replace(/\.cjs$/, '')}-`;
    const cacheFile = stamp && !process.env.D8_METALLB_NO_CODE_CACHE ? path.join(cacheDirectory, `${prefix}${stamp}.v8`) : undefined;
    let cachedData;
    try {
      if (cacheFile) cachedData = fs.readFileSync(cacheFile);
    } catch {}
    const script = new vm.Script(Module.wrap(sea.getAsset(name, 'utf8')), {filename, ...(cachedData ? {cachedData} : {})});
    if (cacheFile && (!cachedData || script.cachedDataRejected)) {
      process.once('exit', () => {
        try {
          fs.mkdirSync(cacheDirectory, {recursive: true});
          const temporary = `${cacheFile}.${process.pid}`;
          fs.writeFileSync(temporary, script.createCachedData());
          fs.renameSync(temporary, cacheFile);
          // Caches of earlier builds are never read again (a version follows the prefix: plugin-fast-0.1.0-…, not
          // plugin-fast-lint-…).
          for (const file of fs.readdirSync(cacheDirectory)) {
            if (file.startsWith(prefix) && /^\d/.test(file.slice(prefix.length)) && file.endsWith('.v8') && path.join(cacheDirectory, file) !== cacheFile) fs.rmSync(path.join(cacheDirectory, file), {force: true});
          }
        } catch {}
      });
    }
    const module = new Module(filename);
    module.filename = filename;
    script.runInThisContext()(module.exports, Module.createRequire(filename), module, filename, path.dirname(filename));
    return module.exports;
  };

  const link = path.basename(process.argv0);
  const fastPath = link === 'kubectl_complete-metallb' || process.env.D8_METALLB_FAST === 'off' ? undefined : load('fast.cjs');
  if (fastPath) globalThis[Symbol.for('d8-metallb.invocation')] = fastPath.executableInvocation(link, process.env);
  if (!fastPath?.fast(args[0] === 'metallb' ? args : ['metallb', ...args], (part) => load(`fast-${part}.cjs`), cacheDirectory)) {
    load('cli.cjs').start(args, asset, cacheDirectory);
  }
}
