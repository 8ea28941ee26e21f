import {Args, Flags} from '@oclif/core';
import {MetallbCommand, manifestFlags} from '../../../../cli/base-command.js';
import {applyBgpObject, renderAppliedBgp} from '../../../../cli/bgp-objects.js';
import {clusterFlags, connectFromFlags} from '../../../../cli/cluster.js';
import {type ConfigurationInput, buildConfiguration} from '../../../../lib/bgp/build.js';
import {askBgpConfiguration} from '../../../../lib/prompts/wizards.js';
import {renderManifests} from '../../../../lib/render/manifests.js';

export default class BgpConfigCreate extends MetallbCommand {
  static override summary = 'Create a MetalLoadBalancerConfiguration: which pools are advertised to which peers, from which nodes.';
  static override description = `Values are checked as the CRD and MetalLB's speaker check them (communities, aggregation length); on a cluster, the pools and
peers must exist (the module would skip unknown names without a word). Without --peer the pools go to every peer session
on the selected nodes. Missing values are asked for on a terminal.`;
  static override examples = [
    {description: 'Advertise pool public to two routers from the edge nodes:', command: '<%= config.bin %> metallb bgp config create edge --pool public --peer r1 --peer r2 --node-selector node-role.deckhouse.io/metallb= --community 65000:100 --dry-run=client'},
  ];
  static override args = {name: Args.string({description: 'Configuration name.'})};
  static override flags = {
    pool: Flags.string({char: 'p', multiple: true, multipleNonGreedy: true, description: 'A MetalLoadBalancerPool to advertise. Repeatable.'}),
    peer: Flags.string({multiple: true, multipleNonGreedy: true, description: 'A MetalLoadBalancerBGPPeer to advertise to. Repeatable. None: every peer session on the nodes.'}),
    'node-selector': Flags.string({multiple: true, multipleNonGreedy: true, description: 'Node label key=value ("key=" for an empty value) of the speaker nodes. Repeatable. None: every node.'}),
    community: Flags.string({multiple: true, multipleNonGreedy: true, description: 'A BGP community ASN:value sent with the routes. Repeatable.'}),
    'local-pref': Flags.string({description: 'LOCAL_PREF of the routes (sent on iBGP sessions only).'}),
    'aggregation-length': Flags.string({description: 'Prefix length of the routes (1-32; default 32: one route per address).'}),
    overwrite: Flags.boolean({description: 'Replace a configuration of the same name in the cluster.'}),
    ...manifestFlags,
    ...clusterFlags,
  };

  async run(): Promise<ConfigurationInput> {
    const {args, flags} = await this.parse(BgpConfigCreate);
    const given: Partial<ConfigurationInput> = {
      ...(args.name === undefined ? {} : {name: args.name}),
      ...(flags.pool ? {pools: flags.pool} : {}),
      ...(flags.peer ? {peers: flags.peer} : {}),
      ...(flags['node-selector'] ? {nodeSelector: flags['node-selector']} : {}),
      ...(flags.community ? {communities: flags.community} : {}),
      ...(flags['local-pref'] === undefined ? {} : {localPref: flags['local-pref']}),
      ...(flags['aggregation-length'] === undefined ? {} : {aggregationLength: flags['aggregation-length']}),
    };
    const missing = [...(given.name === undefined ? ['NAME'] : []), ...(given.pools ? [] : ['--pool'])];
    const input = await this.askForMissing(given, missing, 'd8 metallb bgp config create edge --pool public --peer r1 --dry-run=client', (p) => askBgpConfiguration(given, p));
    const {manifest, warnings} = buildConfiguration(input, {name: 'NAME', pools: '--pool', peers: '--peer', nodeSelector: '--node-selector', communities: '--community', localPref: '--local-pref', aggregationLength: '--aggregation-length'});
    this.notify(warnings);
    if (flags['dry-run'] === 'client') {
      this.writeResult(renderManifests([manifest], flags.output as 'yaml' | 'json' | 'name' | undefined));
      return input;
    }
    const client = await connectFromFlags(flags);
    const {object, action, warnings: more} = await applyBgpObject(client, 'config', manifest, {overwrite: flags.overwrite, dryRun: flags['dry-run'] === 'server'});
    for (const w of more) this.notice('warning', w);
    this.writeResult(renderAppliedBgp('config', object, flags.output));
    this.notice('info', `MetalLoadBalancerConfiguration '${manifest.metadata.name}' ${action}${flags['dry-run'] === 'server' ? ' (server dry run: nothing was saved)' : ''}.`);
    return input;
  }
}
