// ClusterClient over @kubernetes/client-node 1.4 (ESM, loaded lazily: it is a large part of a cluster command's
// start-up). Every call maps failures to one-sentence UserErrors (errors.ts) and retries 429/5xx.
import {existsSync} from 'node:fs';
import {ExitCode, UserError} from '../errors.js';
import {lazyImport} from '../lazy-import.js';
import {type ClusterClient, type ConnectOptions, type CustomResource, type KubeObject, kubeconfigPath} from './client.js';
import {clusterError, isNotServed, withRetries} from './errors.js';

type Kube = typeof import('@kubernetes/client-node');

let requests = 0;
/** D8_METALLB_COUNT_REQUESTS=1 prints the number of API requests at exit (bench/status.mjs). */
function countRequest(): void {
  if (requests++ === 0 && process.env.D8_METALLB_COUNT_REQUESTS === '1') process.once('exit', () => process.stderr.write(`api-requests: ${requests}\n`));
}

export async function connect(options: ConnectOptions): Promise<ClusterClient> {
  const path = kubeconfigPath(options.kubeconfig);
  if (!existsSync(path)) {
    throw new UserError(`no kubeconfig at ${path}; give one with --kubeconfig or KUBECONFIG.`, {exitCode: ExitCode.Cluster});
  }
  const k8s = await lazyImport<Kube>('@kubernetes/client-node');
  const config = new k8s.KubeConfig();
  try {
    config.loadFromFile(path);
  } catch (error) {
    throw new UserError(`${path}: not a readable kubeconfig (${(error as Error).message.split('\n')[0]}); fix the file or give another with --kubeconfig.`, {exitCode: ExitCode.Cluster, cause: error});
  }
  if (options.context) {
    if (!config.getContextObject(options.context)) {
      throw new UserError(`--context ${JSON.stringify(options.context)}: no such context in ${path}; the contexts are ${config.getContexts().map((c) => c.name).join(', ')}.`);
    }
    config.setCurrentContext(options.context);
  }
  const cluster = config.getCurrentCluster();
  if (!cluster) throw new UserError(`${path}: the current context names no cluster; fix the kubeconfig or give --context.`, {exitCode: ExitCode.Cluster});
  const context = config.getContextObject(config.getCurrentContext());
  const user = config.getCurrentUser()?.name ?? 'unknown';
  const namespace = options.namespace ?? context?.namespace ?? 'default';
  const custom = config.makeApiClient(k8s.CustomObjectsApi);
  const core = config.makeApiClient(k8s.CoreV1Api);
  const mergePatch = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch);
  const dry = (dryRun: boolean) => (dryRun ? {dryRun: 'All'} : {});
  const resourceName = (r: CustomResource) => `${r.plural}.${r.group}`;
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  /** client-node has no request timeout of its own: a server that accepts and never answers would hang us. */
  const timed = <T>(fn: () => Promise<T>) => (): Promise<T> => {
    if (timeoutMs <= 0) return fn();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error('request timeout'), {code: 'ETIMEDOUT'})), timeoutMs);
    });
    return Promise.race([fn(), timeout]).finally(() => clearTimeout(timer));
  };
  const run = async <T>(verb: string, resource: string, name: string | undefined, fn: () => Promise<T>): Promise<T> => {
    countRequest();
    try {
      return await withRetries(timed(fn));
    } catch (error) {
      throw clusterError(error, {verb, resource, server: cluster.server, user, ...(name ? {name} : {})});
    }
  };
  const isNotFound = (error: unknown) => (error as {code?: number}).code === 404 && !isNotServed(error);

  return {
    server: cluster.server,
    user,
    namespace,
    async get(r, name) {
      countRequest();
      try {
        return (await withRetries(timed(() => custom.getClusterCustomObject({...r, name})))) as KubeObject;
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw clusterError(error, {verb: 'get', resource: resourceName(r), name, server: cluster.server, user});
      }
    },
    // resourceVersion "0": served from the API server's watch cache, not from etcd (status lists everything at once).
    list: (r) => run('list', resourceName(r), undefined, async () => ((await custom.listClusterCustomObject({...r, resourceVersion: '0'})) as {items: KubeObject[]}).items),
    create: (r, body, dryRun) => run('create', resourceName(r), body.metadata.name, async () => (await custom.createClusterCustomObject({...r, body, ...dry(dryRun)})) as KubeObject),
    replace: (r, body, dryRun) => run('update', resourceName(r), body.metadata.name, async () => (await custom.replaceClusterCustomObject({...r, name: body.metadata.name, body, ...dry(dryRun)})) as KubeObject),
    mergePatch: (r, name, patch, dryRun) => run('patch', resourceName(r), name, async () => (await custom.patchClusterCustomObject({...r, name, body: patch as object, ...dry(dryRun)}, mergePatch)) as KubeObject),
    remove: (r, name, dryRun) => run('delete', resourceName(r), name, async () => {
      await custom.deleteClusterCustomObject({...r, name, ...dry(dryRun)});
    }),
    listEverywhere: (r) => run('list', resourceName(r), undefined, async () => ((await custom.listCustomObjectForAllNamespaces({...r, resourceVersion: '0'})) as {items: KubeObject[]}).items),
    listPods: (ns) => run('list', 'pods', undefined, async () => (await core.listNamespacedPod({namespace: ns, resourceVersion: '0'})).items as unknown as KubeObject[]),
    listEvents: (fieldSelector) => run('list', 'events', undefined, async () => (await core.listEventForAllNamespaces({fieldSelector, resourceVersion: '0'})).items as unknown as KubeObject[]),
    listNodes: () => run('list', 'nodes', undefined, async () => (await core.listNode({resourceVersion: '0'})).items as unknown as KubeObject[]),
    listServices: () => run('list', 'services', undefined, async () => (await core.listServiceForAllNamespaces({resourceVersion: '0'})).items as unknown as KubeObject[]),
    createService: (ns, body, dryRun) => run('create', 'services', body.metadata.name, async () => (await core.createNamespacedService({namespace: ns, body: body as never, ...dry(dryRun)})) as unknown as KubeObject),
  };
}
