import {Args, Flags} from '@oclif/core';
import {MetallbCommand, manifestFlags} from '../../../cli/base-command.js';
import {applyClass} from '../../../cli/apply-class.js';
import {clusterFlags, connectFromFlags, renderApplied} from '../../../cli/cluster.js';
import {buildMetalLoadBalancerClass, type ClassInput} from '../../../lib/manifests/metal-load-balancer-class.js';
import {askClass} from '../../../lib/prompts/wizards.js';
import {CLASS_FLAG_SUBJECTS} from '../../../cli/subjects.js';
import {classInputFromFlags} from '../../../cli/class-input.js';
import {renderManifests} from '../../../lib/render/manifests.js';

export default class ClassCreate extends MetallbCommand {
  static override summary = 'Create a MetalLoadBalancerClass: an L2 address pool and the nodes that announce it.';
  static override description = `Pools are checked as MetalLB checks them (syntax, overlaps inside the class); a CIDR with host bits set is
accepted with a warning naming the network MetalLB will use. Missing values are asked for on a terminal.`;

  static override examples = [
    {
      description: 'The class from the Deckhouse documentation, printed as YAML:',
      command: '<%= config.bin %> metallb class create ingress --pool 192.168.2.100-192.168.2.150 --node-selector node-role.kubernetes.io/loadbalancer= --dry-run=client -o yaml',
    },
    {
      description: 'A default dual-stack class announced on eth1 only:',
      command: '<%= config.bin %> metallb class create public --pool 192.0.2.0/28 --pool 2001:db8::/124 --interface eth1 --default --dry-run=client',
    },
  ];

  static override args = {
    name: Args.string({description: 'Name of the class (Services refer to it in spec.loadBalancerClass).'}),
  };

  static override flags = {
    pool: Flags.string({char: 'p', multiple: true, multipleNonGreedy: true, description: 'Address pool entry: a CIDR (192.0.2.0/24) or a range (192.0.2.10-192.0.2.20). Repeatable.'}),
    'node-selector': Flags.string({multiple: true, multipleNonGreedy: true, description: 'Node label key=value ("key=" for an empty value); nodes with all of them announce. Repeatable. None: every node.'}),
    interface: Flags.string({multiple: true, multipleNonGreedy: true, description: 'Network interface to announce on (spec.l2.interfaces). Repeatable. None: every interface.'}),
    default: Flags.boolean({description: 'Make this the default class (isDefault: true), used by Services that name no class.', allowNo: true}),
    type: Flags.string({default: 'L2', description: 'Class type; the module supports L2.'}),
    overwrite: Flags.boolean({description: 'Replace a class of the same name in the cluster.'}),
    ...manifestFlags,
    ...clusterFlags,
  };

  async run(): Promise<ClassInput> {
    const {args, flags} = await this.parse(ClassCreate);
    const {given, missing} = classInputFromFlags(args.name, flags);
    const complete = await this.askForMissing(given, missing, 'd8 metallb class create ingress --pool 192.0.2.100-192.0.2.150 --dry-run=client',
      (prompter) => askClass(given, prompter));
    const {manifest, warnings} = buildMetalLoadBalancerClass(complete, CLASS_FLAG_SUBJECTS);
    this.notify(warnings);
    if (flags['dry-run'] === 'client') {
      this.writeResult(renderManifests([manifest], flags.output as 'yaml' | 'json' | 'name' | undefined));
      return complete;
    }
    const client = await connectFromFlags(flags);
    const {object, action} = await applyClass(client, manifest, flags.overwrite, flags['dry-run'] === 'server');
    this.writeResult(renderApplied(object, flags.output, 'metalloadbalancerclass.network.deckhouse.io') ?? '');
    this.notice('info', `MetalLoadBalancerClass '${manifest.metadata.name}' ${action}${flags['dry-run'] === 'server' ? ' (server dry run: nothing was saved)' : ''}.`);
    return complete;
  }
}
