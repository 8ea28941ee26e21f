// JSON Schemas of the metallb module's settings, written field for field from the module's
// ee/se/modules/380-metallb/openapi/config-values.yaml (x-config-version 3, commit 13388289362b). Deckhouse converts
// settings of an older version to the latest (openapi/conversions/v2.yaml, v3.yaml) and checks them against that one
// schema, so every version is checked against it here too. Objects refuse unknown fields, as Deckhouse's schema
// loading does for settings (additionalProperties false unless a schema says otherwise). Not modelled: the
// matchExpressions oneOf on operator and values (validate.ts checks selectors).
import type {Schema} from '../../schema/validate.js';
import type {SettingsVersion} from '../constants.js';

const stringMap: Schema = {type: 'object', additionalProperties: {type: 'string'}};

const tolerations: Schema = {
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    properties: {
      effect: {type: 'string'},
      key: {type: 'string'},
      operator: {type: 'string'},
      tolerationSeconds: {type: 'integer'},
      value: {type: 'string'},
    },
  },
};

const speaker: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: {nodeSelector: stringMap, tolerations},
};

const asn: Schema = {type: 'integer', minimum: 0, maximum: 4294967295};

const labelSelector: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    matchLabels: stringMap,
    matchExpressions: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['key', 'operator'],
        properties: {
          key: {type: 'string'},
          operator: {type: 'string', enum: ['In', 'NotIn', 'Exists', 'DoesNotExist']},
          values: {type: 'array', items: {type: 'string'}},
        },
      },
    },
  },
};

const bgpPeer: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['peer-address', 'peer-asn', 'my-asn'],
  properties: {
    'peer-address': {type: 'string', pattern: '^([0-9]{1,3}\\.){3}[0-9]{1,3}$'},
    'peer-asn': asn,
    'my-asn': asn,
    'peer-port': {type: 'integer', minimum: 0, maximum: 16384},
    'source-address': {type: 'string', pattern: '^(?:[0-9]{1,3}\\.){3}[0-9]{1,3}$'},
    'router-id': {type: 'string'},
    // int-or-string; the pattern holds for the string form.
    'hold-time': {type: ['integer', 'string'], pattern: '^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$'},
    'node-selector': labelSelector,
    password: {type: 'string'},
  },
};

const addressPool: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'protocol', 'addresses'],
  properties: {
    name: {type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$'},
    protocol: {type: 'string', enum: ['bgp', 'layer2']},
    // IPv4 only: a CIDR or an a-b range without spaces.
    addresses: {type: 'array', items: {type: 'string', oneOf: [{pattern: '^([0-9]{1,3}\\.){3}[0-9]{1,3}(\\/(3[0-2]|[1-2][0-9]|[0-9]))$'}, {pattern: '^([0-9]{1,3}\\.){3}[0-9]{1,3}-([0-9]{1,3}\\.){3}[0-9]{1,3}$'}]}},
    'auto-assign': {type: 'boolean'},
    'avoid-buggy-ips': {type: 'boolean'},
    'bgp-advertisements': {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        properties: {
          'aggregation-length': {type: 'integer', minimum: 1},
          localpref: {type: 'integer'},
          communities: {type: 'array', items: {type: 'string'}},
        },
      },
    },
  },
};

const bgpSettings: Record<string, Schema> = {
  bgpPeers: {type: 'array', items: bgpPeer},
  addressPools: {type: 'array', items: addressPool},
  bgpCommunities: stringMap,
};

const common: Record<string, Schema> = {nodeSelector: stringMap, tolerations, speaker};

export const SETTINGS_SCHEMAS: Record<SettingsVersion, Schema> = {
  1: {type: 'object', additionalProperties: false, properties: {loadBalancerClass: {type: 'string'}, ...common, ...bgpSettings}},
  2: {type: 'object', additionalProperties: false, properties: {loadBalancerClass: {type: 'string'}, ...common, ...bgpSettings}},
  3: {type: 'object', additionalProperties: false, properties: {loadBalancerClass: {type: 'string'}, ...common, ...bgpSettings}},
};

/** Top-level settings each version knows, for "did you mean" hints. */
export function knownSettings(version: SettingsVersion): string[] {
  return Object.keys(SETTINGS_SCHEMAS[version].properties ?? {});
}
