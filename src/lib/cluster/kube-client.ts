// ClusterClient over @kubernetes/client-node 1.4 (ESM, loaded lazily: it is a large part of a cluster command's
// start-up). Every call maps failures to one-sentence UserErrors (errors.ts) and retries 429/5xx.
import {ExitCode, UserError} from '../errors.js';
import {lazyImport} from '../lazy-import.js';
import {type ClusterClient, type ConnectOptions, type CustomResource, type KubeObject, MODULE_CONFIGS, MODULES} from './client.js';
import {readKubeconfig} from './kubeconfig.js';
import {closest} from '../text/closest.js';
import {clusterError, isNotServed, moduleNotServedHint, withRetries} from './errors.js';

type Kube = typeof import('@kubernetes/client-node');

let requests = 0;
/** D8_METALLB_COUNT_REQUESTS=1 prints the number of API requests at exit (bench/status.mjs). */
function countRequest(): void {
  if (requests++ === 0 && process.env.D8_METALLB_COUNT_REQUESTS === '1') process.once('exit', () => process.stderr.write(`api-requests: ${requests}\n`));
}

/** The field manager of every object this tool writes (kubectl's is kubectl-client-side-apply or kubectl). */
export const FIELD_MANAGER = 'd8-metallb';

export async function connect(options: ConnectOptions): Promise<ClusterClient> {
  const source = readKubeconfig(options.kubeconfig);
  const path = source.files.join(':');
  const k8s = await lazyImport<Kube>('@kubernetes/client-node');
  const config = new k8s.KubeConfig();
  try {
    config.loadFromString(source.text);
  } catch (error) {
    throw new UserError(`${path}: not a readable kubeconfig (${(error as Error).message.split('\n')[0]}); fix the file or give another with --kubeconfig.`, {exitCode: ExitCode.Cluster, cause: error});
  }
  if (options.context) {
    if (!config.getContextObject(options.context)) {
      const names = config.getContexts().map((c) => c.name);
      const guess = closest(options.context, names);
      throw new UserError(`--context ${JSON.stringify(options.context)}: no such context in ${path}; ${guess ? `did you mean ${guess}? ` : ''}the contexts are ${names.join(', ') || 'none'}.`, {exitCode: ExitCode.Cluster});
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
  // Without a field manager the API server records the HTTP library's user agent (node-fetch) as the manager.
  const write = (dryRun: boolean) => ({fieldManager: FIELD_MANAGER, ...dry(dryRun)});
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
  /** The module's CRDs are not served: say whether it is disabled, still starting, or failed (two more requests). */
  const moduleHint = async () => {
    const quietly = (r: CustomResource) => timed(() => custom.getClusterCustomObject({...r, name: 'metallb'}))().catch(() => undefined);
    const [moduleConfig, module] = await Promise.all([quietly(MODULE_CONFIGS), quietly(MODULES)]);
    return moduleNotServedHint(moduleConfig, module);
  };
  const run = async <T>(verb: string, resource: string, name: string | undefined, fn: () => Promise<T>): Promise<T> => {
    countRequest();
    try {
      return await withRetries(timed(fn));
    } catch (error) {
      const notServed = isNotServed(error) && /\.network\.deckhouse\.io$/.test(resource) ? await moduleHint() : undefined;
      throw clusterError(error, {verb, resource, server: cluster.server, user, ...(name ? {name} : {}), ...(notServed ? {notServed} : {})});
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
        const notServed = isNotServed(error) && r.group.endsWith('network.deckhouse.io') ? await moduleHint() : undefined;
        throw clusterError(error, {verb: 'get', resource: resourceName(r), name, server: cluster.server, user, ...(notServed ? {notServed} : {})});
      }
    },
    // resourceVersion "0": served from the API server's watch cache, not from etcd (status lists everything at once).
    list: (r) => run('list', resourceName(r), undefined, async () => ((await custom.listClusterCustomObject({...r, resourceVersion: '0'})) as {items: KubeObject[]}).items),
    create: (r, body, dryRun) => run('create', resourceName(r), body.metadata.name, async () => (await custom.createClusterCustomObject({...r, body, ...write(dryRun)})) as KubeObject),
    replace: (r, body, dryRun) => run('update', resourceName(r), body.metadata.name, async () => (await custom.replaceClusterCustomObject({...r, name: body.metadata.name, body, ...write(dryRun)})) as KubeObject),
    mergePatch: (r, name, patch, dryRun) => run('patch', resourceName(r), name, async () => (await custom.patchClusterCustomObject({...r, name, body: patch as object, ...write(dryRun)}, mergePatch)) as KubeObject),
    remove: (r, name, dryRun) => run('delete', resourceName(r), name, async () => {
      await custom.deleteClusterCustomObject({...r, name, ...dry(dryRun)});
    }),
    listEverywhere: (r) => run('list', resourceName(r), undefined, async () => ((await custom.listCustomObjectForAllNamespaces({...r, resourceVersion: '0'})) as {items: KubeObject[]}).items),
    listPods: (ns) => run('list', 'pods', undefined, async () => (await core.listNamespacedPod({namespace: ns, resourceVersion: '0'})).items as unknown as KubeObject[]),
    listEvents: (fieldSelector) => run('list', 'events', undefined, async () => (await core.listEventForAllNamespaces({fieldSelector, resourceVersion: '0'})).items as unknown as KubeObject[]),
    listNodes: () => run('list', 'nodes', undefined, async () => (await core.listNode({resourceVersion: '0'})).items as unknown as KubeObject[]),
    listNamespaces: () => run('list', 'namespaces', undefined, async () => (await core.listNamespace({resourceVersion: '0'})).items as unknown as KubeObject[]),
    listServices: () => run('list', 'services', undefined, async () => (await core.listServiceForAllNamespaces({resourceVersion: '0'})).items as unknown as KubeObject[]),
    createService: (ns, body, dryRun) => run('create', 'services', body.metadata.name, async () => (await core.createNamespacedService({namespace: ns, body: body as never, ...write(dryRun)})) as unknown as KubeObject),
    podProxyGet: (ns, pod, path) => run('get', 'pods/proxy', pod, async () => String(await core.connectGetNamespacedPodProxyWithPath({namespace: ns, name: pod, path}))),
    createSecret: (ns, body, dryRun) => run('create', 'secrets', body.metadata.name, async () => (await core.createNamespacedSecret({namespace: ns, body: body as never, ...write(dryRun)})) as unknown as KubeObject),
  };
}
