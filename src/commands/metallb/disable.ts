import {Flags} from '@oclif/core';
import {MetallbCommand, manifestFlags, requireClientDryRun} from '../../cli/base-command.js';
import {moduleConfigFromFlags} from '../../cli/module-config-flags.js';
import type {ModuleConfig} from '../../lib/manifests/types.js';
import {renderManifests, type ManifestFormat} from '../../lib/render/manifests.js';

export default class Disable extends MetallbCommand {
  static override summary = 'Disable the metallb module (ModuleConfig metallb with enabled: false).';
  static override description = 'Only spec.enabled changes: settings already in the cluster stay as they are.';
  static override examples = [{description: 'Print the change:', command: '<%= config.bin %> metallb disable --dry-run=client'}];

  static override flags = {
    'config-version': Flags.string({description: 'spec.version to write as well (1, 2 or 3). Default: none (left as it is).'}),
    ...manifestFlags,
  };

  async run(): Promise<ModuleConfig> {
    const {flags} = await this.parse(Disable);
    requireClientDryRun(flags['dry-run']);
    const {manifest} = await moduleConfigFromFlags(false, flags);
    this.writeResult(renderManifests([manifest], flags.output as ManifestFormat));
    return manifest;
  }
}
