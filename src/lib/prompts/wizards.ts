// Wizards: ask for what the flags did not give, with the same validators as the flags, choices and defaults.
import {checkInterfaceName, checkPoolEntry, type ClassInput} from '../manifests/metal-load-balancer-class.js';
import {checkServiceName, checkSubdomainName, isInvalid, parseLabelPair, checkNamespaceName} from '../manifests/names.js';
import {checkIpsCount, parseServicePort, type ServiceInput} from '../manifests/service.js';
import {type Prompter, checkEach, splitList} from './prompter.js';
import {type ConfigurationInput, type PeerInput, type PoolInput, checkBgpPoolEntry, checkInteger} from '../bgp/build.js';

const checkPair = (text: string) => {
  const parsed = parseLabelPair(text);
  return isInvalid(parsed) ? parsed : undefined;
};

const checkPort = (text: string) => {
  const parsed = parseServicePort(text);
  return isInvalid(parsed) ? parsed : undefined;
};

/** Seed-like defaults for a newcomer, from the Deckhouse documentation's L2 example. */
export const EXAMPLE_DEFAULTS = {
  className: 'ingress',
  nodeSelector: 'node-role.kubernetes.io/loadbalancer=',
  serviceName: 'nginx-deployment',
  port: '8000:80/TCP',
  selector: 'app=nginx',
  ips: '3',
} as const;

export interface ClassAnswers extends Partial<ClassInput> {}

/** Completes a class: asks for the name and pools when missing, then offers the optional values not given. */
export async function askClass(given: ClassAnswers, prompter: Prompter, defaults: {name?: string; nodeSelector?: string} = {}): Promise<ClassInput> {
  const name = given.name ?? (await prompter.input({message: 'MetalLoadBalancerClass name', default: defaults.name, check: checkSubdomainName}));
  const pools = given.pools && given.pools.length > 0 ? [...given.pools] : splitList(await prompter.input({
    message: 'Address pool (CIDRs or ranges, comma-separated)',
    check: checkEach(checkPoolEntry),
  }));
  const nodeSelector = given.nodeSelector ?? splitList(await prompter.input({
    message: 'Announcing nodes: labels key=value, comma-separated (empty: all nodes)',
    default: defaults.nodeSelector,
    check: checkEach(checkPair),
    optional: true,
  }));
  const isDefault = given.isDefault ?? (await prompter.confirm({message: 'Default class (for Services that name none)?', default: false}));
  const interfaces = given.interfaces ?? splitList(await prompter.input({
    message: 'Interfaces to announce on, comma-separated (empty: all)',
    check: checkEach(checkInterfaceName),
    optional: true,
  }));
  return {name, pools, nodeSelector, isDefault, interfaces, type: given.type ?? 'L2'};
}

export interface ServiceAnswers extends Partial<ServiceInput> {}

/** Completes a Service: asks for the name and ports when missing, then the class, selector and address count. */
export async function askService(
  given: ServiceAnswers,
  prompter: Prompter,
  defaults: {name?: string; className?: string; port?: string; selector?: string; ips?: string; classChoices?: readonly string[]} = {},
): Promise<ServiceInput> {
  const name = given.name ?? (await prompter.input({message: 'Service name', default: defaults.name, check: checkServiceName}));
  const ports = given.ports && given.ports.length > 0 ? [...given.ports] : splitList(await prompter.input({
    message: 'Ports PORT[:TARGET][/PROTOCOL], comma-separated',
    default: defaults.port,
    check: checkEach(checkPort),
  }));
  let className = given.className;
  if (className === undefined) {
    const answer = defaults.classChoices && defaults.classChoices.length > 0
      ? await prompter.select({
        message: 'MetalLoadBalancerClass',
        choices: [...defaults.classChoices.map((c) => ({name: c, value: c})), {name: '(none: use the default class)', value: ''}],
        default: defaults.className,
      })
      : await prompter.input({message: 'MetalLoadBalancerClass (empty: the default class)', default: defaults.className, check: checkSubdomainName, optional: true});
    className = answer === '' ? undefined : answer;
  }
  const selector = given.selector ?? splitList(await prompter.input({
    message: 'Pod selector key=value, comma-separated',
    default: defaults.selector ?? `app=${name}`,
    check: checkEach(checkPair),
    optional: true,
  }));
  let ipsCount: string | undefined = given.ipsCount ?? (await prompter.input({message: 'Number of public IP addresses', default: defaults.ips ?? '1', check: checkIpsCount}));
  if (given.ipsCount === undefined && ipsCount === '1') ipsCount = undefined; // 1 is the module's default: no annotation needed
  const result: ServiceInput = {...given, name, ports, selector};
  if (ipsCount !== undefined) result.ipsCount = ipsCount;
  if (className !== undefined) result.className = className;
  else delete result.className;
  if (given.namespace === undefined) {
    const namespace = await prompter.input({message: 'Namespace (empty: the current one)', check: checkNamespaceName, optional: true});
    if (namespace !== '') result.namespace = namespace;
  }
  return result;
}

/** Completes a MetalLoadBalancerPool: its name and addresses. */
export async function askBgpPool(given: Partial<PoolInput>, prompter: Prompter): Promise<PoolInput> {
  const name = given.name ?? (await prompter.input({message: 'MetalLoadBalancerPool name', check: checkSubdomainName}));
  const addresses = given.addresses && given.addresses.length > 0 ? [...given.addresses] : splitList(await prompter.input({message: 'IPv4 addresses (CIDRs or ranges, comma-separated)', check: checkEach(checkBgpPoolEntry)}));
  return {...given, name, addresses};
}

/** Completes a MetalLoadBalancerBGPPeer: name, router address and both ASNs; the rest stays as given. */
export async function askBgpPeer(given: Partial<PeerInput>, prompter: Prompter): Promise<PeerInput> {
  const name = given.name ?? (await prompter.input({message: 'MetalLoadBalancerBGPPeer name', check: checkSubdomainName}));
  const peerAddress = given.peerAddress ?? (await prompter.input({message: 'Router address (IPv4)', check: (t) => (/^[0-9.]+$/.test(t) && t.split('.').length === 4 ? undefined : {reason: 'it is not an IPv4 address', hint: 'give the router\'s IPv4 address.'})}));
  const peerASN = given.peerASN ?? (await prompter.input({message: 'Router ASN', check: (t) => checkInteger(t, 1, 4294967295)}));
  const myASN = given.myASN ?? (await prompter.input({message: 'Cluster ASN (the same as the router\'s for iBGP)', check: (t) => checkInteger(t, 1, 4294967295)}));
  return {...given, name, peerAddress, peerASN, myASN};
}

/** Completes a MetalLoadBalancerConfiguration: name, pools, and the peers (from the cluster's when known). */
export async function askBgpConfiguration(given: Partial<ConfigurationInput>, prompter: Prompter, known: {pools?: readonly string[]; peers?: readonly string[]} = {}): Promise<ConfigurationInput> {
  const name = given.name ?? (await prompter.input({message: 'MetalLoadBalancerConfiguration name', check: checkSubdomainName}));
  const list = (what: string, choices: readonly string[] | undefined) => `${what}, comma-separated${choices && choices.length > 0 ? ` (${choices.join(', ')})` : ''}`;
  const pools = given.pools && given.pools.length > 0 ? [...given.pools] : splitList(await prompter.input({message: list('Pools to advertise', known.pools), check: checkEach(checkSubdomainName)}));
  const peers = given.peers ?? splitList(await prompter.input({message: list('Peers (empty: every peer session on the nodes)', known.peers), check: checkEach(checkSubdomainName), optional: true}));
  const nodeSelector = given.nodeSelector ?? splitList(await prompter.input({message: 'Speaker nodes: labels key=value, comma-separated (empty: all nodes)', check: checkEach(checkPair), optional: true}));
  return {...given, name, pools, peers, nodeSelector};
}
