import {Args} from '@oclif/core';
import {MetallbCommand} from '../../../cli/base-command.js';
import {inputFlags} from '../../../cli/manifest-inputs.js';
import {bgpPlanOf, readEngineInput} from '../../../cli/engine-input.js';
import {bgpAddressInspection, bgpServiceInspection} from '../../../lib/bgp/report.js';
import {clusterFlags} from '../../../cli/cluster.js';
import {renderData, viewFlags} from '../../../cli/render-output.js';
import {plan} from '../../../lib/allocator/engine.js';
import {addressStatus, clusterState, nodeRanking, serviceName} from '../../../lib/allocator/report.js';
import type {ServicePlan} from '../../../lib/allocator/types.js';
import {someOf} from '../../../lib/text/plural.js';
import {ExitCode, UserError} from '../../../lib/errors.js';
import {formatIp, formatRange, parseIp, rangeContains} from '../../../lib/net/index.js';

const SOURCE: Record<string, string> = {
  spec: 'spec.loadBalancerClass names it',
  annotation: 'the network.deckhouse.io/metal-load-balancer-class annotation names it',
  default: 'it is the default class (no existing class is named)',
  binding: 'the Service is bound to it (condition LoadBalancerClassBound)',
};

export default class IpInspect extends MetallbCommand {
  static override summary = 'Explain one address (which pool, who holds it) or one Service (class, addresses, node ranking, why pending).';
  static override examples = [
    {description: 'An address:', command: '<%= config.bin %> metallb ip inspect 192.168.2.101 -f manifests/'},
    {description: 'A Service:', command: '<%= config.bin %> metallb ip inspect default/nginx-deployment -f manifests/'},
  ];
  static override args = {target: Args.string({required: true, description: 'An IP address, or a Service as NAMESPACE/NAME (NAME alone when the manifest has no namespace).'})};
  static override flags = {...inputFlags, ...viewFlags, ...clusterFlags};

  async run(): Promise<unknown> {
    const {args, flags} = await this.parse(IpInspect);
    const {objects: input, live, documents} = await readEngineInput(flags, `d8 metallb ip inspect ${args.target} -f manifests/`);
    const result = plan(input);
    const bgp = bgpPlanOf(documents, result, input, live);
    const address = parseIp(args.target);
    if (address) {
      const ip = formatIp(address);
      const owners = input.classes.flatMap((c) => c.pool.entries.filter((e) => rangeContains(e.range, address)).map((e) => ({class: c.name, entry: e.text})));
      const holders = result.services.filter((s) => !bgp?.l2Unhandled.has(`${s.namespace}/${s.name}`)).flatMap((s) => s.addresses.filter((a) => a.ip === ip).map((a) => ({service: serviceName(s), index: a.index, preferredNode: a.preferredNode, announcer: a.announcer})));
      const bgpSide = bgp ? bgpAddressInspection(bgp.plan, bgp.world, address) : {pools: [], holders: []};
      const inPool = owners.length > 0 || bgpSide.pools.length > 0;
      const data = {address: ip, pools: owners, holders, ...(bgp ? {bgpPools: bgpSide.pools, bgpHolders: bgpSide.holders} : {}), state: !inPool ? 'outside every pool' : holders.length + bgpSide.holders.length > 0 ? 'held' : 'free'};
      this.writeResult(renderData(flags.output, data, () => [
        `Address: ${ip}`,
        !inPool ? 'Pool:    outside every pool (no class or BGP pool can give it)' : [...owners.map((o) => `Pool:    class ${o.class}, entry ${o.entry}`), ...bgpSide.pools.map((o) => `Pool:    BGP pool ${o.pool}, entry ${o.entry}`)].join('\n'),
        holders.length + bgpSide.holders.length === 0 ? (inPool ? 'Held by: nobody (free)' : '') : [
          ...holders.map((h) => `Held by: ${h.service} #${h.index}, preferred node ${h.preferredNode}, announced by ${h.announcer ?? 'no node (none available)'}`),
          ...bgpSide.holders.map((h) => `Held by: ${h.service} (BGP), advertised by ${h.advertisedBy.length > 0 ? h.advertisedBy.map((r) => `${r.node} → ${r.peer} (${r.prefix})`).join(', ') : 'nobody'}`),
        ].join('\n'),
      ].filter(Boolean).join('\n') + '\n'));
      return data;
    }
    const bgpService = bgp && bgpServiceInspection(bgp.plan, bgp.world, args.target.includes('/') ? args.target : `/${args.target}`);
    if (bgpService) {
      this.writeResult(renderData(flags.output, bgpService.data, () => `${bgpService.lines.join('\n')}\n`));
      if (bgpService.data.status !== 'assigned') this.exit(ExitCode.Problems);
      return bgpService.data;
    }
    const service = result.services.find((s) => serviceName(s) === args.target || (s.namespace === '' && s.name === args.target));
    if (!service) throw new UserError(`${JSON.stringify(args.target)} is neither an IP address nor a LoadBalancer Service in the manifests; give an address or NAMESPACE/NAME.`);
    const klass = input.classes.find((c) => c.name === service.class);
    const ranking = klass ? nodeRanking(klass.name, result.classes.find((c) => c.name === klass.name)!.nodes) : [];
    const data = {
      service: serviceName(service), class: service.class, classSource: service.classSource, status: service.status, count: service.count,
      reason: service.reason?.message ?? null,
      ...(service.reason?.metallb ? {metallbReason: service.reason.metallb} : {}),
      family: `IPv${service.family}`,
      orderDependent: service.orderDependent,
      // Who it competes with for free addresses (the first 20).
      ...(service.competition ? {competesWith: service.competition.services.filter((id) => id !== serviceName(service)).slice(0, 20)} : {}),
      addresses: service.addresses.map((a) => ({index: a.index, ip: a.ip, source: a.source ?? null, preferredNode: a.preferredNode, announcer: a.announcer, reason: a.reason?.message ?? null})),
      nodes: ranking.map((r, i) => ({rank: i, node: r.node, hash: r.hash})),
      // Read from a cluster: what it has now, beside the plan above.
      ...(live ? {cluster: {addresses: clusterState(result, input).addresses.get(`${service.namespace}/${service.name}`) ?? []}} : {}),
    };
    const cluster = (data as {cluster?: {addresses: readonly string[]}}).cluster;
    this.writeResult(renderData(flags.output, data, () => [
      `Service: ${data.service}`,
      `Class:   ${service.class ?? '-'}${service.classSource ? ` (${SOURCE[service.classSource]})` : ''}`,
      `${cluster ? 'Plan:   ' : 'Status: '} ${service.status}, ${service.addresses.filter((a) => a.ip).length} of ${service.count} addresses${cluster ? " (the module's rules)" : ''}`,
      ...(cluster ? [`Cluster: ${cluster.addresses.length} of ${service.count} addresses${cluster.addresses.length ? `: ${cluster.addresses.join(', ')}` : ''} (status.loadBalancer.ingress)`] : []),
      ...(klass ? [`Pool:    ${klass.pool.entries.map((e) => e.text).join(', ')}`] : []),
      `Family:  IPv${service.family}`,
      ...(service.competition ? [`Order:   ${competitionSentence(service)}`] : []),
      '',
      'Addresses:',
      ...service.addresses.map((a) => `  #${a.index}  ${a.ip ?? '-'}  ${a.ip ? `${a.source}, preferred ${a.preferredNode}, announced by ${a.announcer ?? 'no node'}` : addressStatus(a)}`),
      ...(ranking.length ? ['', `Node ranking for class ${klass!.name} (sha256(class#node); address i prefers node i mod ${ranking.length}):`, ...ranking.map((r, i) => `  ${i}  ${r.node}  ${r.hash.slice(0, 16)}…`)] : []),
    ].join('\n') + '\n'));
    if (service.status !== 'assigned') this.exit(ExitCode.Problems);
    return data;
  }
}

/** The part of the plan that depends on MetalLB's processing order, for this Service, in words. */
function competitionSentence(service: ServicePlan): string {
  const c = service.competition!;
  const others = c.services.filter((id) => id !== serviceName(service));
  const who = someOf(others);
  return c.exhausted
    ? `competes with ${who} for the free IPv${c.family} addresses of class ${c.class}, and there are not enough: whether it stays pending depends on the order MetalLB handles them.`
    : `takes free IPv${c.family} addresses of class ${c.class}, as ${who} do${others.length === 1 ? 'es' : ''}: which address it gets depends on the order MetalLB handles them.`;
}
