// What `class create` was given on its command line, and what is missing: the same for oclif's command and the
// fast path (src/cli/fast), so that both build the same class from the same flags.
import type {ClassInput} from '../lib/manifests/metal-load-balancer-class.js';

export interface ClassCreateFlags {
  pool?: string[];
  'node-selector'?: string[];
  interface?: string[];
  default?: boolean;
  type: string;
}

export function classInputFromFlags(name: string | undefined, flags: ClassCreateFlags): {given: Partial<ClassInput>; missing: string[]} {
  const given: Partial<ClassInput> = {
    ...(name === undefined ? {} : {name}),
    ...(flags.pool ? {pools: flags.pool} : {}),
    ...(flags['node-selector'] ? {nodeSelector: flags['node-selector']} : {}),
    ...(flags.interface ? {interfaces: flags.interface} : {}),
    ...(flags.default === undefined ? {} : {isDefault: flags.default}),
    type: flags.type,
  };
  return {given, missing: [...(given.name === undefined ? ['NAME'] : []), ...(given.pools ? [] : ['--pool'])]};
}
