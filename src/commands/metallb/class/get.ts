import {Args, Flags} from '@oclif/core';
import {MetallbCommand} from '../../../cli/base-command.js';
import {clusterFlags, connectFromFlags, shown} from '../../../cli/cluster.js';
import {closest} from '../../../lib/text/closest.js';
import {renderData, viewFlags} from '../../../cli/render-output.js';
import {CLASSES} from '../../../lib/cluster/client.js';
import {ExitCode, UserError} from '../../../lib/errors.js';
import {renderTable} from '../../../lib/render/table.js';

export default class ClassGet extends MetallbCommand {
  static override summary = 'Show one MetalLoadBalancerClass of the cluster.';
  static override examples = [{description: 'As YAML:', command: '<%= config.bin %> metallb class get ingress -o yaml'}];
  static override args = {name: Args.string({required: true, description: 'Class name.'})};
  static override flags = {
    ...viewFlags,
    'show-managed-fields': Flags.boolean({description: 'Keep metadata.managedFields in -o yaml|json (hidden by default, as kubectl does).'}),
    ...clusterFlags,
  };

  async run(): Promise<unknown> {
    const {args, flags} = await this.parse(ClassGet);
    const client = await connectFromFlags(flags);
    const object = await client.get(CLASSES, args.name);
    if (!object) {
      const guess = closest(args.name, (await client.list(CLASSES).catch(() => [])).map((c) => c.metadata.name));
      throw new UserError(`MetalLoadBalancerClass ${JSON.stringify(args.name)} does not exist in the cluster; ${guess ? `did you mean ${guess}?` : "see 'd8 metallb class list'."}`, {exitCode: ExitCode.Cluster});
    }
    const spec = (object.spec ?? {}) as {addressPool?: string[]; isDefault?: boolean; type?: string};
    this.writeResult(renderData(flags.output, shown(object, flags['show-managed-fields']), () => renderTable(['NAME', 'TYPE', 'DEFAULT', 'POOLS'], [[object.metadata.name, spec.type ?? '', spec.isDefault ? 'yes' : 'no', (spec.addressPool ?? []).join(',')]])));
    return object;
  }
}
