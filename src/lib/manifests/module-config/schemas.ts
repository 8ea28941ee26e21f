// JSON Schemas of the metallb module's settings, per spec.version (from the module's openapi/config-values.yaml).
// Differences from upstream, on purpose: unknown fields are refused (typos would otherwise pass silently), and a pool's
// name, protocol and addresses are required because MetalLB rejects a pool without them.
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
  required: ['nodeSelector'],
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
    'peer-address': {type: 'string'},
    'peer-asn': asn,
    'my-asn': asn,
    'peer-port': {type: 'integer', minimum: 0, maximum: 16384},
    'source-address': {type: 'string'},
    'router-id': {type: 'string'},
    'hold-time': {type: ['integer', 'string']},
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
    addresses: {type: 'array', minItems: 1, items: {type: 'string'}},
    'auto-assign': {type: 'boolean'},
    'avoid-buggy-ips': {type: 'boolean'},
    'bgp-advertisements': {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        properties: {
          'aggregation-length': {type: 'integer', minimum: 1, maximum: 32},
          localpref: {type: 'integer', minimum: 0, maximum: 4294967295},
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
  1: {type: 'object', additionalProperties: false, required: ['addressPools'], properties: {...common, ...bgpSettings}},
  2: {type: 'object', additionalProperties: false, required: ['addressPools'], properties: {loadBalancerClass: {type: 'string'}, ...common, ...bgpSettings}},
  3: {type: 'object', additionalProperties: false, properties: {loadBalancerClass: {type: 'string'}, ...common, ...bgpSettings}},
};

/** Top-level settings each version knows, for "did you mean" hints. */
export function knownSettings(version: SettingsVersion): string[] {
  return Object.keys(SETTINGS_SCHEMAS[version].properties ?? {});
}
