// Unknown commands end like every other usage error: one [ERROR] line, a suggestion when a command is near, exit 2.
import type {Hook} from '@oclif/core';
import {asInvoked} from '../cli/invocation.js';
import {closest} from '../lib/text/closest.js';

const hook: Hook.CommandNotFound = async function (options) {
  const parts = options.id.split(':');
  const typed = [...parts, ...(options.argv ?? [])].join(' ');
  // oclif folds trailing arguments into the id: point at the longest prefix that is a real topic.
  const topics = new Set(options.config.topics.map((t) => t.name));
  let depth = 1;
  for (let n = parts.length; n > 0; n--) {
    if (topics.has(parts.slice(0, n).join(':'))) {
      depth = n;
      break;
    }
  }
  const topic = parts.slice(0, depth).join(':');
  const word = parts[depth];
  // The commands and topics one level below that topic.
  const below = [...new Set([...options.config.commands.map((c) => c.id), ...topics]
    .filter((id) => id.startsWith(`${topic}:`)).map((id) => id.slice(topic.length + 1).split(':')[0]!))];
  const guess = word === undefined ? undefined : closest(word, below);
  const shown = (id: string) => `${options.config.bin} ${id.split(':').join(' ')}`;
  const hint = guess ? `did you mean '${shown(`${topic}:${guess}`)}'?` : `run '${shown(topic)} --help' for the commands.`;
  process.stderr.write(`${asInvoked(`[ERROR] unknown command "${options.config.bin} ${typed}"; ${hint}`)}\n`);
  this.exit(2);
};

export default hook;
