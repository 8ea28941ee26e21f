// `__complete`: what the completion scripts call at every Tab (cobra's protocol, so kubectl ≥ 1.26 reads it too from a
// kubectl_complete-metallb program). Answered before oclif parses anything, so no word on the line (--help, a
// half-typed flag) can turn it into another command; the commands' flags come from oclif's own command list.
import {Config, type Command} from '@oclif/core';
import {networkInterfaces} from 'node:os';
import type {CompletionCommand} from '../lib/completion/line.js';
import {positionOf} from '../lib/completion/line.js';
import {answer, formatAnswer, type Lookups} from '../lib/completion/values.js';
import {CLUSTER_DEADLINE_MS, clusterNames, contextNames} from '../lib/completion/cluster-names.js';
import {connectFromFlags} from './cluster.js';

export const COMPLETE_COMMAND = '__complete';

function completionCommands(config: Config): {commands: CompletionCommand[]; topics: Map<string, string>} {
  const commands = config.commands
    .filter((c) => !c.hidden && c.id.startsWith('metallb:'))
    .map((c) => ({
      words: c.id.split(':').slice(1),
      ...(c.summary ?? c.description ? {description: (c.summary ?? c.description)!} : {}),
      flags: Object.values(c.flags as Record<string, Command.Flag.Cached>)
        .filter((f) => !f.hidden)
        .map((f) => ({
          name: f.name,
          ...(f.char ? {char: f.char} : {}),
          takesValue: f.type === 'option',
          multiple: f.type === 'option' && f.multiple === true,
          ...(f.type === 'option' && f.options ? {options: f.options} : {}),
          ...(f.summary ?? f.description ? {description: (f.summary ?? f.description)!} : {}),
        })),
      args: Object.values(c.args ?? {}).map((a) => ({name: a.name, ...(a.options ? {options: a.options} : {})})),
    }));
  const topics = new Map(config.topics.filter((t) => t.name.startsWith('metallb:')).map((t) => [t.name.split(':').slice(1).join(' '), t.description ?? '']));
  return {commands, topics};
}

const lookups: Lookups = {
  cluster: (names, given) => clusterNames(() => connectFromFlags({
    'request-timeout': CLUSTER_DEADLINE_MS,
    ...(given.kubeconfig ? {kubeconfig: given.kubeconfig.at(-1)!} : {}),
    ...(given.context ? {context: given.context.at(-1)!} : {}),
  }), names),
  contexts: (given) => contextNames(given),
  interfaces: () => Object.keys(networkInterfaces()).sort(),
};

/** `words`: what follows `__complete`, the word being typed last (empty after a space). */
export async function complete(words: string[], where: Parameters<typeof Config.load>[0]): Promise<void> {
  const config = await Config.load(where);
  const {commands, topics} = completionCommands(config);
  const current = words.at(-1) ?? '';
  const position = positionOf(commands, words.slice(0, -1), current, topics);
  const text = formatAnswer(await answer(position, current, lookups));
  // A cluster that did not answer in time may still hold a socket open: the answer is all there is to do.
  process.stdout.write(text, () => process.exit(0));
}
