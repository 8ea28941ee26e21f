import {Flags} from '@oclif/core';
import {MetallbCommand, manifestFlags} from '../../cli/base-command.js';
import {applyModuleConfig} from '../../cli/apply-module-config.js';
import {clusterFlags} from '../../cli/cluster.js';
import {moduleConfigFromFlags} from '../../cli/module-config-flags.js';
import {renderManifests} from '../../lib/render/manifests.js';

export default class Disable extends MetallbCommand {
  static override summary = 'Disable the metallb module (ModuleConfig metallb with enabled: false).';
  static override description = 'Only spec.enabled changes: settings already in the cluster stay as they are.';
  static override examples = [
    {description: 'Disable in the current cluster:', command: '<%= config.bin %> metallb disable'},
    {description: 'Print the change:', command: '<%= config.bin %> metallb disable --dry-run=client'},
  ];

  static override flags = {
    'config-version': Flags.string({description: 'spec.version to write as well (1, 2 or 3). Default: none (left as it is).'}),
    ...manifestFlags,
    ...clusterFlags,
    diff: Flags.boolean({description: 'Show the change to the ModuleConfig as a diff (on stdout).'}),
  };

  async run(): Promise<unknown> {
    const {flags} = await this.parse(Disable);
    if (flags['dry-run'] === 'client') {
      const {manifest} = await moduleConfigFromFlags(false, flags);
      this.writeResult(renderManifests([manifest], flags.output as 'yaml' | 'json' | 'name' | undefined));
      return manifest;
    }
    const outcome = await applyModuleConfig(false, flags);
    this.writeResult(outcome.stdout);
    for (const notice of outcome.notices) this.notice('info', notice);
    return outcome;
  }
}
