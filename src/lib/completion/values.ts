// Which values a flag or argument takes, and the answer the shell scripts read: candidates, then a directive that
// says what the shell does when there are none. The answer is in cobra's `__complete` format (value, a tab and a
// description per line; `:N` last), which kubectl ≥ 1.26 also reads from a `kubectl_complete-metallb` program.
import type {Candidate, CompletionArgument, CompletionCommand, CompletionFlag, GivenFlags, Position} from './line.js';

/** cobra's ShellCompDirective bits (spf13/cobra completions.go). */
export const Directive = {
  Default: 0,
  Error: 1,
  NoSpace: 2,
  NoFileComp: 4,
  FilterDirs: 16,
} as const;

/** Names that live in the cluster. */
export type ClusterNames = 'classes' | 'nodes' | 'namespaces' | 'services' | 'bgp-pools' | 'bgp-peers' | 'bgp-configurations';

export type ValueSource =
  | {kind: 'options'; values: readonly string[]}
  | {kind: 'files'}
  | {kind: 'cluster'; names: ClusterNames}
  | {kind: 'contexts'}
  | {kind: 'interfaces'}
  | {kind: 'none'};

/** What answers a completion needs from outside: each gives up (an empty list) rather than wait or fail. */
export interface Lookups {
  cluster(names: ClusterNames, given: GivenFlags): Promise<string[]>;
  contexts(given: GivenFlags): string[];
  interfaces(): string[];
}

const FILE_FLAGS = new Set(['filename', 'settings-file', 'password-file', 'output-file', 'kubeconfig']);
/** Values no command lists as options but only one is accepted: class create --type (the module has L2 only). */
const FIXED: Record<string, readonly string[]> = {type: ['L2']};
const BGP_OBJECTS: Record<string, ClusterNames> = {pool: 'bgp-pools', peer: 'bgp-peers', config: 'bgp-configurations'};

export function flagSource(command: CompletionCommand, flag: CompletionFlag): ValueSource {
  if (flag.options && flag.options.length > 0) return {kind: 'options', values: flag.options};
  const fixed = FIXED[flag.name];
  if (fixed) return {kind: 'options', values: fixed};
  if (FILE_FLAGS.has(flag.name)) return {kind: 'files'};
  if (flag.name === 'context') return {kind: 'contexts'};
  if (flag.name === 'interface') return {kind: 'interfaces'};
  if (flag.name === 'class') return {kind: 'cluster', names: 'classes'};
  if (flag.name === 'node' || flag.name === 'drain') return {kind: 'cluster', names: 'nodes'};
  if (flag.name === 'namespace') return {kind: 'cluster', names: 'namespaces'};
  if (flag.name === 'service') return {kind: 'cluster', names: 'services'};
  // bgp config create takes pool and peer names; class create's --pool is addresses.
  const bgpConfig = command.words[0] === 'bgp' && command.words[1] === 'config';
  if (bgpConfig && flag.name === 'pool') return {kind: 'cluster', names: 'bgp-pools'};
  if (bgpConfig && flag.name === 'peer') return {kind: 'cluster', names: 'bgp-peers'};
  return {kind: 'none'};
}

export function argumentSource(command: CompletionCommand, given: CompletionArgument | undefined): ValueSource {
  if (given?.options && given.options.length > 0) return {kind: 'options', values: given.options};
  const argument = given?.name;
  const verb = command.words.at(-1);
  if (argument === 'paths') return {kind: 'files'};
  // Existing objects for get and delete; create names a new one.
  if (argument === 'name' && (verb === 'get' || verb === 'delete')) {
    if (command.words[0] === 'class') return {kind: 'cluster', names: 'classes'};
    const bgp = command.words[0] === 'bgp' && command.words[1] ? BGP_OBJECTS[command.words[1]] : undefined;
    if (bgp) return {kind: 'cluster', names: bgp};
  }
  if (argument === 'class') return {kind: 'cluster', names: 'classes'};
  if (argument === 'target') return {kind: 'cluster', names: 'services'};
  return {kind: 'none'};
}

export interface Answer {
  candidates: Candidate[];
  directive: number;
}

async function valuesOf(source: ValueSource, given: GivenFlags, lookups: Lookups): Promise<Answer> {
  switch (source.kind) {
    case 'options':
      return {candidates: source.values.map((value) => ({value})), directive: Directive.NoFileComp};
    case 'files':
      return {candidates: [], directive: Directive.Default};
    case 'contexts':
      return {candidates: lookups.contexts(given).map((value) => ({value})), directive: Directive.NoFileComp};
    case 'interfaces':
      return {candidates: lookups.interfaces().map((value) => ({value})), directive: Directive.NoFileComp};
    case 'cluster':
      return {candidates: (await lookups.cluster(source.names, given)).map((value) => ({value})), directive: Directive.NoFileComp};
    case 'none':
      return {candidates: [], directive: Directive.NoFileComp};
  }
}

export async function answer(position: Position, current: string, lookups: Lookups): Promise<Answer> {
  switch (position.kind) {
    case 'nothing':
      return {candidates: [], directive: Directive.NoFileComp};
    case 'commands':
    case 'flags':
      return {candidates: position.candidates, directive: Directive.NoFileComp};
    case 'flag-value': {
      const values = await valuesOf(flagSource(position.command, position.flag), position.given, lookups);
      // With --flag=…, the shell replaces the whole word: each candidate carries the prefix.
      const typed = current.slice(position.prefix.length);
      const candidates = values.candidates.filter((c) => c.value.startsWith(typed)).map((c) => ({...c, value: position.prefix + c.value}));
      return {candidates, directive: values.directive};
    }
    case 'argument': {
      const values = await valuesOf(argumentSource(position.command, position.argument), position.given, lookups);
      return {candidates: values.candidates.filter((c) => c.value.startsWith(current)), directive: values.directive};
    }
  }
}

/** cobra's format: one candidate per line (a tab before its description), then `:directive`. */
export function formatAnswer(result: Answer): string {
  const lines = result.candidates.map((c) => (c.description ? `${c.value}\t${c.description.replace(/[\t\n]/g, ' ')}` : c.value));
  return `${[...lines, `:${result.directive}`].join('\n')}\n`;
}
