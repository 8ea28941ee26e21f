import {MetallbCommand} from '../../../cli/base-command.js';
import {clusterFlags, connectFromFlags} from '../../../cli/cluster.js';
import {renderData, viewFlags} from '../../../cli/render-output.js';
import {plan} from '../../../lib/allocator/engine.js';
import {CLASSES} from '../../../lib/cluster/client.js';
import {liveEngineObjects} from '../../../lib/cluster/live-objects.js';
import {isObject} from '../../../lib/manifests/objects.js';
import {renderTable} from '../../../lib/render/table.js';

export default class ClassList extends MetallbCommand {
  static override summary = 'List the MetalLoadBalancerClasses of the cluster: pools, size, matched nodes, Services using each.';
  static override examples = [{description: 'All classes:', command: '<%= config.bin %> metallb class list'}];
  static override flags = {...viewFlags, ...clusterFlags};

  async run(): Promise<unknown> {
    const {flags} = await this.parse(ClassList);
    const client = await connectFromFlags(flags);
    const [classes, nodes, services] = await Promise.all([client.list(CLASSES), client.listNodes(), client.listServices()]);
    const input = liveEngineObjects(classes, nodes, services);
    const result = plan(input);
    const rows = classes.map((c) => {
      const spec = isObject(c.spec) ? c.spec : {};
      const usage = result.classes.find((u) => u.name === c.metadata.name);
      return {
        name: c.metadata.name,
        type: typeof spec.type === 'string' ? spec.type : '',
        default: spec.isDefault === true,
        pools: Array.isArray(spec.addressPool) ? spec.addressPool.map(String) : [],
        size: (usage?.size ?? 0n).toString(),
        nodes: usage?.nodes.length ?? 0,
        services: result.services.filter((s) => s.class === c.metadata.name).map((s) => (s.namespace ? `${s.namespace}/${s.name}` : s.name)),
      };
    });
    this.writeResult(renderData(flags.output, rows, () => renderTable(
      ['NAME', 'TYPE', 'DEFAULT', 'POOLS', 'SIZE', 'NODES', 'SERVICES'],
      rows.map((r) => [r.name, r.type, r.default ? 'yes' : 'no', r.pools.join(','), r.size, String(r.nodes), String(r.services.length)]),
    )));
    return rows;
  }
}
