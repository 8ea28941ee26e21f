// Unknown commands end like every other usage error: one [ERROR] line and exit code 2.
import type {Hook} from '@oclif/core';

const hook: Hook.CommandNotFound = async function (options) {
  const typed = [options.id.split(':').join(' '), ...(options.argv ?? [])].join(' ');
  const topic = options.id.split(':').slice(0, -1).join(' ') || 'metallb';
  process.stderr.write(`[ERROR] unknown command "${options.config.bin} ${typed}"; run '${options.config.bin} ${topic} --help' for the commands.\n`);
  this.exit(2);
};

export default hook;
