import {Args} from '@oclif/core';
import {MetallbCommand} from '../../cli/base-command.js';
import {SHELLS, completionScript, type Shell} from '../../lib/completion/scripts.js';

export default class Completion extends MetallbCommand {
  static override summary = 'Print the shell completion script for bash, zsh or fish.';
  static override description = [
    'Completes commands, flags, flag values (-o, --dry-run, --type, ...), files for -f, and from the cluster the names of',
    'classes, nodes (--node, --drain), namespaces, Services and BGP objects (a cluster that takes more than a second',
    'to answer is skipped quietly). It serves d8-metallb, kubectl-metallb and the metallb part of d8. For kubectl',
    '(1.26 and later), also link the executable as kubectl_complete-metallb on PATH.',
  ].join('\n');
  static override examples = [
    {description: 'bash, in this shell:', command: 'source <(<%= config.bin %> metallb completion bash)'},
    {description: 'bash, for every new shell:', command: '<%= config.bin %> metallb completion bash > ~/.local/share/bash-completion/completions/d8-metallb'},
    {description: 'zsh (in ~/.zshrc, after compinit):', command: 'source <(<%= config.bin %> metallb completion zsh)'},
    {description: 'fish:', command: '<%= config.bin %> metallb completion fish > ~/.config/fish/completions/d8-metallb.fish'},
  ];
  static override args = {
    shell: Args.string({description: 'The shell.', required: true, options: [...SHELLS]}),
  };

  async run(): Promise<void> {
    const {args} = await this.parse(Completion);
    this.writeResult(completionScript(args.shell as Shell));
  }
}
