import {Args} from '@oclif/core';
import {MetallbCommand} from '../../../cli/base-command.js';
import {inputFlags} from '../../../cli/manifest-inputs.js';
import {bgpPlanOf, readEngineInput} from '../../../cli/engine-input.js';
import {bgpPoolUsage} from '../../../lib/bgp/report.js';
import {clusterFlags} from '../../../cli/cluster.js';
import {renderData, viewFlags} from '../../../cli/render-output.js';
import {plan} from '../../../lib/allocator/engine.js';
import {usedAddresses} from '../../../lib/allocator/report.js';
import {UserError} from '../../../lib/errors.js';
import {closest} from '../../../lib/text/closest.js';
import {formatRange, rangeSize} from '../../../lib/net/index.js';

export default class IpFree extends MetallbCommand {
  static override summary = 'The free address ranges of a class or BGP pool, in pool order.';
  static override examples = [{description: 'Free ranges of class ingress:', command: '<%= config.bin %> metallb ip free ingress -f manifests/'}];
  static override args = {class: Args.string({required: true, description: 'MetalLoadBalancerClass (or MetalLoadBalancerPool) name.'})};
  static override flags = {...inputFlags, ...viewFlags, ...clusterFlags};

  async run(): Promise<unknown> {
    const {args, flags} = await this.parse(IpFree);
    const {objects: input, live, documents} = await readEngineInput(flags, `d8 metallb ip free ${args.class} -f manifests/`);
    const klass = input.classes.find((c) => c.name === args.class);
    if (!klass) {
      const bgp = bgpPlanOf(documents, plan(input), input, live);
      const pool = bgp ? bgpPoolUsage(bgp.plan, bgp.world).find((p) => p.name === args.class) : undefined;
      if (pool) {
        const data = {pool: pool.name, free: pool.freeRanges, addresses: pool.freeCount.toString()};
        this.writeResult(renderData(flags.output, data, () => (pool.freeRanges.length === 0 ? `No free address in pool ${pool.name}.\n` : `${pool.freeRanges.join('\n')}\n`)));
        return data;
      }
      const names = [...input.classes.map((c) => c.name), ...(bgp ? bgp.world.input.metallb.pools.map((p) => p.name) : [])];
      const guess = closest(args.class, names);
      throw new UserError(`class ${JSON.stringify(args.class)} is not in the manifests; ${guess ? `did you mean ${guess}?` : `the classes${bgp ? ' and BGP pools' : ''} are: ${names.join(', ') || 'none'}.`}`);
    }
    const free = klass.pool.freeRanges(usedAddresses(plan(input), klass.name));
    const data = {class: klass.name, free: free.map(formatRange), addresses: free.reduce((n, r) => n + rangeSize(r), 0n).toString()};
    this.writeResult(renderData(flags.output, data, () => (free.length === 0 ? `No free address in class ${klass.name}.\n` : `${data.free.join('\n')}\n`)));
    return data;
  }
}
