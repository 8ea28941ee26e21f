// The fast path: the offline commands people run most — help, `class create` and `service create` with
// --dry-run=client, `lint FILE` — answered without loading oclif. oclif's start-up (its configuration, every
// command class, the parser) costs more than these commands themselves; here they make the same library calls as
// their oclif commands, with flags read by a strict subset of oclif's parser (./argv.ts) from specs the build takes
// from the command classes, and help texts that oclif rendered at build time.
//
// The rule that keeps it honest: the fast path either does the whole job, with the same output and exit status as
// oclif's command, or returns false before it has written anything or read what cannot be read again (stdin) — and
// then oclif runs the command from scratch. Errors are therefore always oclif's: the fast path never prints one.
import {helpCacheFile, helpWidth, readHelpCache, requestHelpCache} from '../help-cache.js';
import {asInvoked} from '../invocation.js';
import {parseArgv} from './argv.js';
import type {FastCommand, FastRun, FastTables, Outcome} from './outcome.js';

/** Marks where help texts name the running program (`d8-metallb/0.1.0 linux-x64 node-v20.19.0`), filled in at run time. */
export const USER_AGENT_MARK = '\u0000user-agent\u0000';

/**
 * Each fast command is a part of its own (a bundle, with its own code cache), loaded only when it runs; so are the
 * help texts (oclif's, for 80 columns that are not a terminal, by command or topic id, '' for the root).
 */
export type FastPart = 'class-create' | 'service-create' | 'lint' | 'help';
/** The part's default export. */
export type LoadPart = (part: FastPart) => unknown;

/**
 * The fast commands, and the flags each reads: a command line with any other flag (the cluster's, whose values
 * oclif checks and these commands would not use) goes to oclif.
 */
const COMMANDS: Record<string, {part: FastPart; accepts: readonly string[]}> = {
  'metallb:class:create': {part: 'class-create', accepts: ['pool', 'node-selector', 'interface', 'default', 'type', 'overwrite', 'output', 'dry-run', 'no-input', 'no-color']},
  'metallb:service:create': {part: 'service-create', accepts: ['namespace', 'class', 'class-annotation', 'port', 'selector', 'ips', 'load-balancer-ips', 'shared-ip-key', 'external-traffic-policy', 'output', 'dry-run', 'no-input', 'no-color']},
  'metallb:lint': {part: 'lint', accepts: ['filename', 'output', 'strict', 'disable', 'rules', 'ip-family', 'max-file-size', 'no-input', 'no-color']},
};

export interface FastInvocation {
  /** The command line as oclif gets it: metallb class create … */
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  stdout: FastRun['stdout'] & {getWindowSize?: () => number[]};
  stderr: FastRun['stderr'];
  /** Where help at other widths is kept; none: oclif renders it each time. */
  cacheDirectory?: string;
}

/** Runs the command line if the fast path can do all of it; false when oclif has to. */
export function runFast(invocation: FastInvocation, tables: FastTables, load: LoadPart): boolean {
  const outcome = help(invocation, tables, load) ?? command(invocation, tables, load);
  if (!outcome) return false;
  for (const line of outcome.stderr) invocation.stderr.write(`${asInvoked(line)}\n`);
  invocation.stdout.write(outcome.stdout);
  if (outcome.exitCode !== 0) process.exitCode = outcome.exitCode;
  return true;
}

/**
 * `… --help` for a command or topic, or a topic's words alone (oclif shows the same help for them): the build's
 * text for 80 columns that are not a terminal, or the text oclif rendered earlier at this width (a terminal's,
 * OCLIF_COLUMNS). The first time at a width, oclif renders it and keeps it (src/cli/help-cache.ts).
 */
function help({args, env, stdout, cacheDirectory}: FastInvocation, tables: FastTables, load: LoadPart): Outcome | undefined {
  const flagged = args.at(-1) === '--help';
  const words = flagged ? args.slice(0, -1) : args;
  if (words.some((word) => word.startsWith('-'))) return undefined;
  const key = words.join(':');
  if (!tables.topics.includes(key) && !(flagged && tables.commands.includes(key))) return undefined;
  const built = helpTexts(load)?.[key];
  if (built === undefined) return undefined;
  const width = helpWidth(env, stdout);
  let text: string | undefined = built;
  if (width !== 80) {
    if (!cacheDirectory) return undefined;
    const file = helpCacheFile(cacheDirectory, tables.stamp, width);
    text = readHelpCache(file)[key];
    if (text === undefined) {
      requestHelpCache({file, key});
      return undefined;
    }
  }
  const userAgent = `d8-metallb/${tables.version} ${process.platform}-${process.arch} node-${process.version}`;
  return {stdout: asInvoked(text).replaceAll(USER_AGENT_MARK, userAgent), stderr: [], exitCode: 0};
}

/** The build's help texts; none if their part cannot be loaded (oclif renders the help then). */
function helpTexts(load: LoadPart): Record<string, string> | undefined {
  try {
    return load('help') as Record<string, string>;
  } catch {
    return undefined;
  }
}

function command(invocation: FastInvocation, tables: FastTables, load: LoadPart): Outcome | undefined {
  for (const [id, {part, accepts}] of Object.entries(COMMANDS)) {
    const words = id.split(':');
    if (words.some((word, i) => invocation.args[i] !== word)) continue;
    const spec = tables.specs[id];
    const args = invocation.args.slice(words.length);
    const parsed = spec && parseArgv(args, spec);
    if (!parsed || [...parsed.given].some((flag) => !accepts.includes(flag))) return undefined;
    try {
      return (load(part) as FastCommand)(parsed, {...invocation, args, version: tables.version});
    } catch {
      // A value oclif's command rejects: it says so, in its words.
      return undefined;
    }
  }
  return undefined;
}
