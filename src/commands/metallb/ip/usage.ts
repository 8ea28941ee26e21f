import {MetallbCommand} from '../../../cli/base-command.js';
import {inputFlags} from '../../../cli/manifest-inputs.js';
import {bgpPlanOf, readEngineInput} from '../../../cli/engine-input.js';
import {bgpPoolUsage} from '../../../lib/bgp/report.js';
import {clusterFlags} from '../../../cli/cluster.js';
import {renderData, viewFlags} from '../../../cli/render-output.js';
import {plan} from '../../../lib/allocator/engine.js';
import {clusterState, percent, usage} from '../../../lib/allocator/report.js';
import {renderTable} from '../../../lib/render/table.js';

export default class IpUsage extends MetallbCommand {
  static override summary = 'Pool usage per class and BGP pool: size, used, free, utilisation and the largest free range.';
  static override examples = [
    {description: 'From manifests:', command: '<%= config.bin %> metallb ip usage -f manifests/'},
    {description: 'From a live cluster (a snapshot):', command: 'd8 k get metalloadbalancerclasses,svc,nodes,endpointslices -A -o yaml | <%= config.bin %> metallb ip usage -f -'},
  ];

  static override flags = {...inputFlags, ...viewFlags, ...clusterFlags};

  async run(): Promise<unknown> {
    const {flags} = await this.parse(IpUsage);
    const {objects: input, live, documents} = await readEngineInput(flags, 'd8 metallb ip usage -f manifests/');
    const planned = plan(input);
    const bgp = bgpPlanOf(documents, planned, input, live);
    const pools = bgp ? bgpPoolUsage(bgp.plan, bgp.world) : [];
    const classUsage = usage(planned, input);
    // The total covers the BGP pools too, when there are any.
    const size = classUsage.total.size + pools.reduce((n, p) => n + p.size, 0n);
    const used = classUsage.total.used + pools.reduce((n, p) => n + p.used, 0n);
    const result = {classes: classUsage.classes, total: {size, used, free: size - used, utilisation: percent(used, size)}};
    // Read from a cluster: the addresses in use there, beside the plan's.
    const inCluster = live ? clusterState(planned, input).usedByClass : undefined;
    // Sizes are decimal strings: an IPv6 pool exceeds what JSON numbers hold exactly.
    const data = {
      classes: result.classes.map((c) => ({...c, size: c.size.toString(), used: c.used.toString(), free: c.free.toString(), ...(inCluster ? {usedInCluster: (inCluster.get(c.name) ?? 0n).toString()} : {})})),
      total: {size: result.total.size.toString(), used: result.total.used.toString(), free: result.total.free.toString(), utilisation: result.total.utilisation},
      // BGP mode: MetalLoadBalancerPools, used by the BGP controller's Services.
      ...(bgp ? {bgpPools: pools.map((p) => ({name: p.name, entries: p.entries, size: p.size.toString(), used: p.used.toString(), free: p.free.toString(), utilisation: p.utilisation, largestFree: p.largestFree}))} : {}),
    };
    const clusterColumn = (cells: string[], value: string) => (inCluster ? [...cells.slice(0, 4), value, ...cells.slice(4)] : cells);
    const totalInCluster = inCluster ? [...inCluster.values()].reduce((n, v) => n + v, 0n).toString() : '';
    this.writeResult(renderData(flags.output, data, () => renderTable(
      clusterColumn(['CLASS', 'ENTRIES', 'SIZE', inCluster ? 'USED (PLAN)' : 'USED', 'FREE', 'UTILISATION', 'LARGEST FREE RANGE'], 'USED (CLUSTER)'),
      [
        ...result.classes.map((c) => clusterColumn([c.name, String(c.entries), c.size.toString(), c.used.toString(), c.free.toString(), `${c.utilisation}%`, c.largestFree ?? '-'], (inCluster?.get(c.name) ?? 0n).toString())),
        ...pools.map((p) => clusterColumn([`${p.name} (BGP pool)`, String(p.entries), p.size.toString(), p.used.toString(), p.free.toString(), `${p.utilisation}%`, p.largestFree ?? '-'], '-')),
        clusterColumn(['TOTAL', '', result.total.size.toString(), result.total.used.toString(), result.total.free.toString(), `${result.total.utilisation}%`, ''], totalInCluster),
      ],
    )));
    return data;
  }
}
