// The objects this tool writes, typed as far as it fills them in.

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface ModuleConfig {
  apiVersion: 'deckhouse.io/v1alpha1';
  kind: 'ModuleConfig';
  metadata: ObjectMeta;
  spec: {
    enabled?: boolean;
    settings?: Record<string, unknown>;
    version?: number;
  };
}

export interface MetalLoadBalancerClass {
  apiVersion: 'network.deckhouse.io/v1alpha1';
  kind: 'MetalLoadBalancerClass';
  metadata: ObjectMeta;
  spec: {
    addressPool: string[];
    isDefault: boolean;
    l2?: {interfaces: string[]};
    nodeSelector?: Record<string, string>;
    type: string;
  };
}

export type ServiceProtocol = 'TCP' | 'UDP' | 'SCTP';

export interface ServicePort {
  name?: string;
  port: number;
  protocol: ServiceProtocol;
  targetPort?: number | string;
}

export interface Service {
  apiVersion: 'v1';
  kind: 'Service';
  metadata: ObjectMeta;
  spec: {
    type: 'LoadBalancer';
    loadBalancerClass?: string;
    externalTrafficPolicy?: 'Cluster' | 'Local';
    ports: ServicePort[];
    selector?: Record<string, string>;
  };
}

export type Manifest = ModuleConfig | MetalLoadBalancerClass | Service;
