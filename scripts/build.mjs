// Build: type-check with tsc, then bundle with esbuild. Bundling matters for start-up: loading @oclif/core and yaml
// as hundreds of small modules costs more than the command itself (see bench/startup.mjs). Every command is an entry
// point at the path oclif's manifest expects (dist/commands/...); shared code lands in dist/chunks, loaded once.
import {build} from 'esbuild';
import {execFileSync} from 'node:child_process';
import {readdirSync, rmSync, statSync} from 'node:fs';
import {join} from 'node:path';

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json', '--noEmit'], {stdio: 'inherit'});
rmSync('dist', {recursive: true, force: true});
await build({
  entryPoints: ['src/cli/main.ts', ...files('src/commands'), ...files('src/hooks')],
  outdir: 'dist',
  outbase: 'src',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  // oclif loads TypeScript only to run commands from .ts sources, which a built CLI never does.
  external: ['typescript'],
  // CommonJS dependencies (oclif) call require() for Node built-ins.
  banner: {js: "import {createRequire as __createRequire} from 'node:module'; const require = __createRequire(import.meta.url);"},
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
});
