import {Args, Flags} from '@oclif/core';
import {MetallbCommand, manifestFlags} from '../../../cli/base-command.js';
import {clusterFlags, connectFromFlags, renderApplied} from '../../../cli/cluster.js';
import {CLASSES} from '../../../lib/cluster/client.js';
import {buildService, type ServiceInput} from '../../../lib/manifests/service.js';
import {askService} from '../../../lib/prompts/wizards.js';
import {SERVICE_FLAG_SUBJECTS} from '../../../cli/subjects.js';
import {serviceInputFromFlags} from '../../../cli/service-input.js';
import {renderManifests} from '../../../lib/render/manifests.js';
import {ANNOTATIONS} from '../../../lib/manifests/constants.js';
import {classPool} from '../../../lib/manifests/metal-load-balancer-class.js';

export default class ServiceCreate extends MetallbCommand {
  static override summary = 'Create a LoadBalancer Service that takes its addresses from a MetalLoadBalancerClass.';
  static override description = `The Service gets spec.loadBalancerClass (or the class annotation with --class-annotation) and the module's
annotations: the number of public IPs, fixed addresses, and an IP sharing key. Without --class the module uses the default class.`;

  static override examples = [
    {
      description: 'The Service from the Deckhouse documentation (three public addresses):',
      command: '<%= config.bin %> metallb service create nginx-deployment --class ingress --port 8000:80/TCP --selector app=nginx --ips 3 --dry-run=client -o yaml',
    },
    {
      description: 'Two fixed addresses, shared with another Service on other ports:',
      command: '<%= config.bin %> metallb service create dns -n infra --class ingress --port 53/UDP --port 53/TCP --load-balancer-ips 192.0.2.10,192.0.2.11 --shared-ip-key dns --dry-run=client',
    },
  ];

  static override args = {
    name: Args.string({description: 'Name of the Service.'}),
  };

  static override flags = {
    namespace: Flags.string({char: 'n', description: 'Namespace of the Service (omitted: the current namespace when applied).'}),
    class: Flags.string({char: 'c', description: 'MetalLoadBalancerClass name (spec.loadBalancerClass). Omitted: the default class.'}),
    'class-annotation': Flags.boolean({description: 'Name the class in the network.deckhouse.io/metal-load-balancer-class annotation (mutable) instead of spec.loadBalancerClass (immutable).'}),
    port: Flags.string({multiple: true, multipleNonGreedy: true, description: 'PORT[:TARGET][/PROTOCOL], e.g. 8000:80/TCP; TCP when no protocol. Repeatable.'}),
    selector: Flags.string({multiple: true, multipleNonGreedy: true, description: 'Pod label key=value that selects the backends. Repeatable.'}),
    ips: Flags.string({description: 'Number of public addresses (l2-load-balancer-external-ips-count).'}),
    'load-balancer-ips': Flags.string({description: 'Fixed addresses, comma-separated, in order (network.deckhouse.io/load-balancer-ips).'}),
    'shared-ip-key': Flags.string({description: 'Share addresses with other Services that use the same key (ports must not collide).'}),
    'external-traffic-policy': Flags.string({options: ['Cluster', 'Local'], description: 'spec.externalTrafficPolicy.'}),
    ...manifestFlags,
    ...clusterFlags,
  };

  async run(): Promise<ServiceInput> {
    const {args, flags} = await this.parse(ServiceCreate);
    const {given, missing} = serviceInputFromFlags(args.name, flags);
    const complete = await this.askForMissing(given, missing, 'd8 metallb service create web --class ingress --port 80:8080/TCP --dry-run=client',
      (prompter) => askService(given, prompter));
    const {manifest, warnings} = buildService(complete, SERVICE_FLAG_SUBJECTS);
    this.notify(warnings);
    if (flags['dry-run'] === 'client') {
      this.writeResult(renderManifests([manifest], flags.output as 'yaml' | 'json' | 'name' | undefined));
      return complete;
    }
    const client = await connectFromFlags(flags);
    const namespace = complete.namespace ?? client.namespace;
    const klass = complete.className === undefined ? undefined : await client.get(CLASSES, complete.className);
    if (complete.className !== undefined && !klass) {
      this.notice('warning', `class ${JSON.stringify(complete.className)} does not exist in the cluster, so the module gives this Service addresses from the default class (or none); create the class with 'd8 metallb class create'.`);
    }
    const count = Number(manifest.metadata.annotations?.[ANNOTATIONS.externalIpsCount] ?? 1);
    const poolSize = klass ? classPool(klass).size : undefined;
    if (poolSize !== undefined && BigInt(count) > poolSize) {
      this.notice('warning', `this Service asks for ${count} addresses but class ${complete.className} has ${poolSize} in its pool, so ${BigInt(count) - poolSize} stay pending; lower --ips or grow the pool.`);
    }
    const object = await client.createService(namespace, {...manifest, metadata: {...manifest.metadata, namespace}} as never, flags['dry-run'] === 'server');
    this.writeResult(renderApplied(object, flags.output, 'service') ?? '');
    this.notice('info', `Service '${namespace}/${manifest.metadata.name}' created${flags['dry-run'] === 'server' ? ' (server dry run: nothing was saved)' : ''}.`);
    return complete;
  }
}
