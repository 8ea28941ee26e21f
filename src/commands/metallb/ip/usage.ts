import {MetallbCommand} from '../../../cli/base-command.js';
import {inputFlags} from '../../../cli/manifest-inputs.js';
import {readEngineInput} from '../../../cli/engine-input.js';
import {clusterFlags} from '../../../cli/cluster.js';
import {renderData, viewFlags} from '../../../cli/render-output.js';
import {plan} from '../../../lib/allocator/engine.js';
import {clusterState, usage} from '../../../lib/allocator/report.js';
import {renderTable} from '../../../lib/render/table.js';

export default class IpUsage extends MetallbCommand {
  static override summary = 'Pool usage per class: size, used, free, utilisation and the largest free range.';
  static override examples = [
    {description: 'From manifests:', command: '<%= config.bin %> metallb ip usage -f manifests/'},
    {description: 'From a live cluster (a snapshot):', command: 'd8 k get metalloadbalancerclasses,svc,nodes,endpointslices -A -o yaml | <%= config.bin %> metallb ip usage -f -'},
  ];

  static override flags = {...inputFlags, ...viewFlags, ...clusterFlags};

  async run(): Promise<unknown> {
    const {flags} = await this.parse(IpUsage);
    const {objects: input, live} = await readEngineInput(flags, 'd8 metallb ip usage -f manifests/');
    const planned = plan(input);
    const result = usage(planned, input);
    // Read from a cluster: the addresses in use there, beside the plan's.
    const inCluster = live ? clusterState(planned, input).usedByClass : undefined;
    // Sizes are decimal strings: an IPv6 pool exceeds what JSON numbers hold exactly.
    const data = {
      classes: result.classes.map((c) => ({...c, size: c.size.toString(), used: c.used.toString(), free: c.free.toString(), ...(inCluster ? {usedInCluster: (inCluster.get(c.name) ?? 0n).toString()} : {})})),
      total: {size: result.total.size.toString(), used: result.total.used.toString(), free: result.total.free.toString(), utilisation: result.total.utilisation},
    };
    const clusterColumn = (cells: string[], value: string) => (inCluster ? [...cells.slice(0, 4), value, ...cells.slice(4)] : cells);
    const totalInCluster = inCluster ? [...inCluster.values()].reduce((n, v) => n + v, 0n).toString() : '';
    this.writeResult(renderData(flags.output, data, () => renderTable(
      clusterColumn(['CLASS', 'ENTRIES', 'SIZE', inCluster ? 'USED (PLAN)' : 'USED', 'FREE', 'UTILISATION', 'LARGEST FREE RANGE'], 'USED (CLUSTER)'),
      [
        ...result.classes.map((c) => clusterColumn([c.name, String(c.entries), c.size.toString(), c.used.toString(), c.free.toString(), `${c.utilisation}%`, c.largestFree ?? '-'], (inCluster?.get(c.name) ?? 0n).toString())),
        clusterColumn(['TOTAL', '', result.total.size.toString(), result.total.used.toString(), result.total.free.toString(), `${result.total.utilisation}%`, ''], totalInCluster),
      ],
    )));
    return data;
  }
}
