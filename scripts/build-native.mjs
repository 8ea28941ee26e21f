// Builds the announcer's native part (native/raw_socket.c) with node-gyp, at install (npm ci) and in npm run build.
// Node's own headers: node-gyp cannot download them here. Without a compiler or headers nothing fails: only
// `announce` and `ip probe` need it, and they say how to fix that.
import {execFileSync} from 'node:child_process';
import {existsSync} from 'node:fs';

try {
  const nodeGyp = ['/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js', 'node_modules/node-gyp/bin/node-gyp.js'].find((p) => existsSync(p));
  if (!nodeGyp) throw new Error('node-gyp not found');
  execFileSync(process.execPath, [nodeGyp, 'rebuild', '--silent'], {stdio: ['ignore', 'ignore', 'inherit'], env: {...process.env, ...(existsSync('/usr/include/node/node_api.h') ? {npm_config_nodedir: '/usr'} : {})}});
} catch (error) {
  console.warn(`warning: the announcer's native part was not built (${String(error.message).split('\n')[0]}); every other command works.`);
}
