// The fast path's tables (src/cli/fast): each command's flags and arguments as its oclif class declares them, and
// every help text as oclif renders it for an 80-column output that is not a terminal. Taken from the built CLI
// (dist/cli.cjs, bin/run.js), so that they cannot drift from what oclif does.
import {spawn} from 'node:child_process';
import {createHash} from 'node:crypto';
import {createRequire} from 'node:module';
import {join} from 'node:path';

const require = createRequire(import.meta.url);
/** Placeholder for the user agent in help texts; the same as src/cli/fast/run.ts USER_AGENT_MARK. */
const USER_AGENT_MARK = '\u0000user-agent\u0000';
// oclif features the fast path's parser does not read: a command that uses one is always left to oclif.
const UNREAD = ['aliases', 'charAliases', 'exclusive', 'dependsOn', 'exactlyOne', 'relationships', 'env', 'delimiter', 'allowStdin'];

function flagSpec(flag) {
  const unread = UNREAD.some((key) => flag[key] !== undefined && !(Array.isArray(flag[key]) && flag[key].length === 0)) || (flag.multiple && !flag.multipleNonGreedy) || flag.required;
  return {
    unread,
    spec: {
      type: flag.type,
      ...(flag.char ? {char: flag.char} : {}),
      ...(flag.multiple ? {multiple: true} : {}),
      ...(flag.options ? {options: flag.options} : {}),
      // Defaults computed by a function (durations) are not read: no fast command uses their value.
      ...(typeof flag.default === 'string' || typeof flag.default === 'boolean' ? {default: flag.default} : {}),
      ...(flag.allowNo ? {allowNo: true} : {}),
    },
  };
}

function commandSpecs(commands) {
  const specs = {};
  for (const [id, command] of Object.entries(commands)) {
    const flags = {...command.baseFlags, ...command.flags};
    const read = Object.entries(flags).map(([name, flag]) => [name, flagSpec(flag)]);
    const args = Object.entries(command.args ?? {});
    if (read.some(([, f]) => f.unread) || args.some(([, a]) => a.required || a.options)) continue;
    specs[id] = {args: args.map(([name]) => name), strict: command.strict !== false, flags: Object.fromEntries(read.map(([name, f]) => [name, f.spec]))};
  }
  return specs;
}

function renderHelp(words) {
  const env = {...process.env, D8_METALLB_FAST: 'off'};
  delete env.OCLIF_COLUMNS;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/run.js', ...words, '--help'], {env, stdio: ['ignore', 'pipe', 'pipe']});
    const out = [];
    const err = [];
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 && err.length === 0 ? resolve(Buffer.concat(out).toString('utf8')) : reject(new Error(`${words.join(' ')} --help: exit ${code}: ${Buffer.concat(err)}`))));
  });
}

/** Help for the root, every topic and every command, a few at a time. */
async function helpTexts(ids, topics, userAgent) {
  const keys = ['', ...new Set([...topics, ...ids.flatMap((id) => id.split(':').map((_, i, parts) => parts.slice(0, i + 1).join(':')))])];
  const help = {};
  const queue = [...keys];
  await Promise.all(Array.from({length: 4}, async () => {
    while (queue.length > 0) {
      const key = queue.shift();
      help[key] = (await renderHelp(key === '' ? [] : key.split(':'))).replaceAll(userAgent, USER_AGENT_MARK);
    }
  }));
  return Object.fromEntries(keys.map((key) => [key, help[key]]));
}

export async function fastTables(pkg) {
  const {commands} = require(join(process.cwd(), 'dist/cli.cjs'));
  const userAgent = `${pkg.name}/${pkg.version} ${process.platform}-${process.arch} node-${process.version}`;
  const help = await helpTexts(Object.keys(commands), Object.keys(pkg.oclif.topics ?? {}), userAgent);
  // Topics (and the root, ''): their words alone show their help, as --help does.
  const topics = Object.keys(help).filter((key) => !(key in commands));
  const tables = {version: pkg.version, specs: commandSpecs(commands), commands: Object.keys(commands), topics, help};
  return {...tables, stamp: createHash('sha256').update(JSON.stringify(tables)).digest('hex').slice(0, 16)};
}
