// The single executable's main script (Node's single-executable application): answers the version at once — d8
// smoke-tests plugins with `--version` and compares the output with the tag — and otherwise compiles the embedded
// bundle (asset cli.cjs) as a regular CommonJS module, so that oclif's loader has a full require. Placeholders in capitals are filled in by scripts/package.mjs.
'use strict';
const sea = require('node:sea');

const VERSION = '@@VERSION@@';
const args = process.argv.slice(2);
const rest = args[0] === 'metallb' ? args.slice(1) : args;
if (rest.length === 1 && (rest[0] === '--version' || rest[0] === '-v' || rest[0] === 'version')) {
  process.stdout.write(`${VERSION}\n`);
} else {
  const Module = require('node:module');
  const vm = require('node:vm');
  const path = require('node:path');
  const asset = (name) => {
    try {
      return sea.getAsset(name);
    } catch {
      return undefined;
    }
  };
  const filename = path.join(path.dirname(process.execPath), '.d8-metallb-plugin', 'bundle.cjs');
  // The V8 code cache of the bundle lives in the user's cache directory, as the checkout's (bin/main.js): made by
  // the first run and written at exit (with what that run compiled), read by the next; embedding one instead would
  // make each build's image differ, since what V8 puts in a cache varies from run to run.
  // D8_METALLB_NO_CODE_CACHE=1 turns it off; any failure just means a slower start.
  const fs = require('node:fs');
  const os = require('node:os');
  // The cache directory, also where the program writes its raw-socket addon.
  const cacheDirectory = process.env.D8_METALLB_CACHE_DIR || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir() || os.tmpdir(), '.cache'), 'd8-metallb');
  let cacheFile;
  let cachedData;
  if (!process.env.D8_METALLB_NO_CODE_CACHE) {
    try {
      const base = cacheDirectory;
      const {size, mtimeMs} = fs.statSync(process.execPath);
      cacheFile = path.join(base, `plugin-${VERSION}-${size}-${Math.trunc(mtimeMs)}-${process.arch}.v8`);
      cachedData = fs.readFileSync(cacheFile);
    } catch {}
  }
  const script = new vm.Script(Module.wrap(sea.getAsset('cli.cjs', 'utf8')), {filename, ...(cachedData ? {cachedData} : {})});
  if (cacheFile && (!cachedData || script.cachedDataRejected)) {
    process.once('exit', () => {
      try {
        fs.mkdirSync(path.dirname(cacheFile), {recursive: true});
        const temporary = `${cacheFile}.${process.pid}`;
        fs.writeFileSync(temporary, script.createCachedData());
        fs.renameSync(temporary, cacheFile);
        for (const name of fs.readdirSync(path.dirname(cacheFile))) {
          if (name.startsWith('plugin-') && name.endsWith('.v8') && path.join(path.dirname(cacheFile), name) !== cacheFile) fs.rmSync(path.join(path.dirname(cacheFile), name), {force: true});
        }
      } catch {}
    });
  }
  const bundle = new Module(filename);
  bundle.filename = filename;
  script.runInThisContext()(bundle.exports, Module.createRequire(filename), bundle, filename, path.dirname(filename));
  bundle.exports.start(args, asset, cacheDirectory);
}
