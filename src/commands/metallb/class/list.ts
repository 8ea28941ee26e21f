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
    // Classes are the list; Nodes and Services only fill columns: without permission to read them (RBAC), those
    // columns show ? and one note says which permission is missing.
    const [classes, nodes, services] = await Promise.all([client.list(CLASSES), client.listNodes().catch((e: Error) => e), client.listServices().catch((e: Error) => e)]);
    for (const [what, read] of [['nodes', nodes], ['services', services]] as const) {
      if (read instanceof Error) this.notice('warning', `could not list ${what} (${read.message.replace(/[.;]?\s*$/, '')}); the ${what.toUpperCase()} column shows ?.`);
    }
    const nodesUnknown = nodes instanceof Error;
    const servicesUnknown = services instanceof Error;
    const input = liveEngineObjects(classes, nodesUnknown ? [] : nodes, servicesUnknown ? [] : services);
    const result = plan({...input, nodesUnknown});
    const rows = classes.map((c) => {
      const spec = isObject(c.spec) ? c.spec : {};
      const usage = result.classes.find((u) => u.name === c.metadata.name);
      return {
        name: c.metadata.name,
        type: typeof spec.type === 'string' ? spec.type : '',
        default: spec.isDefault === true,
        pools: Array.isArray(spec.addressPool) ? spec.addressPool.map(String) : [],
        size: (usage?.size ?? 0n).toString(),
        nodes: nodesUnknown ? null : usage?.nodes.length ?? 0,
        services: servicesUnknown ? null : result.services.filter((s) => s.class === c.metadata.name).map((s) => (s.namespace ? `${s.namespace}/${s.name}` : s.name)),
      };
    });
    this.writeResult(renderData(flags.output, rows, () => renderTable(
      ['NAME', 'TYPE', 'DEFAULT', 'POOLS', 'SIZE', 'NODES', 'SERVICES'],
      rows.map((r) => [r.name, r.type, r.default ? 'yes' : 'no', r.pools.join(','), r.size, r.nodes === null ? '?' : String(r.nodes), r.services === null ? '?' : String(r.services.length)]),
    )));
    return rows;
  }
}
