// The command-line forms the fast path reads without oclif: long flags (--name value, --name=value), one-letter
// flags with a separate value (-o yaml), booleans (--x, and --no-x where the flag allows it), and positional
// arguments. Anything else — an unknown flag, a value that is not one of the options, a repeated single flag,
// -ovalue, --, a missing value — is left to oclif (undefined), which reads it fully and says what is wrong; the
// fast path never reports a usage error of its own.

/** A flag as oclif's command class declares it (the build writes these from the classes: scripts/build.mjs). */
export interface FlagSpec {
  type: 'boolean' | 'option';
  char?: string;
  multiple?: boolean;
  options?: string[];
  default?: string | boolean;
  allowNo?: boolean;
}

export interface CommandSpec {
  args: string[];
  strict: boolean;
  flags: Record<string, FlagSpec>;
}

export interface ParsedArgv {
  flags: Record<string, string | boolean | string[]>;
  /** Positional arguments by name (the first `args.length` of them). */
  args: Record<string, string>;
  /** Every positional argument, in order. */
  argv: string[];
  /** The flags the command line gave (the others in `flags` are defaults). */
  given: Set<string>;
}

export function parseArgv(words: readonly string[], spec: CommandSpec): ParsedArgv | undefined {
  const flags: ParsedArgv['flags'] = {};
  const argv: string[] = [];
  const byChar = new Map(Object.entries(spec.flags).filter(([, f]) => f.char).map(([name, f]) => [f.char!, name]));
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word === '-' || !word.startsWith('-')) {
      argv.push(word);
      continue;
    }
    if (word === '--') return undefined;
    let name: string | undefined;
    let inline: string | undefined;
    if (word.startsWith('--')) {
      const equals = word.indexOf('=');
      name = equals < 0 ? word.slice(2) : word.slice(2, equals);
      inline = equals < 0 ? undefined : word.slice(equals + 1);
    } else if (word.length === 2) {
      name = byChar.get(word[1]!);
    }
    if (name === undefined) return undefined;
    let flag = spec.flags[name];
    if (!flag && name.startsWith('no-')) {
      const negated = spec.flags[name.slice(3)];
      if (negated?.type !== 'boolean' || !negated.allowNo || inline !== undefined) return undefined;
      if (name.slice(3) in flags) return undefined;
      flags[name.slice(3)] = false;
      continue;
    }
    if (!flag) return undefined;
    if (flag.type === 'boolean') {
      if (inline !== undefined || name in flags) return undefined;
      flags[name] = true;
      continue;
    }
    const value = inline ?? words[++i];
    if (value === undefined || value === '' || value.startsWith('-')) return undefined;
    if (flag.options && !flag.options.includes(value)) return undefined;
    if (flag.multiple) {
      flags[name] = [...((flags[name] as string[] | undefined) ?? []), value];
    } else {
      if (name in flags) return undefined;
      flags[name] = value;
    }
  }
  if (spec.strict && argv.length > spec.args.length) return undefined;
  const given = new Set(Object.keys(flags));
  for (const [name, flag] of Object.entries(spec.flags)) {
    if (!(name in flags) && flag.default !== undefined) flags[name] = flag.default;
  }
  const args = Object.fromEntries(spec.args.flatMap((name, i) => (argv[i] === undefined ? [] : [[name, argv[i]!]])));
  return {flags, args, argv, given};
}
