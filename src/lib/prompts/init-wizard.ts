// `d8 metallb init`: the documentation's L2 example end to end (module, class, Service) for a newcomer.
import type {Problem} from '../errors.js';
import {type ClassInput, buildMetalLoadBalancerClass} from '../manifests/metal-load-balancer-class.js';
import {buildModuleConfig} from '../manifests/module-config/index.js';
import {type ServiceInput, buildService} from '../manifests/service.js';
import type {SettingsVersion} from '../manifests/constants.js';
import type {Manifest} from '../manifests/types.js';
import type {Prompter} from './prompter.js';
import {EXAMPLE_DEFAULTS, askClass, askService} from './wizards.js';

export interface InitAnswers {
  version?: SettingsVersion;
  class: Partial<ClassInput>;
  service: Partial<ServiceInput>;
}

/** Fills what was not given: by asking when a prompter is there, else from the documentation's defaults. */
export async function completeInit(given: InitAnswers, prompter: Prompter | undefined): Promise<{version: SettingsVersion; class: ClassInput; service: ServiceInput}> {
  if (prompter) {
    const version = given.version ?? (await prompter.select({
      message: 'ModuleConfig settings version',
      choices: [
        {name: '2 (as in the documentation)', value: '2'},
        {name: '3 (latest, Deckhouse 1.77+)', value: '3'},
      ],
      default: '2',
    }).then(Number) as SettingsVersion);
    const klass = await askClass(given.class, prompter, {name: EXAMPLE_DEFAULTS.className, nodeSelector: EXAMPLE_DEFAULTS.nodeSelector});
    const service = await askService({...given.service, ...(given.service.className === undefined ? {className: klass.name} : {})}, prompter, {
      name: EXAMPLE_DEFAULTS.serviceName, port: EXAMPLE_DEFAULTS.port, selector: EXAMPLE_DEFAULTS.selector, ips: EXAMPLE_DEFAULTS.ips,
    });
    return {version, class: klass, service};
  }
  const klass: ClassInput = {
    name: given.class.name ?? EXAMPLE_DEFAULTS.className,
    pools: given.class.pools ?? [],
    nodeSelector: given.class.nodeSelector ?? [EXAMPLE_DEFAULTS.nodeSelector],
    isDefault: given.class.isDefault ?? false,
    interfaces: given.class.interfaces ?? [],
    type: 'L2',
  };
  const service: ServiceInput = {
    ...given.service,
    name: given.service.name ?? EXAMPLE_DEFAULTS.serviceName,
    className: given.service.className ?? klass.name,
    ports: given.service.ports ?? [EXAMPLE_DEFAULTS.port],
    selector: given.service.selector ?? [EXAMPLE_DEFAULTS.selector],
    ipsCount: given.service.ipsCount ?? EXAMPLE_DEFAULTS.ips,
  };
  return {version: given.version ?? 2, class: klass, service};
}

export interface SubjectNames {
  class: Parameters<typeof buildMetalLoadBalancerClass>[1];
  service: Parameters<typeof buildService>[1];
}

/** The three objects, in the order they must be applied. */
export async function buildInitManifests(answers: {version: SettingsVersion; class: ClassInput; service: ServiceInput}, subjects?: SubjectNames): Promise<{manifests: Manifest[]; warnings: Problem[]}> {
  const moduleConfig = await buildModuleConfig({enabled: true, version: answers.version});
  const klass = buildMetalLoadBalancerClass(answers.class, subjects?.class);
  const service = buildService(answers.service, subjects?.service);
  return {manifests: [moduleConfig.manifest, klass.manifest, service.manifest], warnings: [...klass.warnings, ...service.warnings]};
}
