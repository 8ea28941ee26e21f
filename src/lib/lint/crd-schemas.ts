// Schemas of the objects lint checks, written from the module's CRDs (../shared/spec/deckhouse-metallb.md) and the
// Service fields the module reads. Unknown fields in a CRD's spec are pruned by the API server, silently: lint warns.
import type {Schema} from '../schema/validate.js';

const stringMap: Schema = {type: 'object', additionalProperties: {type: 'string'}};
const strings: Schema = {type: 'array', items: {type: 'string'}};
const asn: Schema = {type: 'integer', minimum: 0, maximum: 4294967295};

const metadata: Schema = {
  type: 'object',
  properties: {name: {type: 'string'}, namespace: {type: 'string'}, labels: stringMap, annotations: stringMap},
};

function object(apiVersion: string, kind: string, spec: Schema): Schema {
  return {
    type: 'object',
    required: ['metadata'],
    additionalProperties: false,
    properties: {
      apiVersion: {type: 'string', enum: [apiVersion]},
      kind: {type: 'string', enum: [kind]},
      metadata,
      spec,
      status: {type: 'object'},
    },
  };
}

export const CRD_SCHEMAS = {
  ModuleConfig: object('deckhouse.io/v1alpha1', 'ModuleConfig', {
    type: 'object',
    additionalProperties: false,
    properties: {
      enabled: {type: 'boolean'},
      version: {type: 'integer'},
      settings: {type: 'object'},
      maintenance: {type: 'string', enum: ['NoResourceReconciliation']},
      updatePolicy: {type: 'string'},
      source: {type: 'string'},
    },
  }),
  MetalLoadBalancerClass: object('network.deckhouse.io/v1alpha1', 'MetalLoadBalancerClass', {
    type: 'object',
    additionalProperties: false,
    properties: {
      type: {type: 'string'},
      isDefault: {type: 'boolean'},
      addressPool: strings,
      nodeSelector: stringMap,
      l2: {type: 'object', additionalProperties: false, properties: {interfaces: strings}},
    },
  }),
  MetalLoadBalancerPool: object('network.deckhouse.io/v1alpha1', 'MetalLoadBalancerPool', {
    type: 'object',
    additionalProperties: false,
    required: ['addresses'],
    properties: {addresses: {type: 'array', minItems: 1, items: {type: 'string'}}, autoAssign: {type: 'boolean'}, avoidBuggyIPs: {type: 'boolean'}},
  }),
  MetalLoadBalancerBGPPeer: object('network.deckhouse.io/v1alpha1', 'MetalLoadBalancerBGPPeer', {
    type: 'object',
    additionalProperties: false,
    required: ['peerAddress', 'peerASN', 'myASN'],
    properties: {
      peerAddress: {type: 'string'},
      peerASN: asn,
      myASN: asn,
      peerPort: {type: 'integer', minimum: 0, maximum: 16384},
      routerID: {type: 'string'},
      holdTime: {type: 'string'},
      passwordSecretRef: {type: 'object', additionalProperties: false, properties: {name: {type: 'string'}, namespace: {type: 'string'}}},
      sourceAddresses: {type: 'array', items: {type: 'object', additionalProperties: false, properties: {nodeName: {type: 'string'}, address: {type: 'string'}}}},
      bfd: {type: 'object'},
    },
  }),
  MetalLoadBalancerConfiguration: object('network.deckhouse.io/v1alpha1', 'MetalLoadBalancerConfiguration', {
    type: 'object',
    additionalProperties: false,
    required: ['mode'],
    properties: {
      mode: {type: 'string', enum: ['BGP']},
      nodeSelector: stringMap,
      bgp: {type: 'object', additionalProperties: false, properties: {peerNames: strings}},
      advertisements: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['poolNames'],
          properties: {
            poolNames: {type: 'array', minItems: 1, items: {type: 'string'}},
            bgp: {
              type: 'object',
              additionalProperties: false,
              properties: {
                communities: {type: 'array', items: {type: 'string', pattern: '^([0-9]+:[0-9]+|no-export|no-advertise|local-as|none)$'}},
                localPref: {type: 'integer', minimum: 0, maximum: 4294967295},
                aggregationLength: {type: 'integer', minimum: 0, maximum: 128},
              },
            },
          },
        },
      },
    },
  }),
  // Only the Service fields the module reads are checked; the rest of a Service is the API server's business.
  Service: {
    type: 'object',
    required: ['metadata'],
    properties: {
      metadata,
      spec: {
        type: 'object',
        properties: {
          type: {type: 'string', enum: ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName']},
          loadBalancerClass: {type: 'string'},
          loadBalancerIP: {type: 'string'},
          externalTrafficPolicy: {type: 'string', enum: ['Cluster', 'Local']},
          ports: {
            type: 'array',
            items: {
              type: 'object',
              required: ['port'],
              properties: {
                name: {type: 'string'},
                port: {type: 'integer', minimum: 1, maximum: 65535},
                protocol: {type: 'string', enum: ['TCP', 'UDP', 'SCTP']},
                targetPort: {type: ['integer', 'string']},
                nodePort: {type: 'integer', minimum: 0, maximum: 65535},
              },
            },
          },
          selector: stringMap,
        },
      },
    },
  },
} satisfies Record<string, Schema>;

export type CheckedKind = keyof typeof CRD_SCHEMAS;
