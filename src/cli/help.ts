// oclif's help with three differences: it names the executable the user ran (d8-metallb, kubectl metallb); a
// description's own line breaks inside a paragraph are joined, so that oclif's wrapping is the only one (wrapping
// twice gave ragged lines); and when the fast path asks for it, the text is kept for the next time at this width
// (src/cli/help-cache.ts).
import {format} from 'node:util';
import {type Command, Help} from '@oclif/core';
import {helpCacheRequest, storeHelp} from './help-cache.js';
import {asInvoked} from './invocation.js';

const unwrap = (text: string | undefined) => text?.split(/\n\s*\n/).map((p) => p.replace(/\s*\n\s*/g, ' ')).join('\n\n');

export default class MetallbHelp extends Help {
  /** What this help printed, as "d8 metallb" (what log writes: oclif's ux.stdout, console.log of format). */
  private printed?: string[];

  override async showHelp(argv: string[]): Promise<void> {
    const request = helpCacheRequest();
    if (!request) return super.showHelp(argv);
    this.printed = [];
    await super.showHelp(argv);
    storeHelp(request, this.printed.join(''));
  }

  override async showCommandHelp(command: Command.Loadable): Promise<void> {
    const description = unwrap(command.description);
    return super.showCommandHelp({...command, ...(description === undefined ? {} : {description})} as Command.Loadable);
  }

  protected override log(...args: string[]): void {
    this.printed?.push(`${format(...args)}\n`);
    super.log(...args.map(asInvoked));
  }
}
