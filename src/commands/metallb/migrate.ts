import {Flags} from '@oclif/core';
import {MetallbCommand, manifestFlags} from '../../cli/base-command.js';
import {clusterFlags, connectFromFlags} from '../../cli/cluster.js';
import {readDocuments} from '../../cli/manifest-inputs.js';
import {BGP_CONFIGURATIONS, BGP_PEERS, BGP_POOLS, MODULE_CONFIGS, type ClusterClient, type KubeObject} from '../../lib/cluster/client.js';
import {ExitCode, UserError} from '../../lib/errors.js';
import {configurationManifest, peerManifest, poolManifest} from '../../lib/bgp/manifests.js';
import {migrateBgp} from '../../lib/bgp/migration.js';
import {asObject} from '../../lib/manifests/objects.js';
import {renderManifests, resourceName} from '../../lib/render/manifests.js';

export default class Migrate extends MetallbCommand {
  static override summary = 'Show (or create) the version 3 BGP objects the module\'s migration makes of version 2 settings, and what it drops.';
  static override description = `The module migrates version 2 BGP settings itself (hooks/migration_bgp.go): a MetalLoadBalancerPool per bgp address
pool, MetalLoadBalancerBGPPeer objects peer-0, peer-1, …, and the MetalLoadBalancerConfiguration migrated-bgp, leaving
objects that already exist alone. This prints exactly those objects for review, or creates them, and lists every setting
the migration drops without a word (auto-assign, avoid-buggy-ips, a peer's node-selector, source-address and password,
invalid communities) with what to do about it.`;

  static override examples = [
    {description: 'Review the migration of a ModuleConfig file:', command: '<%= config.bin %> metallb migrate --to 3 -f moduleconfig.yaml --dry-run=client'},
    {description: 'Of the cluster\'s ModuleConfig, then create the objects:', command: '<%= config.bin %> metallb migrate --to 3 --dry-run=server && <%= config.bin %> metallb migrate --to 3'},
  ];

  static override flags = {
    to: Flags.string({options: ['3'], required: true, description: 'The settings version to migrate to (the module migrates BGP settings to version 3 objects).'}),
    filename: Flags.string({char: 'f', multiple: true, multipleNonGreedy: true, description: 'The ModuleConfig (and any version 3 objects that exist already); default: read from the cluster.'}),
    ...manifestFlags,
    ...clusterFlags,
  };

  async run(): Promise<unknown> {
    const {flags} = await this.parse(Migrate);
    const client = flags['dry-run'] === 'client' ? undefined : await connectFromFlags(flags);
    const names = {pools: new Set<string>(), peers: new Set<string>(), configurations: new Set<string>()};
    let moduleConfig: {value: Record<string, unknown>} | undefined;
    if (flags.filename) {
      for (const doc of readDocuments(flags.filename, 'd8 metallb migrate --to 3 -f moduleconfig.yaml --dry-run=client')) {
        if (doc.kind === 'ModuleConfig' && doc.name === 'metallb') moduleConfig = doc;
        if (doc.kind === 'MetalLoadBalancerPool') names.pools.add(doc.name ?? '');
        if (doc.kind === 'MetalLoadBalancerBGPPeer') names.peers.add(doc.name ?? '');
        if (doc.kind === 'MetalLoadBalancerConfiguration') names.configurations.add(doc.name ?? '');
      }
      if (!moduleConfig) throw new UserError('the input has no ModuleConfig named metallb; give the file that holds it with -f.');
    } else {
      if (!client) throw new UserError('--dry-run=client reads no cluster: give the ModuleConfig with -f, or use --dry-run=server.');
      const found = await client.get(MODULE_CONFIGS, 'metallb');
      if (!found) throw new UserError('the cluster has no ModuleConfig metallb, so there is nothing to migrate; enable the module with d8 metallb enable.', {exitCode: ExitCode.Cluster});
      moduleConfig = {value: found as unknown as Record<string, unknown>};
    }
    if (client) await addExisting(client, names);
    const spec = asObject(moduleConfig.value.spec);
    const version = typeof spec.version === 'number' ? spec.version : 2;
    if (version >= 3) {
      this.notice('info', `the ModuleConfig is at version ${version}: the module migrates nothing (BGP settings of version 3 are removed by its conversion; BGP is configured with MetalLoadBalancerPool, MetalLoadBalancerBGPPeer and MetalLoadBalancerConfiguration objects).`);
      return {objects: [], dropped: []};
    }
    const migration = migrateBgp(version, spec.settings, names);
    const manifests = [...migration.pools.map(poolManifest), ...migration.peers.map(peerManifest), ...(migration.configuration ? [configurationManifest(migration.configuration)] : [])];
    for (const kept of migration.kept) this.notice('info', `${kept} exists already: the migration leaves it as it is.`);
    if (manifests.length === 0 && migration.kept.length === 0) this.notice('info', 'the settings have no bgp address pool and no BGP peer: there is nothing to migrate.');
    if (flags['dry-run'] === 'client' || !client) {
      if (manifests.length > 0) this.writeResult(renderManifests(manifests, flags.output as 'yaml' | 'json' | 'name' | undefined));
    } else {
      const dryRun = flags['dry-run'] === 'server';
      for (const manifest of manifests) {
        const resource = manifest.kind === 'MetalLoadBalancerPool' ? BGP_POOLS : manifest.kind === 'MetalLoadBalancerBGPPeer' ? BGP_PEERS : BGP_CONFIGURATIONS;
        const created = await client.create(resource, manifest as unknown as KubeObject, dryRun);
        this.writeResult(flags.output === 'json' || flags.output === 'yaml' ? renderManifests([created], flags.output) : `${resourceName(manifest)} created${dryRun ? ' (server dry run)' : ''}\n`);
      }
    }
    for (const d of migration.dropped) this.notice('warning', `settings.${d.path.join('.')}: ${d.what}; ${d.fix}.`);
    return {objects: manifests, dropped: migration.dropped};
  }
}

async function addExisting(client: ClusterClient, names: {pools: Set<string>; peers: Set<string>; configurations: Set<string>}): Promise<void> {
  const list = (resource: typeof BGP_POOLS) => client.list(resource).catch((error: unknown) => {
    throw new UserError(`the cluster does not serve ${resource.plural} (${error instanceof Error ? error.message.replace(/\.$/, '') : String(error)}); BGP objects need the module in the Enterprise edition.`, {exitCode: ExitCode.Cluster});
  });
  const [pools, peers, configurations] = await Promise.all([list(BGP_POOLS), list(BGP_PEERS), list(BGP_CONFIGURATIONS)]);
  for (const o of pools) names.pools.add(o.metadata.name);
  for (const o of peers) names.peers.add(o.metadata.name);
  for (const o of configurations) names.configurations.add(o.metadata.name);
}
