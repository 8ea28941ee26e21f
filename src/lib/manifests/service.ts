// LoadBalancer Service for a MetalLoadBalancerClass, with the module's annotations.
import type {Problem} from '../errors.js';
import {throwIfErrors} from '../errors.js';
import {formatIp, parseIp} from '../net/index.js';
import {ANNOTATIONS, SERVICE} from './constants.js';
import {MAX_LABEL_VALUE, MAX_PLANNED_ADDRESSES, derivedNameTooLong} from './service-rules.js';
import {type Invalid, checkNamespaceName, checkPortName, checkServiceName, checkSubdomainName, isInvalid, parseLabelPair} from './names.js';
import type {Service, ServicePort, ServiceProtocol} from './types.js';

export const PROTOCOLS: readonly ServiceProtocol[] = ['TCP', 'UDP', 'SCTP'];
export const TRAFFIC_POLICIES = ['Cluster', 'Local'] as const;

export interface ServiceInput {
  name: string;
  namespace?: string;
  /** MetalLoadBalancerClass name; without it the module uses the default class. */
  className?: string;
  /** Put the class in the mutable annotation instead of the immutable spec.loadBalancerClass. */
  classInAnnotation?: boolean;
  /** "PORT[:TARGET][/PROTOCOL]" */
  ports: readonly string[];
  /** "key=value" pairs. */
  selector?: readonly string[];
  /** Number of public addresses, as typed. */
  ipsCount?: string;
  /** Comma-separated addresses, as typed. */
  loadBalancerIps?: string;
  sharedIpKey?: string;
  externalTrafficPolicy?: string;
}

export interface ServiceSubjects {
  name: string;
  namespace: string;
  className: string;
  port: string;
  selector: string;
  ipsCount: string;
  loadBalancerIps: string;
  sharedIpKey: string;
  externalTrafficPolicy: string;
}

const FIELD_SUBJECTS: ServiceSubjects = {
  name: 'metadata.name',
  namespace: 'metadata.namespace',
  className: 'spec.loadBalancerClass',
  port: 'spec.ports[]',
  selector: 'spec.selector',
  ipsCount: ANNOTATIONS.externalIpsCount,
  loadBalancerIps: ANNOTATIONS.loadBalancerIps,
  sharedIpKey: ANNOTATIONS.sharedIpKey,
  externalTrafficPolicy: 'spec.externalTrafficPolicy',
};

const q = JSON.stringify;
const PORT_SPEC = /^([^:/]+)(?::([^:/]+))?(?:\/([A-Za-z]+))?$/;

function portNumber(text: string): number | undefined {
  if (!/^[0-9]{1,5}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 && n <= 65535 ? n : undefined;
}

/** Parses "8000:80/TCP" (target and protocol optional; the target may be a named port). */
export function parseServicePort(text: string): Omit<ServicePort, 'name'> | Invalid {
  const match = PORT_SPEC.exec(text);
  if (!match) return {reason: 'expected PORT[:TARGET][/PROTOCOL]', hint: 'write it like 8000:80/TCP.'};
  const [, portText, targetText, protocolText] = match;
  const port = portNumber(portText!);
  if (port === undefined) return {reason: `port ${q(portText)} is not a number from 1 to 65535`, hint: 'write it like 8000:80/TCP.'};
  const protocol = (protocolText ?? 'TCP').toUpperCase() as ServiceProtocol;
  if (!PROTOCOLS.includes(protocol)) return {reason: `protocol ${q(protocolText)} is not TCP, UDP or SCTP`, hint: 'use TCP, UDP or SCTP.'};
  const result: Omit<ServicePort, 'name'> = {port, protocol};
  if (targetText !== undefined) {
    const target = portNumber(targetText);
    if (target === undefined) {
      const bad = /^[0-9]+$/.test(targetText) ? {reason: `target port ${targetText} is not from 1 to 65535`, hint: 'use a port from 1 to 65535.'} : checkPortName(targetText);
      if (bad) return bad;
    }
    result.targetPort = target ?? targetText;
  }
  return result;
}

/** "1", "2", ...: the module reads anything else as 1, silently, so we refuse it. */
export function checkIpsCount(text: string): Invalid | undefined {
  if (/^[1-9][0-9]*$/.test(text) && Number.isSafeInteger(Number(text))) return undefined;
  return {reason: `${q(text)} is not a positive whole number (the module would silently use 1)`, hint: 'give a number such as 3.'};
}

/** Splits the load-balancer-ips value; the module does not trim, so we do and say so. */
export function parseLoadBalancerIps(text: string): {addresses: string[]; trimmed: boolean} | Invalid {
  const parts = text.split(',');
  const addresses: string[] = [];
  for (const part of parts) {
    const address = parseIp(part.trim());
    if (!address) return {reason: `${q(part.trim())} is not an IP address`, hint: 'give addresses separated by commas, like 192.0.2.10,192.0.2.11.'};
    const canonical = formatIp(address);
    if (addresses.includes(canonical)) return {reason: `${canonical} is listed twice`, hint: 'list each address once.'};
    addresses.push(canonical);
  }
  return {addresses, trimmed: parts.some((p) => p !== p.trim())};
}

/** Names ports as `kubectl create service` does (PORT-TARGET); where two would clash, every clashing one gets its protocol. */
function namePorts(ports: readonly Omit<ServicePort, 'name'>[]): ServicePort[] {
  const base = ports.map((p) => `${p.port}-${p.targetPort ?? p.port}`.toLowerCase());
  return ports.map((p, i) => ({name: base.indexOf(base[i]!) !== base.lastIndexOf(base[i]!) ? `${base[i]}-${p.protocol.toLowerCase()}` : base[i]!, ...p}));
}

export function checkServiceInput(input: ServiceInput, subjects: ServiceSubjects = FIELD_SUBJECTS): {problems: Problem[]; ports: Omit<ServicePort, 'name'>[]; ips?: string[]; ipsCount?: number} {
  const problems: Problem[] = [];
  const error = (subject: string, bad: Invalid) => problems.push({severity: 'error', subject, message: `${bad.reason}; ${bad.hint}`});

  const badName = checkServiceName(input.name);
  if (badName) error(`${subjects.name} ${q(input.name)}`, badName);
  if (input.namespace !== undefined) {
    const bad = checkNamespaceName(input.namespace);
    if (bad) error(`${subjects.namespace} ${q(input.namespace)}`, bad);
  }
  if (input.className !== undefined) {
    const bad = checkSubdomainName(input.className);
    if (bad) error(`${subjects.className} ${q(input.className)}`, bad);
  }

  const ports: Omit<ServicePort, 'name'>[] = [];
  if (input.ports.length === 0) {
    problems.push({severity: 'error', subject: subjects.port, message: 'a Service needs at least one port; give one like 8000:80/TCP.'});
  }
  const seenPorts = new Set<string>();
  for (const text of input.ports) {
    const parsed = parseServicePort(text);
    if (isInvalid(parsed)) {
      error(`${subjects.port} ${q(text)}`, parsed);
      continue;
    }
    const key = `${parsed.port}/${parsed.protocol}`;
    if (seenPorts.has(key)) error(`${subjects.port} ${q(text)}`, {reason: `port ${key} is given twice`, hint: 'give each port and protocol once.'});
    seenPorts.add(key);
    ports.push(parsed);
  }

  const seenKeys = new Set<string>();
  for (const pair of input.selector ?? []) {
    const parsed = parseLabelPair(pair);
    if (isInvalid(parsed)) error(`${subjects.selector} ${q(pair)}`, parsed);
    else if (seenKeys.has(parsed.key)) error(`${subjects.selector} ${q(pair)}`, {reason: `the key ${parsed.key} is given twice`, hint: 'give each key once.'});
    else seenKeys.add(parsed.key);
  }

  let ipsCount: number | undefined;
  if (input.ipsCount !== undefined) {
    const bad = checkIpsCount(input.ipsCount);
    if (bad) error(`${subjects.ipsCount} ${q(input.ipsCount)}`, bad);
    else ipsCount = Number(input.ipsCount);
    if (ipsCount !== undefined && ipsCount > MAX_PLANNED_ADDRESSES) {
      problems.push({severity: 'warning', subject: `${subjects.ipsCount} ${q(input.ipsCount)}`, message: `the module creates one object per address (${ipsCount} of them) and no pool of a real network holds that many usable addresses for one Service; the tool plans at most ${MAX_PLANNED_ADDRESSES}. Lower the count.`});
    }
  }

  let ips: string[] | undefined;
  if (input.loadBalancerIps !== undefined) {
    const subject = `${subjects.loadBalancerIps} ${q(input.loadBalancerIps)}`;
    const parsed = parseLoadBalancerIps(input.loadBalancerIps);
    if (isInvalid(parsed)) error(subject, parsed);
    else {
      ips = parsed.addresses;
      if (parsed.trimmed) {
        problems.push({severity: 'info', subject, message: `spaces removed (the module does not trim them, and "192.0.2.1, 192.0.2.2" would break); writing ${q(ips.join(','))}.`});
      }
      if (ipsCount === undefined && ips.length > 1) {
        ipsCount = ips.length;
        problems.push({severity: 'info', subject, message: `${ips.length} addresses given, so the Service asks for ${ips.length} public IPs (${subjects.ipsCount} ${ips.length}).`});
      } else if (ipsCount !== undefined && ips.length > ipsCount) {
        error(subject, {
          reason: `${ips.length} addresses for ${ipsCount} public IP${ipsCount === 1 ? '' : 's'}, and the module silently ignores the extra ${ips.length - ipsCount}`,
          hint: `raise ${subjects.ipsCount} to ${ips.length} or list ${ipsCount} address${ipsCount === 1 ? '' : 'es'}.`,
        });
      }
    }
  }

  if (input.sharedIpKey !== undefined && input.sharedIpKey.trim() === '') {
    error(`${subjects.sharedIpKey} ${q(input.sharedIpKey)}`, {reason: 'the key is empty', hint: 'give the same non-empty key to every Service that shares addresses.'});
  }
  if (input.externalTrafficPolicy !== undefined && !(TRAFFIC_POLICIES as readonly string[]).includes(input.externalTrafficPolicy)) {
    error(`${subjects.externalTrafficPolicy} ${q(input.externalTrafficPolicy)}`, {reason: 'it is neither Cluster nor Local', hint: 'use Cluster or Local.'});
  }
  const longest = !badName && input.className !== undefined ? derivedNameTooLong(input.name, input.className, ipsCount ?? 1) : undefined;
  if (longest) {
    error(`${subjects.name} ${q(input.name)}`, {
      reason: `with class ${input.className} the module names an address's object ${longest} (${longest.length} characters), which MetalLB writes into a label value of at most ${MAX_LABEL_VALUE}, so that address is never announced`,
      hint: 'shorten the Service or class name.',
    });
  }
  return {problems, ports, ...(ips ? {ips} : {}), ...(ipsCount !== undefined ? {ipsCount} : {})};
}

export function buildService(input: ServiceInput, subjects: ServiceSubjects = FIELD_SUBJECTS): {manifest: Service; warnings: Problem[]} {
  const checked = checkServiceInput(input, subjects);
  const warnings = throwIfErrors(checked.problems);

  const annotations: Record<string, string> = {};
  if (input.className !== undefined && input.classInAnnotation) annotations[ANNOTATIONS.loadBalancerClass] = input.className;
  if (checked.ipsCount !== undefined) annotations[ANNOTATIONS.externalIpsCount] = String(checked.ipsCount);
  if (checked.ips) annotations[ANNOTATIONS.loadBalancerIps] = checked.ips.join(',');
  if (input.sharedIpKey !== undefined) annotations[ANNOTATIONS.sharedIpKey] = input.sharedIpKey;

  const metadata: Service['metadata'] = {name: input.name};
  if (input.namespace !== undefined) metadata.namespace = input.namespace;
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;

  // Key order as in the Deckhouse documentation: type, loadBalancerClass, ..., ports, selector.
  const spec: Service['spec'] = {type: 'LoadBalancer'} as Service['spec'];
  if (input.className !== undefined && !input.classInAnnotation) spec.loadBalancerClass = input.className;
  if (input.externalTrafficPolicy !== undefined) spec.externalTrafficPolicy = input.externalTrafficPolicy as 'Cluster' | 'Local';
  spec.ports = checked.ports.length > 1 ? namePorts(checked.ports) : checked.ports.map((p) => ({...p}));
  if (input.selector && input.selector.length > 0) {
    spec.selector = Object.fromEntries(input.selector.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
  }
  return {manifest: {...SERVICE, metadata, spec}, warnings};
}
