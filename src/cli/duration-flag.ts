// Every duration flag parses the same way and names itself when the value is wrong (one parser, kubectl's syntax);
// the value is checked when the flags are read, so a wrong one fails even where it would not be used.
import {Flags} from '@oclif/core';
import {UserError} from '../lib/errors.js';
import {DURATION_EXAMPLES, parseDuration} from '../lib/text/duration.js';

export function durationFlag(options: {name: string; description: string; default?: string; helpGroup?: string; zero?: string}) {
  return Flags.custom<number>({
    description: options.description,
    ...(options.helpGroup ? {helpGroup: options.helpGroup} : {}),
    ...(options.default === undefined ? {} : {default: async () => parseDuration(options.default!)!, defaultHelp: async () => options.default!}),
    parse: async (input) => {
      const ms = parseDuration(input);
      if (ms === undefined) throw new UserError(`--${options.name} ${JSON.stringify(input)}: not a duration; write it like ${DURATION_EXAMPLES}${options.zero ? ` (0: ${options.zero})` : ''}.`);
      return ms;
    },
  })();
}
