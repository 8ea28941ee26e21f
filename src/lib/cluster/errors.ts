// Cluster failures as one sentence each, with exit code 3: what happened, and what to do.
import {ExitCode, UserError} from '../errors.js';

export interface RequestContext {
  /** "create", "get", "patch", ... */
  readonly verb: string;
  /** "metalloadbalancerclasses.network.deckhouse.io", "services", ... */
  readonly resource: string;
  readonly name?: string;
  readonly server?: string;
  readonly user?: string;
  /** Why the resource is not served, when the caller found out (the module's state). */
  readonly notServed?: string;
}

/** Why the module's CRDs are not served, from the ModuleConfig and the Module (either may be missing). */
export function moduleNotServedHint(moduleConfig: unknown, module: unknown): string {
  const spec = (moduleConfig as {spec?: {enabled?: unknown}} | undefined)?.spec;
  if (spec?.enabled !== true) return "the metallb module is not enabled (its CRDs are not served); enable it with 'd8 metallb enable' and try again once it is ready";
  const status = (module as {status?: {phase?: unknown; message?: unknown; conditions?: unknown}} | undefined)?.status ?? {};
  const phase = typeof status.phase === 'string' ? status.phase : undefined;
  const conditions = Array.isArray(status.conditions) ? status.conditions as {type?: string; status?: string; message?: string}[] : [];
  const failing = conditions.filter((c) => c.status === 'False').map((c) => `${c.type}${c.message ? `: ${c.message}` : ''}`);
  const detail = [phase ? `phase ${phase}` : 'no phase reported yet', ...(typeof status.message === 'string' && status.message ? [status.message] : []), ...failing].join('; ');
  if (phase && /error|fail/i.test(phase)) return `the metallb module is enabled but failed (${detail}); see 'd8 k get module metallb -o yaml' and the Deckhouse log`;
  if (phase === 'Ready') return `the metallb module is enabled and Ready, but its CRDs are not served (${detail}); see 'd8 k get module metallb -o yaml' and the Deckhouse log`;
  return `the metallb module is enabled but not running yet (${detail}); wait for it ('d8 k get module metallb') and try again`;
}

const CRD_HINTS: Record<string, string> = {
  'network.deckhouse.io': "the metallb module is not enabled (its CRDs are not served); enable it with 'd8 metallb enable' and try again once it is ready",
  'deckhouse.io': 'this cluster has no Deckhouse (ModuleConfig is not served); use a Deckhouse cluster',
};

interface HttpLike {
  code?: number;
  statusCode?: number;
  body?: unknown;
  message?: string;
  cause?: {code?: string};
}

/**
 * A 404 for a resource the server does not serve (a CRD that is not installed) rather than for a missing object:
 * a missing object comes back as a Status naming it; an unserved path as "404 page not found" or a Status without
 * details.
 */
export function isNotServed(error: unknown): boolean {
  const e = (error ?? {}) as HttpLike;
  if ((typeof e.code === 'number' ? e.code : e.statusCode) !== 404) return false;
  const body = typeof e.body === 'string' ? safeJson(e.body) : e.body;
  const details = (body as {details?: {name?: string}} | undefined)?.details;
  return !details?.name;
}

/** Turns an error from the Kubernetes client into a UserError (exit 3) naming the request and the fix. */
export function clusterError(error: unknown, context: RequestContext): UserError {
  const e = (error ?? {}) as HttpLike & {code?: number | string};
  const status = typeof e.code === 'number' ? e.code : e.statusCode;
  const what = `${context.verb} ${context.resource}${context.name ? ` ${JSON.stringify(context.name)}` : ''}`;
  const body = typeof e.body === 'string' ? safeJson(e.body) : (e.body as {message?: string} | undefined);
  const serverMessage = body && typeof body === 'object' && 'message' in body ? String((body as {message: unknown}).message) : undefined;
  const options = {exitCode: ExitCode.Cluster, cause: error} as const;
  if (status === 401) return new UserError(`${what}: the cluster rejected the credentials (401 Unauthorized); refresh the token or certificate in your kubeconfig.`, options);
  if (status === 403) return new UserError(`${what}: forbidden (403): user ${context.user ?? 'of this kubeconfig'} may not ${context.verb} ${context.resource}; ask an administrator for that permission or use another context.`, options);
  if (status === 404) {
    if (isNotServed(error)) {
      const group = context.resource.split('.').slice(1).join('.');
      return new UserError(`${what}: ${context.notServed ?? CRD_HINTS[group] ?? `the resource ${context.resource} is not served by this cluster`}.`, options);
    }
    return new UserError(`${what}: not found (404); check the name and the namespace.`, options);
  }
  if (status === 409) return new UserError(`${what}: conflict (409): ${serverMessage ?? 'the object changed or exists'}; get it again and retry, or use --overwrite where offered.`, options);
  if (status === 422) return new UserError(`${what}: the cluster refused the object (422): ${serverMessage ?? 'invalid'}; fix the values.`, options);
  if (status !== undefined && status >= 500) return new UserError(`${what}: the API server failed (${status}${serverMessage ? `: ${serverMessage}` : ''}); retry later.`, options);
  const code = typeof e.code === 'string' ? e.code : e.cause?.code ?? (/(E[A-Z_]+|CERT_[A-Z_]+|UNABLE_TO_[A-Z_]+|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)/.exec(String(e.message))?.[1]);
  const server = context.server ?? 'the API server';
  if (code === 'ECONNREFUSED' || code === 'EHOSTUNREACH' || code === 'ENOTFOUND' || code === 'ECONNRESET') {
    return new UserError(`${what}: cannot reach ${server} (${code}); check that the cluster is up and the kubeconfig's server address.`, options);
  }
  if (code === 'ETIMEDOUT' || /timeout/i.test(String(e.message))) return new UserError(`${what}: ${server} did not answer in time; check the network or retry.`, options);
  if (code && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) {
    return new UserError(`${what}: TLS failed for ${server} (${code}): its certificate is not trusted by the kubeconfig's certificate authority; fix certificate-authority-data in the kubeconfig.`, options);
  }
  return new UserError(`${what}: ${String(e.message ?? error).split('\n')[0]}; check the cluster and the kubeconfig.`, options);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Retries a request on 429 and 5xx with exponential backoff (3 tries); other errors go through at once. */
export async function withRetries<T>(fn: () => Promise<T>, sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const status = (error as HttpLike).code ?? (error as HttpLike).statusCode;
      if (attempt >= 2 || typeof status !== 'number' || !(status === 429 || status >= 500)) throw error;
      await sleep(200 * 2 ** attempt);
    }
  }
}
