// What `service create` was given on its command line, and what is missing: the same for oclif's command and the
// fast path (src/cli/fast), so that both build the same Service from the same flags.
import type {ServiceInput} from '../lib/manifests/service.js';

export interface ServiceCreateFlags {
  namespace?: string;
  class?: string;
  'class-annotation'?: boolean;
  port?: string[];
  selector?: string[];
  ips?: string;
  'load-balancer-ips'?: string;
  'shared-ip-key'?: string;
  'external-traffic-policy'?: string;
}

export function serviceInputFromFlags(name: string | undefined, flags: ServiceCreateFlags): {given: Partial<ServiceInput>; missing: string[]} {
  const given: Partial<ServiceInput> = {
    ...(name === undefined ? {} : {name}),
    ...(flags.namespace === undefined ? {} : {namespace: flags.namespace}),
    ...(flags.class === undefined ? {} : {className: flags.class}),
    classInAnnotation: flags['class-annotation'] === true,
    ...(flags.port ? {ports: flags.port} : {}),
    ...(flags.selector ? {selector: flags.selector} : {}),
    ...(flags.ips === undefined ? {} : {ipsCount: flags.ips}),
    ...(flags['load-balancer-ips'] === undefined ? {} : {loadBalancerIps: flags['load-balancer-ips']}),
    ...(flags['shared-ip-key'] === undefined ? {} : {sharedIpKey: flags['shared-ip-key']}),
    ...(flags['external-traffic-policy'] === undefined ? {} : {externalTrafficPolicy: flags['external-traffic-policy']}),
  };
  return {given, missing: [...(given.name === undefined ? ['NAME'] : []), ...(given.ports ? [] : ['--port'])]};
}
