// oclif's help with two differences: it names the executable the user ran (d8-metallb, kubectl metallb), and a
// description's own line breaks inside a paragraph are joined, so that oclif's wrapping is the only one (wrapping
// twice gave ragged lines).
import {type Command, Help} from '@oclif/core';
import {asInvoked} from './invocation.js';

const unwrap = (text: string | undefined) => text?.split(/\n\s*\n/).map((p) => p.replace(/\s*\n\s*/g, ' ')).join('\n\n');

export default class MetallbHelp extends Help {
  override async showCommandHelp(command: Command.Loadable): Promise<void> {
    const description = unwrap(command.description);
    return super.showCommandHelp({...command, ...(description === undefined ? {} : {description})} as Command.Loadable);
  }

  protected override log(...args: string[]): void {
    super.log(...args.map(asInvoked));
  }
}
