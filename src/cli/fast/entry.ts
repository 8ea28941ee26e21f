// The fast path's bundle (dist/fast.cjs; the single executable's asset fast.cjs). Its tables are filled in by the
// build (scripts/fast-tables.mjs); the host (bin/main.js, the executable's bootstrap) loads the commands' parts,
// each from its own bundle and code cache. D8_METALLB_FAST=off leaves every command line to oclif (the hosts check
// it, and then do not load this bundle at all); =require ends with exit code 70 where the fast path would leave one
// to oclif: both are for tests that compare the two paths.
import {executableInvocation} from '../invocation.js';
import {descriptorOutput} from './output.js';
import type {FastTables} from './outcome.js';
import {type FastPart, runFast} from './run.js';

declare const FAST_TABLES_JSON: string;

export const PARTS: readonly FastPart[] = ['class-create', 'service-create', 'lint', 'help'];

/** True when the command line was run here; false when oclif has to run it. */
export function fast(args: string[], load: (part: FastPart) => {default: unknown}, cacheDirectory?: string): boolean {
  const tables = JSON.parse(FAST_TABLES_JSON) as FastTables;
  if (runFast({args, env: process.env, stdout: descriptorOutput(1), stderr: descriptorOutput(2), ...(cacheDirectory ? {cacheDirectory} : {})}, tables, (part) => load(part).default)) return true;
  if (process.env.D8_METALLB_FAST !== 'require') return false;
  descriptorOutput(2).write('[ERROR] D8_METALLB_FAST=require, and the fast path leaves this command line to oclif; unset D8_METALLB_FAST.\n');
  process.exitCode = 70;
  return true;
}

export {executableInvocation};
