import {Flags} from '@oclif/core';
import {MetallbCommand, manifestFlags} from '../../cli/base-command.js';
import {applyModuleConfig} from '../../cli/apply-module-config.js';
import {clusterFlags} from '../../cli/cluster.js';
import {moduleConfigFromFlags, settingsFlags} from '../../cli/module-config-flags.js';
import {renderManifests} from '../../lib/render/manifests.js';

export default class Enable extends MetallbCommand {
  static override summary = 'Enable the metallb module (ModuleConfig metallb), optionally with BGP settings.';
  static override description = `L2 load balancing needs no settings: classes are MetalLoadBalancerClass objects. BGP settings (Enterprise) are
validated against the schema of the chosen --config-version, with MetalLB's own checks (addresses, overlaps, hold time).
On a cluster, only the fields you give change: existing settings, labels and annotations stay as they are.`;

  static override examples = [
    {description: 'Enable for L2 in the current cluster:', command: '<%= config.bin %> metallb enable'},
    {description: 'Print the documentation\'s L2 ModuleConfig instead:', command: '<%= config.bin %> metallb enable --dry-run=client -o yaml'},
    {
      description: 'The documentation\'s BGP example:',
      command: '<%= config.bin %> metallb enable --address-pool name=mypool,protocol=bgp,addresses=192.168.219.100-192.168.219.200 --bgp-peer peer-address=172.18.18.10,peer-asn=64601,my-asn=64600,hold-time=3s --speaker-node-selector node-role.deckhouse.io/metallb= --dry-run=client',
    },
    {description: 'Show what would change, then change it:', command: '<%= config.bin %> metallb enable --config-version 3 --diff --dry-run=server'},
  ];

  static override flags = {
    ...settingsFlags,
    ...manifestFlags,
    ...clusterFlags,
    diff: Flags.boolean({description: 'Show the change to the ModuleConfig as a diff (on stdout).'}),
  };

  async run(): Promise<unknown> {
    const {flags} = await this.parse(Enable);
    if (flags['dry-run'] === 'client') {
      const {manifest, warnings} = await moduleConfigFromFlags(true, flags, 2);
      this.notify(warnings);
      this.writeResult(renderManifests([manifest], flags.output as 'yaml' | 'json' | 'name' | undefined));
      return manifest;
    }
    const outcome = await applyModuleConfig(true, flags);
    this.notify(outcome.warnings);
    this.writeResult(outcome.stdout);
    for (const notice of outcome.notices) this.notice('info', notice);
    return outcome;
  }
}
