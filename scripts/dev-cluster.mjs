// Runs test/harness/dev-cluster.ts (TypeScript) by bundling it with esbuild first: no TypeScript runner needed.
import {build} from 'esbuild';
import {mkdirSync} from 'node:fs';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';

// Inside the project, so that its node_modules resolve the external packages.
mkdirSync('.cache', {recursive: true});
const out = join('.cache', 'dev-cluster.mjs');
await build({entryPoints: ['test/harness/dev-cluster.ts'], outfile: out, bundle: true, format: 'esm', platform: 'node', target: 'node20', packages: 'external', logLevel: 'warning'});
await import(pathToFileURL(join(process.cwd(), out)).href);
