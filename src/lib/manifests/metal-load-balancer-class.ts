// MetalLoadBalancerClass: build from user values, validated as MetalLB and the module would.
import type {Problem} from '../errors.js';
import {throwIfErrors} from '../errors.js';
import {Pool, type PoolEntry, findOverlaps, tryParsePoolEntry} from '../net/index.js';
import {asObject} from './objects.js';
import {METAL_LOAD_BALANCER_CLASS, excludedInterfacePattern} from './constants.js';
import {MAX_LABEL_VALUE, MAX_USABLE_CLASS_NAME} from './service-rules.js';
import {type Invalid, checkSubdomainName, isInvalid, parseLabelPair} from './names.js';
import type {MetalLoadBalancerClass} from './types.js';

export const CLASS_TYPES = ['L2'] as const;

/** The addresses a class object gives MetalLB: entries it cannot parse give none (lint reports them). */
export function classPool(klass: unknown): Pool {
  const list = asObject(asObject(klass).spec).addressPool;
  const texts = Array.isArray(list) ? list.filter((t): t is string => typeof t === 'string') : [];
  return new Pool(texts.flatMap((t) => tryParsePoolEntry(t).entry ?? []));
}

export interface ClassInput {
  name: string;
  pools: readonly string[];
  /** "key=value" pairs; "key=" gives the empty value. */
  nodeSelector?: readonly string[];
  interfaces?: readonly string[];
  isDefault?: boolean;
  type?: string;
}

/** How problems name each value: flags for the CLI, field paths otherwise. */
export interface ClassSubjects {
  name: string;
  pool: string;
  nodeSelector: string;
  interface: string;
  type: string;
}

const FIELD_SUBJECTS: ClassSubjects = {
  name: 'metadata.name',
  pool: 'spec.addressPool[]',
  nodeSelector: 'spec.nodeSelector',
  interface: 'spec.l2.interfaces[]',
  type: 'spec.type',
};

const q = JSON.stringify;

/** One pool entry, for prompts: undefined when valid. */
export function checkPoolEntry(text: string): Invalid | undefined {
  const result = tryParsePoolEntry(text);
  return result.error ? {reason: result.error.reason, hint: result.error.hint} : undefined;
}

const INTERFACE_NAME = /^[^\s/:]{1,15}$/;

export function checkInterfaceName(name: string): Invalid | undefined {
  if (!INTERFACE_NAME.test(name)) {
    return {reason: 'it is not a Linux interface name', hint: 'use 1 to 15 characters without spaces, "/" or ":".'};
  }
  return undefined;
}

export function checkClassType(type: string): Invalid | undefined {
  if ((CLASS_TYPES as readonly string[]).includes(type)) return undefined;
  return {reason: `type ${q(type)} is not supported`, hint: 'use L2 (BGP pools are MetalLoadBalancerPool objects, not classes).'};
}

/** Validates every value and returns all problems (errors and warnings), so that all mistakes show at once. */
export function checkClassInput(input: ClassInput, subjects: ClassSubjects = FIELD_SUBJECTS): Problem[] {
  const problems: Problem[] = [];
  const error = (subject: string, bad: Invalid) => problems.push({severity: 'error', subject, message: `${bad.reason}; ${bad.hint}`});
  const warn = (subject: string, message: string) => problems.push({severity: 'warning', subject, message});

  const badName = checkSubdomainName(input.name);
  if (badName) error(`${subjects.name} ${q(input.name)}`, badName);
  else if (input.name.length > MAX_USABLE_CLASS_NAME) {
    error(`${subjects.name} ${q(input.name)}`, {
      reason: `it is ${input.name.length} characters long: the module names each address's object <service>-${input.name}-<index>, which MetalLB writes into a label value of at most ${MAX_LABEL_VALUE} characters, so no Service could use this class`,
      hint: `shorten it to ${MAX_USABLE_CLASS_NAME} characters (fewer for long Service names).`,
    });
  }

  if (input.pools.length === 0) {
    problems.push({severity: 'error', subject: subjects.pool, message: 'a class needs at least one address pool entry; give a CIDR such as 192.0.2.0/24 or a range such as 192.0.2.10-192.0.2.20.'});
  }
  const entries: {owner: string; entry: PoolEntry}[] = [];
  for (const text of input.pools) {
    const subject = `${subjects.pool} ${q(text)}`;
    const result = tryParsePoolEntry(text);
    if (result.error) {
      error(subject, result.error);
      continue;
    }
    if (result.entry.network) {
      warn(subject, `host bits are set, so MetalLB uses the network ${result.entry.network}; write ${result.entry.network} to say so.`);
    }
    entries.push({owner: subject, entry: result.entry});
  }
  for (const {a, b} of findOverlaps(entries)) {
    problems.push({
      severity: 'error',
      subject: b.owner,
      message: `overlaps ${a.owner} in the same class, and MetalLB then rejects the whole configuration (no class gets new addresses); remove or narrow one of them.`,
    });
  }

  const seen = new Map<string, string>();
  for (const pair of input.nodeSelector ?? []) {
    const subject = `${subjects.nodeSelector} ${q(pair)}`;
    const parsed = parseLabelPair(pair);
    if (isInvalid(parsed)) {
      error(subject, parsed);
      continue;
    }
    const previous = seen.get(parsed.key);
    if (previous !== undefined && previous !== parsed.value) {
      error(subject, {reason: `the key ${parsed.key} is already set to ${q(previous)}`, hint: 'give each key once (a node selector matches all of its labels).'});
    }
    seen.set(parsed.key, parsed.value);
  }

  for (const name of input.interfaces ?? []) {
    const subject = `${subjects.interface} ${q(name)}`;
    const bad = checkInterfaceName(name);
    if (bad) error(subject, bad);
    const excluded = excludedInterfacePattern(name);
    if (excluded) warn(subject, `MetalLB never announces on interfaces matching ${excluded.source}; name the node's uplink interface instead.`);
  }

  const type = input.type ?? 'L2';
  const badType = checkClassType(type);
  if (badType) error(`${subjects.type} ${q(type)}`, badType);
  return problems;
}

/** Builds the class, throwing a UserError listing every invalid value; returns the warnings with it. */
export function buildMetalLoadBalancerClass(input: ClassInput, subjects: ClassSubjects = FIELD_SUBJECTS): {manifest: MetalLoadBalancerClass; warnings: Problem[]} {
  const warnings = throwIfErrors(checkClassInput(input, subjects));
  // Keys in the order `kubectl get -o yaml` prints them (alphabetical), as in the Deckhouse documentation.
  const spec: MetalLoadBalancerClass['spec'] = {addressPool: [...input.pools], isDefault: input.isDefault ?? false} as MetalLoadBalancerClass['spec'];
  if (input.interfaces && input.interfaces.length > 0) spec.l2 = {interfaces: [...input.interfaces]};
  if (input.nodeSelector && input.nodeSelector.length > 0) {
    spec.nodeSelector = {};
    for (const pair of input.nodeSelector) {
      const eq = pair.indexOf('=');
      spec.nodeSelector[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
  }
  spec.type = input.type ?? 'L2';
  return {manifest: {...METAL_LOAD_BALANCER_CLASS, metadata: {name: input.name}, spec}, warnings};
}
