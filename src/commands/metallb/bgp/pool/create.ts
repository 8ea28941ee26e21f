import {Args, Flags} from '@oclif/core';
import {MetallbCommand, manifestFlags} from '../../../../cli/base-command.js';
import {applyBgpObject, renderAppliedBgp} from '../../../../cli/bgp-objects.js';
import {clusterFlags, connectFromFlags} from '../../../../cli/cluster.js';
import {type PoolInput, buildPool} from '../../../../lib/bgp/build.js';
import {askBgpPool} from '../../../../lib/prompts/wizards.js';
import {renderManifests} from '../../../../lib/render/manifests.js';

export default class BgpPoolCreate extends MetallbCommand {
  static override summary = 'Create a MetalLoadBalancerPool: IPv4 addresses that BGP Services take and configurations advertise.';
  static override description = `Entries are checked as the CRD and MetalLB check them (IPv4 CIDRs and ranges, overlaps); on a cluster, also against
every other pool and class (an overlap makes MetalLB refuse the whole configuration). Missing values are asked for on a terminal.`;
  static override examples = [
    {description: 'Print a pool:', command: '<%= config.bin %> metallb bgp pool create public --addresses 192.0.2.0/27 --dry-run=client'},
    {description: 'Create one that skips .0 and .255:', command: '<%= config.bin %> metallb bgp pool create public --addresses 192.0.2.0/24 --avoid-buggy-ips'},
  ];
  static override args = {name: Args.string({description: 'Pool name (Services name it in network.deckhouse.io/load-balancer-pool).'})};
  static override flags = {
    addresses: Flags.string({char: 'a', multiple: true, multipleNonGreedy: true, description: 'An IPv4 CIDR (192.0.2.0/28) or range (192.0.2.10-192.0.2.20). Repeatable.'}),
    'auto-assign': Flags.boolean({allowNo: true, description: 'autoAssign (--no-auto-assign writes false, which the module\'s template renders as true: it changes nothing).'}),
    'avoid-buggy-ips': Flags.boolean({description: 'Never hand out addresses ending in .0 or .255 (avoidBuggyIPs).'}),
    overwrite: Flags.boolean({description: 'Replace a pool of the same name in the cluster.'}),
    ...manifestFlags,
    ...clusterFlags,
  };

  async run(): Promise<PoolInput> {
    const {args, flags} = await this.parse(BgpPoolCreate);
    const given: Partial<PoolInput> = {
      ...(args.name === undefined ? {} : {name: args.name}),
      ...(flags.addresses ? {addresses: flags.addresses} : {}),
      ...(flags['auto-assign'] === undefined ? {} : {autoAssign: flags['auto-assign']}),
      ...(flags['avoid-buggy-ips'] ? {avoidBuggyIPs: true} : {}),
    };
    const missing = [...(given.name === undefined ? ['NAME'] : []), ...(given.addresses ? [] : ['--addresses'])];
    const input = await this.askForMissing(given, missing, 'd8 metallb bgp pool create public --addresses 192.0.2.0/27 --dry-run=client', (p) => askBgpPool(given, p));
    const {manifest, warnings} = buildPool(input, {name: 'NAME', addresses: '--addresses', autoAssign: '--no-auto-assign'});
    this.notify(warnings);
    if (flags['dry-run'] === 'client') {
      this.writeResult(renderManifests([manifest], flags.output as 'yaml' | 'json' | 'name' | undefined));
      return input;
    }
    const client = await connectFromFlags(flags);
    const {object, action, warnings: more} = await applyBgpObject(client, 'pool', manifest, {overwrite: flags.overwrite, dryRun: flags['dry-run'] === 'server'});
    for (const w of more) this.notice('warning', w);
    this.writeResult(renderAppliedBgp('pool', object, flags.output));
    this.notice('info', `MetalLoadBalancerPool '${manifest.metadata.name}' ${action}${flags['dry-run'] === 'server' ? ' (server dry run: nothing was saved)' : ''}.`);
    return input;
  }
}
