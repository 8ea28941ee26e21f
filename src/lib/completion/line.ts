// What the word under the cursor is: a command or topic, a flag name, a flag's value or an argument. Works on the
// words after the program's name (and after `metallb` under d8), as the shell split them, and knows nothing of the
// command framework: the commands arrive as plain descriptions.

export interface CompletionFlag {
  name: string;
  char?: string;
  /** false for boolean flags, which take no value. */
  takesValue: boolean;
  multiple?: boolean;
  options?: readonly string[];
  description?: string;
}

export interface CompletionArgument {
  name: string;
  options?: readonly string[];
}

export interface CompletionCommand {
  /** The words that run it, e.g. ["bgp", "pool", "create"]. */
  words: readonly string[];
  description?: string;
  flags: readonly CompletionFlag[];
  /** Positional arguments, in order. */
  args: readonly CompletionArgument[];
}

export interface Candidate {
  value: string;
  description?: string;
}

/** The word under the cursor, and what the line before it already says. */
export type Position =
  | {kind: 'commands'; candidates: Candidate[]}
  | {kind: 'flags'; command: CompletionCommand; candidates: Candidate[]}
  | {kind: 'flag-value'; command: CompletionCommand; flag: CompletionFlag; prefix: string; given: GivenFlags}
  | {kind: 'argument'; command: CompletionCommand; argument: CompletionArgument | undefined; given: GivenFlags}
  | {kind: 'nothing'};

/** Flags given earlier on the line, by long name: --kubeconfig, --context and -n change where names come from. */
export type GivenFlags = Record<string, string[]>;

const HELP_FLAG: CompletionFlag = {name: 'help', char: 'h', takesValue: false, description: 'Show help.'};

function flagOf(command: CompletionCommand, word: string): CompletionFlag | undefined {
  if (word.startsWith('--')) {
    const name = word.slice(2).split('=')[0];
    return command.flags.find((f) => f.name === name) ?? (name === 'help' ? HELP_FLAG : undefined);
  }
  if (word.length === 2 && word[0] === '-') return command.flags.find((f) => f.char === word[1]) ?? (word === '-h' ? HELP_FLAG : undefined);
  return undefined;
}

/** Topics and commands one word below `path` (["bgp"] → pool, peer, config), with a description each. */
function childrenOf(commands: readonly CompletionCommand[], path: readonly string[], topics: ReadonlyMap<string, string>): Candidate[] {
  const seen = new Map<string, Candidate>();
  for (const command of commands) {
    if (command.words.length <= path.length || path.some((word, i) => command.words[i] !== word)) continue;
    const word = command.words[path.length]!;
    if (seen.has(word)) continue;
    const isCommand = command.words.length === path.length + 1;
    const description = isCommand ? command.description : topics.get([...path, word].join(' '));
    seen.set(word, description === undefined ? {value: word} : {value: word, description: firstLine(description)});
  }
  return [...seen.values()].sort((a, b) => a.value.localeCompare(b.value));
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.trim();
}

/**
 * `before`: the complete words before the cursor; `current`: the (possibly empty) word being typed.
 * `topics`: descriptions of the topics ("bgp pool" → …).
 */
export function positionOf(commands: readonly CompletionCommand[], before: readonly string[], current: string, topics: ReadonlyMap<string, string> = new Map()): Position {
  // The command: the longest run of leading words that names one; flags may not come before it.
  let path: string[] = [];
  let index = 0;
  while (index < before.length && !before[index]!.startsWith('-')) {
    const next = [...path, before[index]!];
    if (!commands.some((c) => next.every((word, i) => c.words[i] === word))) break;
    path = next;
    index++;
  }
  const command = commands.find((c) => c.words.length === path.length && path.every((word, i) => c.words[i] === word));
  if (!command) {
    // Inside a topic (or at the top): what comes next is a command or topic; an unknown word ends completion.
    if (index < before.length || current.startsWith('-')) return {kind: 'nothing'};
    return {kind: 'commands', candidates: childrenOf(commands, path, topics).filter((c) => c.value.startsWith(current))};
  }

  const given: GivenFlags = {};
  let positional = 0;
  let pendingFlag: CompletionFlag | undefined;
  let onlyArguments = false;
  for (const word of before.slice(index)) {
    if (pendingFlag) {
      (given[pendingFlag.name] ??= []).push(word);
      pendingFlag = undefined;
    } else if (onlyArguments || !word.startsWith('-') || word === '-') {
      positional++;
    } else if (word === '--') {
      onlyArguments = true;
    } else {
      const flag = flagOf(command, word);
      if (!flag) continue;
      if (word.startsWith('--') && word.includes('=')) (given[flag.name] ??= []).push(word.slice(word.indexOf('=') + 1));
      else if (flag.takesValue) pendingFlag = flag;
      else (given[flag.name] ??= []).push('true');
    }
  }
  if (pendingFlag) return {kind: 'flag-value', command, flag: pendingFlag, prefix: '', given};
  if (!onlyArguments && current.startsWith('--') && current.includes('=')) {
    const flag = flagOf(command, current);
    if (!flag?.takesValue) return {kind: 'nothing'};
    return {kind: 'flag-value', command, flag, prefix: current.slice(0, current.indexOf('=') + 1), given};
  }
  if (!onlyArguments && current.startsWith('-')) {
    const candidates: Candidate[] = [];
    for (const flag of [...command.flags, HELP_FLAG]) {
      if (!flag.multiple && given[flag.name]) continue;
      const description = flag.description === undefined ? {} : {description: firstLine(flag.description)};
      if (`--${flag.name}`.startsWith(current)) candidates.push({value: `--${flag.name}`, ...description});
      else if (flag.char && current === `-${flag.char}`) candidates.push({value: current, ...description});
    }
    return {kind: 'flags', command, candidates};
  }
  return {kind: 'argument', command, argument: command.args[positional], given};
}
