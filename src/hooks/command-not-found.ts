// Unknown commands end like every other usage error: one [ERROR] line and exit code 2.
import type {Hook} from '@oclif/core';

const hook: Hook.CommandNotFound = async function (options) {
  const parts = options.id.split(':');
  const typed = [...parts, ...(options.argv ?? [])].join(' ');
  // oclif folds trailing arguments into the id: point at the longest prefix that is a real topic.
  const topics = new Set(options.config.topics.map((t) => t.name));
  let topic = 'metallb';
  for (let n = parts.length; n > 0; n--) {
    const candidate = parts.slice(0, n).join(':');
    if (topics.has(candidate)) {
      topic = candidate.split(':').join(' ');
      break;
    }
  }
  process.stderr.write(`[ERROR] unknown command "${options.config.bin} ${typed}"; run '${options.config.bin} ${topic} --help' for the commands.\n`);
  this.exit(2);
};

export default hook;
