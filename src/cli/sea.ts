// The single executable's program (npm run package): oclif, the library, every command and the lazily loaded
// modules in one bundle that the executable's bootstrap (scripts/package/sea-boot.cjs) compiles from its embedded
// asset. Nothing is read from disk: oclif's package.json is embedded (SEA_PJSON), and the files oclif loads — the
// commands (explicit strategy), the help class and the hook — are one virtual module served from Node's module
// cache, so that oclif's own loader finds them without a file.
import Module from 'node:module';
import {createHash} from 'node:crypto';
import {mkdirSync, writeFileSync, existsSync, renameSync} from 'node:fs';
import {basename, dirname, join} from 'node:path';
import {settings} from '@oclif/core';
import {run} from './main.js';
import {executableInvocation} from './invocation.js';
import Help from './help.js';
import commandNotFound from '../hooks/command-not-found.js';

declare const SEA_PJSON: Record<string, unknown>;

/** The embedded asset API (node:sea), given by the bootstrap: the addon's bytes, or undefined outside an executable. */
type GetAsset = (name: string) => ArrayBuffer | undefined;

const VIRTUAL_ROOT = join(dirname(process.execPath), '.d8-metallb-plugin');
const VIRTUAL_MODULE = join(VIRTUAL_ROOT, 'cli.cjs');

function serveVirtualModule(commands: Record<string, unknown>): void {
  const loaded = new Module(VIRTUAL_MODULE);
  loaded.filename = VIRTUAL_MODULE;
  loaded.loaded = true;
  loaded.exports = {commands, Help, commandNotFound};
  const cache = (Module as unknown as {_cache: Record<string, Module>})._cache;
  cache[VIRTUAL_MODULE] = loaded;
  const internals = Module as unknown as {_resolveFilename: (request: string, ...rest: unknown[]) => string};
  const resolve = internals._resolveFilename;
  internals._resolveFilename = (request, ...rest) => (request === VIRTUAL_MODULE ? VIRTUAL_MODULE : resolve(request, ...rest));
}

/** The raw-socket addon, embedded: written once per content to the cache directory, then loaded (Linux only). */
function nativeProvider(getAsset: GetAsset, base: string): () => unknown {
  return () => {
    if (process.platform !== 'linux') throw new Error(`announce needs Linux (raw sockets, TCP MD5), and this is ${process.platform}; run it on a Linux host`);
    const bytes = getAsset(`raw_socket-${process.arch}.node`);
    if (!bytes) throw new Error(`this executable carries no raw-socket part for ${process.arch}; use the checkout's 'npm run build' on this host`);
    const data = new Uint8Array(bytes);
    const path = join(base, `raw_socket-${createHash('sha256').update(data).digest('hex').slice(0, 16)}.node`);
    if (!existsSync(path)) {
      mkdirSync(base, {recursive: true});
      const temporary = `${path}.${process.pid}`;
      writeFileSync(temporary, data, {mode: 0o755});
      renameSync(temporary, path);
    }
    const module = {exports: {}};
    process.dlopen(module, path);
    return module.exports;
  };
}

/**
 * `commands`: every command class by id (the package script's entry lists them, as scripts/build.mjs does);
 * `cacheDirectory`: the bootstrap's, where the addon is written.
 */
export async function main(args: string[], getAsset: GetAsset, commands: Record<string, unknown>, cacheDirectory: string): Promise<void> {
  const link = basename(process.argv0);
  (globalThis as Record<symbol, unknown>)[Symbol.for('d8-metallb.invocation')] = executableInvocation(link, process.env);
  // Lazily loaded modules are in this bundle; esbuild turns each import() into a deferred require.
  const lazy: Record<string, () => Promise<unknown>> = {
    '@inquirer/prompts': () => import('@inquirer/prompts'),
    ajv: () => import('ajv'),
    '@kubernetes/client-node': () => import('@kubernetes/client-node'),
  };
  (globalThis as Record<symbol, unknown>)[Symbol.for('d8-metallb.import')] = (specifier: string) => {
    const load = lazy[specifier];
    return load ? load() : Promise.reject(new Error(`${specifier} is not in the executable`));
  };
  (globalThis as Record<symbol, unknown>)[Symbol.for('d8-metallb.native')] = nativeProvider(getAsset, cacheDirectory);
  // Commands come from the bundle, never from TypeScript sources.
  settings.enableAutoTranspile = false;
  serveVirtualModule(commands);
  // d8 passes what follows the plugin's name (`d8 metallb class create` runs `plugin class create`); the commands
  // live under the metallb topic, as in the checkout's `d8 metallb …`.
  // As kubectl_complete-metallb, kubectl (1.26 and later) gives the words after `kubectl metallb` to complete.
  const given = link === 'kubectl_complete-metallb' ? ['__complete', ...args] : args;
  await run(given[0] === 'metallb' ? given : ['metallb', ...given], {root: VIRTUAL_ROOT, pjson: SEA_PJSON});
}
