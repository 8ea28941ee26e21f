import {MetallbCommand, manifestFlags, requireClientDryRun} from '../../cli/base-command.js';
import {moduleConfigFromFlags, settingsFlags} from '../../cli/module-config-flags.js';
import type {ModuleConfig} from '../../lib/manifests/types.js';
import {renderManifests, type ManifestFormat} from '../../lib/render/manifests.js';

export default class Enable extends MetallbCommand {
  static override summary = 'Enable the metallb module (ModuleConfig metallb), optionally with BGP settings.';
  static override description = `L2 load balancing needs no settings: classes are MetalLoadBalancerClass objects. BGP settings (Enterprise) are
validated against the schema of the chosen --config-version, with MetalLB's own checks (addresses, overlaps, hold time).`;

  static override examples = [
    {description: 'Enable for L2, as in the documentation:', command: '<%= config.bin %> metallb enable --dry-run=client -o yaml'},
    {
      description: 'The documentation\'s BGP example:',
      command: '<%= config.bin %> metallb enable --address-pool name=mypool,protocol=bgp,addresses=192.168.219.100-192.168.219.200 --bgp-peer peer-address=172.18.18.10,peer-asn=64601,my-asn=64600,hold-time=3s --speaker-node-selector node-role.deckhouse.io/metallb= --dry-run=client',
    },
    {description: 'Settings from a file:', command: '<%= config.bin %> metallb enable --settings-file metallb-settings.yaml --dry-run=client'},
  ];

  static override flags = {...settingsFlags, ...manifestFlags};

  async run(): Promise<ModuleConfig> {
    const {flags} = await this.parse(Enable);
    requireClientDryRun(flags['dry-run']);
    const {manifest, warnings} = await moduleConfigFromFlags(true, flags, 2);
    this.notify(warnings);
    this.writeResult(renderManifests([manifest], flags.output as ManifestFormat));
    return manifest;
  }
}
