// Schemas of the objects lint checks, written field for field from the module's own CRDs (each names the file and
// commit it follows), and the Service fields the module reads. test/cluster/crd-fidelity.test.ts installs the same
// CRDs (test/fixtures/crds/) into a real API server and holds lint to what it accepts.
import type {Schema} from '../schema/validate.js';

const stringMap: Schema = {type: 'object', additionalProperties: {type: 'string'}};
const strings: Schema = {type: 'array', items: {type: 'string'}};

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
  // From deckhouse/deckhouse ee/se/modules/380-metallb/crds/metalloadbalancerclasses.yaml (commit 28d31e80ecf6).
  MetalLoadBalancerClass: object('network.deckhouse.io/v1alpha1', 'MetalLoadBalancerClass', {
    type: 'object',
    additionalProperties: false,
    properties: {
      isDefault: {type: 'boolean'},
      type: {type: 'string', enum: ['L2']},
      l2: {type: 'object', additionalProperties: false, properties: {interfaces: strings}},
      addressPool: strings,
      nodeSelector: stringMap,
      tolerations: {
        type: 'array',
        items: {
          type: 'object', additionalProperties: false,
          properties: {effect: {type: 'string'}, key: {type: 'string'}, operator: {type: 'string'}, tolerationSeconds: {type: 'integer'}, value: {type: 'string'}},
        },
      },
    },
  }),
  // From ee/se/modules/380-metallb/crds/metalloadbalancerpools.yaml (commit 237a6bc44310): IPv4 only, a CIDR or an
  // a-b range without spaces.
  MetalLoadBalancerPool: object('network.deckhouse.io/v1alpha1', 'MetalLoadBalancerPool', {
    type: 'object',
    additionalProperties: false,
    required: ['addresses'],
    properties: {
      addresses: {
        type: 'array', minItems: 1,
        items: {type: 'string', oneOf: [{pattern: '^([0-9]{1,3}\\.){3}[0-9]{1,3}(\\/(3[0-2]|[1-2][0-9]|[0-9]))$'}, {pattern: '^([0-9]{1,3}\\.){3}[0-9]{1,3}-([0-9]{1,3}\\.){3}[0-9]{1,3}$'}]},
      },
      autoAssign: {type: 'boolean'},
      avoidBuggyIPs: {type: 'boolean'},
    },
  }),
  // From ee/se/modules/380-metallb/crds/metalloadbalancerbgppeers.yaml (commit 031c7f011992). The CRD allows ports
  // 1-65535 (0-16384 is the ModuleConfig's range for its own peers) and ASNs from 1.
  MetalLoadBalancerBGPPeer: object('network.deckhouse.io/v1alpha1', 'MetalLoadBalancerBGPPeer', {
    type: 'object',
    additionalProperties: false,
    required: ['peerAddress', 'peerASN', 'myASN'],
    properties: {
      peerAddress: {type: 'string', format: 'ipv4'},
      peerPort: {type: 'integer', minimum: 1, maximum: 65535},
      peerASN: {type: 'integer', minimum: 1, maximum: 4294967295},
      myASN: {type: 'integer', minimum: 1, maximum: 4294967295},
      routerID: {type: 'string', format: 'ipv4'},
      holdTime: {type: 'string', pattern: '^([0-9]+(ms|s|m|h))+$'},
      passwordSecretRef: {type: 'object', additionalProperties: false, required: ['name', 'namespace'], properties: {name: {type: 'string'}, namespace: {type: 'string'}}},
      sourceAddresses: {
        type: 'array',
        items: {
          type: 'object', additionalProperties: false, required: ['nodeName', 'address'],
          properties: {
            nodeName: {type: 'string'},
            address: {type: 'string', pattern: '^((([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])\\.){3}([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])|([0-9a-fA-F:.]+))$'},
          },
        },
      },
      bfd: {
        type: 'object', additionalProperties: false,
        properties: {
          receiveInterval: {type: 'integer'}, transmitInterval: {type: 'integer'}, detectMultiplier: {type: 'integer'}, echoInterval: {type: 'integer'},
          echoMode: {type: 'boolean'}, passiveMode: {type: 'boolean'}, minimumTTL: {type: 'integer'},
        },
      },
    },
  }),
  // From ee/se/modules/380-metallb/crds/metalloadbalancerconfigurations.yaml (commit 612b02fcbaa0): poolNames has
  // no minimum.
  MetalLoadBalancerConfiguration: object('network.deckhouse.io/v1alpha1', 'MetalLoadBalancerConfiguration', {
    type: 'object',
    additionalProperties: false,
    required: ['mode'],
    properties: {
      nodeSelector: stringMap,
      mode: {type: 'string', enum: ['BGP']},
      bgp: {type: 'object', additionalProperties: false, properties: {peerNames: strings}},
      advertisements: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['poolNames'],
          properties: {
            poolNames: strings,
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
