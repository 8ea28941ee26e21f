// Runs test/harness/dev-cluster.ts (TypeScript) by bundling it with esbuild first: no TypeScript runner needed.
import {build} from 'esbuild';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';

// Next to the harness, so that its relative paths (the CRDs) and the project's node_modules resolve.
const out = join('test', 'harness', '.dev-cluster.bundle.mjs');
await build({entryPoints: ['test/harness/dev-cluster.ts'], outfile: out, bundle: true, format: 'esm', platform: 'node', target: 'node20', packages: 'external', logLevel: 'warning'});
await import(pathToFileURL(join(process.cwd(), out)).href);
