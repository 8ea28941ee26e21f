// The bgp pool|peer|config commands' shared part: which resource each is, the checks against the cluster before
// creating one (overlaps, references: what MetalLB and the hook would otherwise reject or drop silently), and the
// list/get/delete commands, which differ only in their columns and in what makes a deletion unsafe.
import {Args, Flags} from '@oclif/core';
import {MetallbCommand} from './base-command.js';
import {clusterFlags, connectFromFlags, renderApplied, shown} from './cluster.js';
import {renderData, viewFlags} from './render-output.js';
import {BGP_CONFIGURATIONS, BGP_PEERS, BGP_POOLS, CLASSES, type ClusterClient, type CustomResource, type KubeObject} from '../lib/cluster/client.js';
import {ExitCode, UserError} from '../lib/errors.js';
import type {BgpManifest} from '../lib/bgp/manifests.js';
import {asObject} from '../lib/manifests/objects.js';
import {Pool, findOverlaps, parseIp, tryParsePoolEntry} from '../lib/net/index.js';
import {renderTable} from '../lib/render/table.js';
import {closest} from '../lib/text/closest.js';

export type BgpTopic = 'pool' | 'peer' | 'config';

export const BGP_RESOURCES: Record<BgpTopic, {kind: BgpManifest['kind']; resource: CustomResource; name: string}> = {
  pool: {kind: 'MetalLoadBalancerPool', resource: BGP_POOLS, name: 'metalloadbalancerpool.network.deckhouse.io'},
  peer: {kind: 'MetalLoadBalancerBGPPeer', resource: BGP_PEERS, name: 'metalloadbalancerbgppeer.network.deckhouse.io'},
  config: {kind: 'MetalLoadBalancerConfiguration', resource: BGP_CONFIGURATIONS, name: 'metalloadbalancerconfiguration.network.deckhouse.io'},
};

const q = JSON.stringify;
const spec = (o: KubeObject) => asObject(o.spec);
const strings = (v: unknown) => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);

/** The BGP resources are served only where the module has BGP (Enterprise): say so, not "404". */
async function listOf(client: ClusterClient, topic: BgpTopic): Promise<KubeObject[]> {
  try {
    return await client.list(BGP_RESOURCES[topic].resource);
  } catch (error) {
    if (error instanceof UserError && /not served|could not find the requested resource|404/i.test(error.message)) {
      throw new UserError(`the cluster does not serve ${BGP_RESOURCES[topic].kind} (${error.message.replace(/\.$/, '')}); BGP objects need the metallb module of the Enterprise edition.`, {exitCode: ExitCode.Cluster});
    }
    throw error;
  }
}

/** What MetalLB or the hook would refuse or skip about `manifest`, checked against the cluster; warnings returned. */
async function checkAgainstCluster(client: ClusterClient, topic: BgpTopic, manifest: BgpManifest): Promise<string[]> {
  const warnings: string[] = [];
  if (topic === 'pool') {
    const [pools, classes] = await Promise.all([listOf(client, 'pool'), client.list(CLASSES).catch(() => [])]);
    const entries = (owner: string, texts: readonly string[]) => texts.flatMap((text) => {
      const entry = tryParsePoolEntry(text).entry;
      return entry ? [{owner: {owner, text}, entry}] : [];
    });
    const mine = entries('', strings(manifest.spec.addresses));
    const others = [
      ...pools.filter((p) => p.metadata.name !== manifest.metadata.name).flatMap((p) => entries(`MetalLoadBalancerPool ${p.metadata.name}`, strings(spec(p).addresses))),
      ...classes.flatMap((c) => entries(`class ${c.metadata.name}`, strings(spec(c).addressPool))),
    ];
    if (classes.some((c) => c.metadata.name === manifest.metadata.name)) throw new UserError(`a MetalLoadBalancerClass is named ${manifest.metadata.name} too, and the two would render two MetalLB pools of one name, which MetalLB refuses ("duplicate definition of pool"); choose another name.`);
    for (const {a, b} of findOverlaps([...others, ...mine])) {
      const [theirs, ours] = a.owner.owner === '' ? [b, a] : [a, b];
      if (theirs.owner.owner === '' || ours.owner.owner !== '') continue;
      throw new UserError(`--addresses ${q(ours.owner.text)} overlaps ${q(theirs.owner.text)} of ${theirs.owner.owner}, and MetalLB would then reject the whole configuration (no Service gets a new address, L2 or BGP); choose addresses outside the other pools.`);
    }
  }
  if (topic === 'config') {
    const [pools, peers] = await Promise.all([listOf(client, 'pool'), listOf(client, 'peer')]);
    const adv = asObject((manifest.spec.advertisements as unknown[])[0]);
    for (const name of strings(adv.poolNames)) {
      if (pools.some((p) => p.metadata.name === name)) continue;
      const guess = closest(name, pools.map((p) => p.metadata.name));
      throw new UserError(`--pool ${q(name)}: no MetalLoadBalancerPool of that name exists, and MetalLB would advertise nothing for it without a word; ${guess ? `did you mean ${guess}?` : 'create it first (d8 metallb bgp pool create).'}`);
    }
    const named = strings(asObject(manifest.spec.bgp).peerNames);
    for (const name of named) {
      if (peers.some((p) => p.metadata.name === name)) continue;
      const guess = closest(name, peers.map((p) => p.metadata.name));
      throw new UserError(`--peer ${q(name)}: no MetalLoadBalancerBGPPeer of that name exists, and the module would skip it without a word; ${guess ? `did you mean ${guess}?` : 'create it first (d8 metallb bgp peer create).'}`);
    }
    const sessions = named.length > 0 ? peers.filter((p) => named.includes(p.metadata.name)) : peers;
    if (asObject(adv.bgp).localPref !== undefined && sessions.length > 0 && sessions.every((p) => spec(p).peerASN !== spec(p).myASN)) {
      warnings.push(`every peer of ${manifest.metadata.name} is eBGP, and MetalLB sends LOCAL_PREF only on iBGP sessions: --local-pref is never sent.`);
    }
    if (named.length === 0) warnings.push(`without --peer, ${manifest.metadata.name} advertises its pools to every peer session on its nodes, other configurations' sessions too.`);
  }
  return warnings;
}

/** Creates (or with overwrite replaces) a BGP object after the cluster checks. */
export async function applyBgpObject(client: ClusterClient, topic: BgpTopic, manifest: BgpManifest, options: {overwrite: boolean; dryRun: boolean}): Promise<{object: KubeObject; action: 'created' | 'replaced'; warnings: string[]}> {
  const {resource, kind} = BGP_RESOURCES[topic];
  const existing = (await listOf(client, topic)).find((o) => o.metadata.name === manifest.metadata.name);
  if (existing && !options.overwrite) throw new UserError(`${kind} ${q(manifest.metadata.name)} already exists in the cluster; choose another name, or add --overwrite to replace it.`, {exitCode: ExitCode.Cluster});
  const warnings = await checkAgainstCluster(client, topic, manifest);
  if (existing) {
    const body = {...manifest, metadata: {...manifest.metadata, resourceVersion: existing.metadata.resourceVersion as string}} as unknown as KubeObject;
    return {object: await client.replace(resource, body, options.dryRun), action: 'replaced', warnings};
  }
  return {object: await client.create(resource, manifest as unknown as KubeObject, options.dryRun), action: 'created', warnings};
}

export function renderAppliedBgp(topic: BgpTopic, object: KubeObject, output: string | undefined): string {
  return renderApplied(object, output, BGP_RESOURCES[topic].name) ?? '';
}

interface Row {
  readonly name: string;
  readonly cells: readonly string[];
  readonly data: Record<string, unknown>;
}

const COLUMNS: Record<BgpTopic, readonly string[]> = {
  pool: ['NAME', 'ADDRESSES', 'SIZE', 'AVOID BUGGY IPS', 'SERVICES'],
  peer: ['NAME', 'PEER ADDRESS', 'PEER ASN', 'MY ASN', 'SESSION', 'HOLD TIME', 'PASSWORD', 'CONFIGURATIONS'],
  config: ['NAME', 'NODE SELECTOR', 'PEERS', 'POOLS'],
};

function rowsOf(topic: BgpTopic, objects: readonly KubeObject[], related: {configurations: KubeObject[]; services: KubeObject[]}): Row[] {
  return objects.map((o) => {
    const s = spec(o);
    if (topic === 'pool') {
      const addresses = strings(s.addresses);
      const pool = Pool.parseAll(addresses).pool;
      const users = related.services.filter((svc) => {
        const ingress = asObject(asObject(svc.status).loadBalancer).ingress;
        return Array.isArray(ingress) && ingress.some((i) => {
          const ip = parseIp(String(asObject(i).ip ?? ''));
          return ip !== undefined && pool.contains(ip);
        });
      }).map((svc) => `${svc.metadata.namespace}/${svc.metadata.name}`);
      return {name: o.metadata.name, cells: [o.metadata.name, addresses.join(','), pool.size.toString(), s.avoidBuggyIPs === true ? 'yes' : 'no', String(users.length)], data: {name: o.metadata.name, addresses, size: pool.size.toString(), avoidBuggyIPs: s.avoidBuggyIPs === true, services: users}};
    }
    if (topic === 'peer') {
      const configurations = related.configurations.filter((c) => strings(asObject(spec(c).bgp).peerNames).includes(o.metadata.name)).map((c) => c.metadata.name);
      const session = s.peerASN === s.myASN ? 'iBGP' : 'eBGP';
      const ref = asObject(s.passwordSecretRef);
      const password = typeof ref.name === 'string' ? `${String(ref.namespace)}/${ref.name}` : '';
      return {name: o.metadata.name, cells: [o.metadata.name, String(s.peerAddress ?? ''), String(s.peerASN ?? ''), String(s.myASN ?? ''), session, String(s.holdTime ?? '90s (default)'), password || 'none', configurations.join(',') || '-'], data: {name: o.metadata.name, peerAddress: s.peerAddress, peerASN: s.peerASN, myASN: s.myASN, session, holdTime: s.holdTime ?? null, passwordSecret: password || null, configurations}};
    }
    const selector = Object.entries(asObject(s.nodeSelector)).map(([k, v]) => `${k}=${String(v)}`);
    const peers = strings(asObject(s.bgp).peerNames);
    const pools = [...new Set((Array.isArray(s.advertisements) ? s.advertisements : []).flatMap((a) => strings(asObject(a).poolNames)))];
    return {name: o.metadata.name, cells: [o.metadata.name, selector.join(',') || '(all nodes)', peers.join(',') || '(every session)', pools.join(',')], data: {name: o.metadata.name, mode: s.mode, nodeSelector: asObject(s.nodeSelector), peers, pools}};
  });
}

async function related(client: ClusterClient, topic: BgpTopic): Promise<{configurations: KubeObject[]; services: KubeObject[]}> {
  const [configurations, services] = await Promise.all([topic === 'peer' ? listOf(client, 'config') : Promise.resolve([]), topic === 'pool' ? client.listServices().catch(() => []) : Promise.resolve([])]);
  return {configurations, services};
}

export function listCommand(topic: BgpTopic): typeof MetallbCommand {
  const {kind} = BGP_RESOURCES[topic];
  return class extends MetallbCommand {
    static override summary = `List the ${kind} objects of the cluster.`;
    static override examples = [{description: 'All of them:', command: `<%= config.bin %> metallb bgp ${topic} list`}];
    static override flags = {...viewFlags, ...clusterFlags};
    async run(): Promise<unknown> {
      const {flags} = await this.parse(this.constructor as typeof MetallbCommand & {flags: typeof viewFlags & typeof clusterFlags});
      const client = await connectFromFlags(flags);
      const objects = await listOf(client, topic);
      const rows = rowsOf(topic, objects, await related(client, topic));
      this.writeResult(renderData(flags.output, rows.map((r) => r.data), () => renderTable(COLUMNS[topic], rows.map((r) => r.cells))));
      return rows.map((r) => r.data);
    }
  };
}

export function getCommand(topic: BgpTopic): typeof MetallbCommand {
  const {kind} = BGP_RESOURCES[topic];
  return class extends MetallbCommand {
    static override summary = `Show one ${kind} of the cluster.`;
    static override examples = [{description: 'As YAML:', command: `<%= config.bin %> metallb bgp ${topic} get NAME -o yaml`}];
    static override args = {name: Args.string({required: true, description: `${kind} name.`})};
    static override flags = {...viewFlags, 'show-managed-fields': Flags.boolean({description: 'Keep metadata.managedFields in -o yaml|json (hidden by default, as kubectl does).'}), ...clusterFlags};
    async run(): Promise<unknown> {
      const {args, flags} = await this.parse(this.constructor as never) as unknown as {args: {name: string}; flags: {output: string; 'show-managed-fields'?: boolean; kubeconfig?: string; context?: string; 'request-timeout'?: number}};
      const client = await connectFromFlags(flags);
      const objects = await listOf(client, topic);
      const object = objects.find((o) => o.metadata.name === args.name);
      if (!object) {
        const guess = closest(args.name, objects.map((o) => o.metadata.name));
        throw new UserError(`${kind} ${q(args.name)} does not exist in the cluster; ${guess ? `did you mean ${guess}?` : `see 'd8 metallb bgp ${topic} list'.`}`, {exitCode: ExitCode.Cluster});
      }
      const [row] = rowsOf(topic, [object], await related(client, topic));
      this.writeResult(renderData(flags.output, shown(object, flags['show-managed-fields']), () => renderTable(COLUMNS[topic], [row!.cells])));
      return object;
    }
  };
}

export function deleteCommand(topic: BgpTopic): typeof MetallbCommand {
  const {kind, resource} = BGP_RESOURCES[topic];
  const unsafe = topic === 'pool' ? 'Services have addresses from it or a configuration advertises it' : topic === 'peer' ? 'a configuration names it' : '';
  return class extends MetallbCommand {
    static override summary = `Delete a ${kind}${unsafe ? `; refused while ${unsafe}, unless --force` : ''}.`;
    static override examples = [{description: 'Delete one:', command: `<%= config.bin %> metallb bgp ${topic} delete NAME`}];
    static override args = {name: Args.string({required: true, description: `${kind} name.`})};
    static override flags = {
      force: Flags.boolean({description: 'Delete even while it is in use.'}),
      'dry-run': Flags.string({options: ['none', 'server'], default: 'none', description: 'server: send the deletion with dryRun.'}),
      ...clusterFlags,
    };
    async run(): Promise<void> {
      const {args, flags} = await this.parse(this.constructor as never) as unknown as {args: {name: string}; flags: {force: boolean; 'dry-run': string; kubeconfig?: string; context?: string; 'request-timeout'?: number}};
      const client = await connectFromFlags(flags);
      const objects = await listOf(client, topic);
      if (!objects.some((o) => o.metadata.name === args.name)) throw new UserError(`${kind} ${q(args.name)} does not exist in the cluster; see 'd8 metallb bgp ${topic} list'.`, {exitCode: ExitCode.Cluster});
      if (!flags.force && topic !== 'config') {
        const configurations = await listOf(client, 'config');
        const users = topic === 'peer'
          ? configurations.filter((c) => strings(asObject(spec(c).bgp).peerNames).includes(args.name)).map((c) => `configuration ${c.metadata.name}`)
          : [
            ...configurations.filter((c) => (Array.isArray(spec(c).advertisements) ? (spec(c).advertisements as unknown[]) : []).some((a) => strings(asObject(a).poolNames).includes(args.name))).map((c) => `configuration ${c.metadata.name}`),
            ...((rowsOf('pool', objects.filter((o) => o.metadata.name === args.name), await related(client, 'pool'))[0]?.data.services as string[] | undefined) ?? []),
          ];
        if (users.length > 0) throw new UserError(`${kind} ${args.name} is in use by ${users.slice(0, 5).join(', ')}${users.length > 5 ? ', …' : ''}; change those first, or add --force.`, {exitCode: ExitCode.Problems});
      }
      await client.remove(resource, args.name, flags['dry-run'] === 'server');
      this.notice('info', `${kind} '${args.name}' deleted${flags['dry-run'] === 'server' ? ' (server dry run: nothing was deleted)' : ''}.`);
    }
  };
}
