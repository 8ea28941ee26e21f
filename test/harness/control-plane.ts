// A real Kubernetes control plane for tests and `npm run dev-cluster`: etcd (Debian's etcd-server) and
// kube-apiserver (built by tools/control-plane/build.sh) on free loopback ports in a temporary directory, with the
// module's CRDs installed and two identities: admin (system:masters) and a restricted one for RBAC tests.
import {type ChildProcess, spawn} from 'node:child_process';
import {generateKeyPairSync, randomBytes} from 'node:crypto';
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {request} from 'node:https';
import {createServer} from 'node:net';
import {homedir, tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseAllDocuments} from 'yaml';

export const KUBE_VERSION = 'v1.34.4';
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CACHE = process.env.D8_METALLB_CONTROL_PLANE_DIR ?? join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'd8-metallb', 'control-plane');
/** Built by tools/control-plane/build.sh (same cache directory). */
export const APISERVER = join(CACHE, `kube-apiserver-${KUBE_VERSION}`);
export const ETCD = '/usr/bin/etcd';

export interface ControlPlane {
  readonly dir: string;
  readonly server: string;
  /** A kubeconfig with contexts "admin" (current) and "restricted". */
  readonly kubeconfig: string;
  readonly adminToken: string;
  readonly restrictedToken: string;
  /** The apiserver's serving certificate (self-signed), for TLS-failure tests. */
  readonly caData: string;
  /** Milliseconds from spawning kube-apiserver to /healthz answering ok. */
  readonly startMs: number;
  request(method: string, path: string, body?: unknown, token?: string): Promise<{status: number; body: unknown}>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const {port} = server.address() as {port: number};
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function call(server: string, token: string, method: string, path: string, body?: unknown): Promise<{status: number; body: unknown}> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(`${server}${path}`, {
      method,
      rejectUnauthorized: false,
      headers: {authorization: `Bearer ${token}`, accept: 'application/json', ...(payload ? {'content-type': method === 'PATCH' ? 'application/merge-patch+json' : 'application/json'} : {})},
      timeout: 10_000,
    }, (res) => {
      let data = '';
      res.on('data', (c) => (data += c));
      res.on('end', () => {
        let parsed: unknown = data;
        try {
          parsed = JSON.parse(data);
        } catch {}
        resolve({status: res.statusCode ?? 0, body: parsed});
      });
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timeout')));
    if (payload) req.write(payload);
    req.end();
  });
}

function waitExit(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}

export async function startControlPlane(log: (line: string) => void = () => {}): Promise<ControlPlane> {
  if (!existsSync(APISERVER)) throw new Error(`kube-apiserver is not built: run tools/control-plane/build.sh (expected ${APISERVER})`);
  if (!existsSync(ETCD)) throw new Error('etcd is missing: apt-get install etcd-server');
  const dir = mkdtempSync(join(tmpdir(), 'd8-metallb-cp-'));
  const children: ChildProcess[] = [];
  const stop = async () => {
    for (const child of children.reverse()) await waitExit(child);
    rmSync(dir, {recursive: true, force: true});
  };
  try {
    const [etcdPort, peerPort, apiPort] = [await freePort(), await freePort(), await freePort()];
    const etcd = spawn(ETCD, [
      `--data-dir=${join(dir, 'etcd')}`, `--listen-client-urls=http://127.0.0.1:${etcdPort}`, `--advertise-client-urls=http://127.0.0.1:${etcdPort}`,
      `--listen-peer-urls=http://127.0.0.1:${peerPort}`, `--initial-advertise-peer-urls=http://127.0.0.1:${peerPort}`, `--initial-cluster=default=http://127.0.0.1:${peerPort}`,
    ], {stdio: ['ignore', 'ignore', 'pipe']});
    children.push(etcd);
    let etcdLog = '';
    etcd.stderr!.on('data', (d) => (etcdLog = (etcdLog + d).slice(-4000)));

    const adminToken = randomBytes(16).toString('hex');
    const restrictedToken = randomBytes(16).toString('hex');
    writeFileSync(join(dir, 'tokens.csv'), `${adminToken},admin,admin,"system:masters"\n${restrictedToken},restricted,restricted\n`);
    const {publicKey, privateKey} = generateKeyPairSync('rsa', {modulusLength: 2048});
    writeFileSync(join(dir, 'sa.pub'), publicKey.export({type: 'spki', format: 'pem'}));
    writeFileSync(join(dir, 'sa.key'), privateKey.export({type: 'pkcs8', format: 'pem'}));

    const started = Date.now();
    const apiserver = spawn(APISERVER, [
      `--etcd-servers=http://127.0.0.1:${etcdPort}`, `--cert-dir=${join(dir, 'certs')}`, `--secure-port=${apiPort}`,
      '--bind-address=127.0.0.1', '--advertise-address=127.0.0.1', '--service-cluster-ip-range=10.0.0.0/16', '--allow-privileged=true',
      '--authorization-mode=RBAC', '--disable-admission-plugins=ServiceAccount', `--token-auth-file=${join(dir, 'tokens.csv')}`,
      `--service-account-issuer=https://127.0.0.1:${apiPort}/`, `--service-account-key-file=${join(dir, 'sa.pub')}`,
      `--service-account-signing-key-file=${join(dir, 'sa.key')}`,
    ], {stdio: ['ignore', 'ignore', 'pipe']});
    children.push(apiserver);
    let apiLog = '';
    apiserver.stderr!.on('data', (d) => (apiLog = (apiLog + d).slice(-8000)));
    const server = `https://127.0.0.1:${apiPort}`;
    for (let i = 0; ; i++) {
      if (apiserver.exitCode !== null) throw new Error(`kube-apiserver exited: ${apiLog.slice(-2000)}`);
      if (etcd.exitCode !== null) throw new Error(`etcd exited: ${etcdLog.slice(-2000)}`);
      const health = await call(server, adminToken, 'GET', '/healthz').catch(() => undefined);
      if (health?.status === 200) break;
      if (i > 1200) throw new Error(`kube-apiserver did not become healthy in 120 s: ${apiLog.slice(-2000)}`);
      await sleep(100);
    }
    const startMs = Date.now() - started;
    log(`kube-apiserver ${KUBE_VERSION} healthy after ${startMs} ms`);

    const crds = parseAllDocuments(readFileSync(join(ROOT, 'test/fixtures/crds/crds.yaml'), 'utf8')).map((d) => d.toJS());
    for (const crd of crds) {
      const r = await call(server, adminToken, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd);
      if (r.status !== 201) throw new Error(`CRD ${crd.metadata.name}: ${r.status} ${JSON.stringify(r.body)}`);
    }
    for (const crd of crds) {
      for (let i = 0; ; i++) {
        const r = await call(server, adminToken, 'GET', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.metadata.name}`);
        const conditions = ((r.body as {status?: {conditions?: {type: string; status: string}[]}}).status?.conditions) ?? [];
        if (conditions.some((c) => c.type === 'Established' && c.status === 'True')) break;
        if (i > 100) throw new Error(`CRD ${crd.metadata.name} not established`);
        await sleep(100);
      }
    }
    // The restricted identity may read classes and Services, nothing else.
    await call(server, adminToken, 'POST', '/apis/rbac.authorization.k8s.io/v1/clusterroles', {
      metadata: {name: 'd8-metallb-test-restricted'},
      rules: [{apiGroups: ['network.deckhouse.io'], resources: ['metalloadbalancerclasses'], verbs: ['get', 'list']}, {apiGroups: [''], resources: ['services'], verbs: ['get', 'list']}],
    });
    await call(server, adminToken, 'POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
      metadata: {name: 'd8-metallb-test-restricted'},
      roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'd8-metallb-test-restricted'},
      subjects: [{apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'restricted'}],
    });
    const caData = readFileSync(join(dir, 'certs', 'apiserver.crt')).toString('base64');
    const kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{name: 'test', cluster: {server, 'certificate-authority-data': caData}}],
      users: [{name: 'admin', user: {token: adminToken}}, {name: 'restricted', user: {token: restrictedToken}}],
      contexts: [{name: 'admin', context: {cluster: 'test', user: 'admin', namespace: 'default'}}, {name: 'restricted', context: {cluster: 'test', user: 'restricted', namespace: 'default'}}],
      'current-context': 'admin',
    }, null, 2));
    return {dir, server, kubeconfig, adminToken, restrictedToken, caData, startMs, stop, request: (method, path, body, token) => call(server, token ?? adminToken, method, path, body)};
  } catch (error) {
    await stop();
    throw error;
  }
}
