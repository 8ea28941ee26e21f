// Kubernetes name and label rules (apimachinery's validation), returning a reason and a fix instead of a bool.

export interface Invalid {
  readonly reason: string;
  readonly hint: string;
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

function lengthCheck(value: string, max: number): Invalid | undefined {
  if (value.length === 0) return {reason: 'it is empty', hint: 'give a name.'};
  if (value.length > max) return {reason: `it is ${value.length} characters long, more than ${max}`, hint: `shorten it to ${max} characters.`};
  return undefined;
}

/** Names of cluster-scoped objects such as MetalLoadBalancerClass (DNS-1123 subdomain). */
export function checkSubdomainName(value: string): Invalid | undefined {
  return lengthCheck(value, 253) ?? (DNS1123_SUBDOMAIN.test(value) ? undefined : {
    reason: 'it is not a valid name',
    hint: 'use lowercase letters, digits, "-" and ".", starting and ending with a letter or digit.',
  });
}

/** Namespace names (DNS-1123 label). */
export function checkNamespaceName(value: string): Invalid | undefined {
  return lengthCheck(value, 63) ?? (DNS1123_LABEL.test(value) ? undefined : {
    reason: 'it is not a valid namespace name',
    hint: 'use lowercase letters, digits and "-", starting and ending with a letter or digit.',
  });
}

/** Service names (DNS-1035 label: must start with a letter). */
export function checkServiceName(value: string): Invalid | undefined {
  return lengthCheck(value, 63) ?? (DNS1035_LABEL.test(value) ? undefined : {
    reason: 'it is not a valid Service name',
    hint: 'use lowercase letters, digits and "-", starting with a letter and ending with a letter or digit.',
  });
}

export function checkLabelKey(key: string): Invalid | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) {
    return {reason: `the prefix "${prefix}" is not a DNS subdomain`, hint: 'write the prefix like "node-role.kubernetes.io".'};
  }
  if (name.length === 0) return {reason: 'the key has no name', hint: 'write a key such as "node-role.kubernetes.io/loadbalancer".'};
  if (name.length > 63 || !QUALIFIED_NAME.test(name)) {
    return {reason: `the key name "${name}" is not valid`, hint: 'use at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit.'};
  }
  return undefined;
}

export function checkLabelValue(value: string): Invalid | undefined {
  if (value === '') return undefined;
  if (value.length > 63 || !QUALIFIED_NAME.test(value)) {
    return {reason: `the value "${value}" is not a valid label value`, hint: 'use at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit, or leave it empty.'};
  }
  return undefined;
}

/** Named target ports (IANA service names). */
export function checkPortName(value: string): Invalid | undefined {
  if (value.length > 15 || !IANA_SVC_NAME.test(value) || !/[a-z]/.test(value) || value.includes('--')) {
    return {reason: `"${value}" is neither a port number nor a valid port name`, hint: 'use a number from 1 to 65535 or a name of up to 15 lowercase letters, digits and "-".'};
  }
  return undefined;
}

export interface LabelPair {
  readonly key: string;
  readonly value: string;
}

/** Parses "key=value" ("key=" gives the empty value). */
export function parseLabelPair(text: string): LabelPair | Invalid {
  const eq = text.indexOf('=');
  if (eq < 0) {
    return {reason: 'expected key=value', hint: `write "${text}=" for an empty value or "${text}=VALUE".`};
  }
  const key = text.slice(0, eq);
  const value = text.slice(eq + 1);
  const bad = checkLabelKey(key) ?? checkLabelValue(value);
  return bad ?? {key, value};
}

export function isInvalid(value: object): value is Invalid {
  return 'reason' in value && 'hint' in value;
}
