// What the commands need from a cluster, and nothing more (a narrow interface owned by its user); kube-client.ts
// implements it with @kubernetes/client-node, loaded only by commands that talk to a cluster.

export type KubeObject = {apiVersion?: string; kind?: string; metadata: {name: string; namespace?: string; [key: string]: unknown}; [key: string]: unknown};

export interface CustomResource {
  readonly group: string;
  readonly version: string;
  readonly plural: string;
}

export const MODULE_CONFIGS: CustomResource = {group: 'deckhouse.io', version: 'v1alpha1', plural: 'moduleconfigs'};
export const MODULES: CustomResource = {group: 'modules.deckhouse.io', version: 'v1alpha1', plural: 'modules'};
export const INTERNAL_L2LB: CustomResource = {group: 'internal.network.deckhouse.io', version: 'v1alpha1', plural: 'sdninternall2lbservices'};
export const ENDPOINT_SLICES: CustomResource = {group: 'discovery.k8s.io', version: 'v1', plural: 'endpointslices'};
export const CLASSES: CustomResource = {group: 'network.deckhouse.io', version: 'v1alpha1', plural: 'metalloadbalancerclasses'};
export const CLUSTER_ALERTS: CustomResource = {group: 'deckhouse.io', version: 'v1alpha1', plural: 'clusteralerts'};
export const SERVICE_BGP_STATUSES: CustomResource = {group: 'metallb.io', version: 'v1beta1', plural: 'servicebgpstatuses'};
export const BGP_POOLS: CustomResource = {group: 'network.deckhouse.io', version: 'v1alpha1', plural: 'metalloadbalancerpools'};
export const BGP_PEERS: CustomResource = {group: 'network.deckhouse.io', version: 'v1alpha1', plural: 'metalloadbalancerbgppeers'};
export const BGP_CONFIGURATIONS: CustomResource = {group: 'network.deckhouse.io', version: 'v1alpha1', plural: 'metalloadbalancerconfigurations'};

export interface ClusterClient {
  /** "https://…" and the user name, for messages. */
  readonly server: string;
  readonly user: string;
  readonly namespace: string;
  get(resource: CustomResource, name: string): Promise<KubeObject | undefined>;
  list(resource: CustomResource): Promise<KubeObject[]>;
  create(resource: CustomResource, body: KubeObject, dryRun: boolean): Promise<KubeObject>;
  replace(resource: CustomResource, body: KubeObject, dryRun: boolean): Promise<KubeObject>;
  mergePatch(resource: CustomResource, name: string, patch: unknown, dryRun: boolean): Promise<KubeObject>;
  remove(resource: CustomResource, name: string, dryRun: boolean): Promise<void>;
  listServices(): Promise<KubeObject[]>;
  listNodes(): Promise<KubeObject[]>;
  listNamespaces(): Promise<KubeObject[]>;
  /** A namespaced custom resource, in every namespace. */
  listEverywhere(resource: CustomResource): Promise<KubeObject[]>;
  listPods(namespace: string): Promise<KubeObject[]>;
  listEvents(fieldSelector: string): Promise<KubeObject[]>;
  createService(namespace: string, body: KubeObject, dryRun: boolean): Promise<KubeObject>;
  createSecret(namespace: string, body: KubeObject, dryRun: boolean): Promise<KubeObject>;
  /** GET through the API server's pod proxy ("https:POD:PORT" as the pod), e.g. a speaker's metrics. */
  podProxyGet(namespace: string, pod: string, path: string): Promise<string>;
}

export interface ConnectOptions {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  /** Milliseconds before a request is given up (0: never), as kubectl's --request-timeout. */
  requestTimeoutMs?: number;
}

/** --kubeconfig, then $KUBECONFIG, then ~/.kube/config (as kubectl and d8). */
