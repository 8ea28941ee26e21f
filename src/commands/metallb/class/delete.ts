import {Args, Flags} from '@oclif/core';
import {MetallbCommand} from '../../../cli/base-command.js';
import {clusterFlags, connectFromFlags} from '../../../cli/cluster.js';
import {plan} from '../../../lib/allocator/engine.js';
import {CLASSES} from '../../../lib/cluster/client.js';
import {liveEngineObjects} from '../../../lib/cluster/live-objects.js';
import {ExitCode, UserError} from '../../../lib/errors.js';

export default class ClassDelete extends MetallbCommand {
  static override summary = 'Delete a MetalLoadBalancerClass; refused while Services use it, unless --force.';
  static override examples = [{description: 'Delete an unused class:', command: '<%= config.bin %> metallb class delete old-pool'}];
  static override args = {name: Args.string({required: true, description: 'Class name.'})};
  static override flags = {
    force: Flags.boolean({description: 'Delete even while Services use the class (they lose their addresses).'}),
    'dry-run': Flags.string({options: ['none', 'server'], default: 'none', description: 'server: send the deletion with dryRun.'}),
    ...clusterFlags,
  };

  async run(): Promise<void> {
    const {args, flags} = await this.parse(ClassDelete);
    const client = await connectFromFlags(flags);
    const [classes, nodes, services] = await Promise.all([client.list(CLASSES), client.listNodes(), client.listServices()]);
    if (!classes.some((c) => c.metadata.name === args.name)) {
      throw new UserError(`MetalLoadBalancerClass ${JSON.stringify(args.name)} does not exist in the cluster; see 'd8 metallb class list'.`, {exitCode: ExitCode.Cluster});
    }
    const users = plan(liveEngineObjects(classes, nodes, services)).services.filter((s) => s.class === args.name).map((s) => (s.namespace ? `${s.namespace}/${s.name}` : s.name));
    if (users.length > 0 && !flags.force) {
      throw new UserError(`class ${args.name} is used by ${users.length} Service${users.length === 1 ? '' : 's'} (${users.slice(0, 5).join(', ')}${users.length > 5 ? ', …' : ''}), which would lose their addresses; move them to another class first, or add --force.`, {exitCode: ExitCode.Problems});
    }
    await client.remove(CLASSES, args.name, flags['dry-run'] === 'server');
    this.notice('info', `MetalLoadBalancerClass '${args.name}' deleted${flags['dry-run'] === 'server' ? ' (server dry run: nothing was deleted)' : ''}.`);
  }
}
