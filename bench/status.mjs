// `d8 metallb status` on a real control plane with 1,000 and 5,000 LoadBalancer Services, 50 classes and 100 Nodes:
// wall time and the number of API requests (it must not grow with the Services), next to the floor of a process
// that only lists the same Services once, and the cost of loading the Kubernetes client as ES modules versus bundled
// (dist/kube.cjs) with the V8 code cache. Every create is checked, and so is the count status reports: a bench that
// measured fewer Services than it says (a full service CIDR once left 747 of 1,000 uncreated) fails instead.
import {build} from 'esbuild';
import {spawnSync} from 'node:child_process';
import {join} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const harness = join(root, 'test', 'harness', '.bench-control-plane.bundle.mjs');
await build({entryPoints: [join(root, 'test/harness/control-plane.ts')], outfile: harness, bundle: true, format: 'esm', platform: 'node', target: 'node20', packages: 'external', logLevel: 'warning'});
const {startControlPlane} = await import(pathToFileURL(harness).href);

const plane = await startControlPlane();
try {
  const pool = async (items, fn, width = 16) => {
    let next = 0;
    await Promise.all(Array.from({length: width}, async () => {
      while (next < items.length) await fn(items[next++]);
    }));
  };
  const ok = (what, r) => {
    if (r.status >= 300) throw new Error(`bench setup: ${what} failed with ${r.status}: ${JSON.stringify(r.body).slice(0, 300)}`);
  };
  ok('create the ModuleConfig', await plane.request('POST', '/apis/deckhouse.io/v1alpha1/moduleconfigs', {apiVersion: 'deckhouse.io/v1alpha1', kind: 'ModuleConfig', metadata: {name: 'metallb'}, spec: {enabled: true, version: 2}}));
  await pool(Array.from({length: 100}, (_, n) => n), async (n) => ok(`create node-${n}`, await plane.request('POST', '/api/v1/nodes', {metadata: {name: `node-${n}`, labels: {pool: String(n % 50)}}})));
  await pool(Array.from({length: 50}, (_, c) => c), async (c) => ok(`create class-${c}`, await plane.request('POST', '/apis/network.deckhouse.io/v1alpha1/metalloadbalancerclasses', {
    apiVersion: 'network.deckhouse.io/v1alpha1', kind: 'MetalLoadBalancerClass', metadata: {name: `class-${c}`},
    spec: {type: 'L2', addressPool: [`2001:db8:${c.toString(16)}::/112`], nodeSelector: {pool: String(c % 50)}},
  })));
  for (let ns = 0; ns < 10; ns++) ok(`create team-${ns}`, await plane.request('POST', '/api/v1/namespaces', {metadata: {name: `team-${ns}`}}));
  const services = (count) => Array.from({length: count}, (_, s) => s);
  // allocateLoadBalancerNodePorts: false — a NodePort each would stop at the 2,768 ports of the NodePort range.
  const create = async (s) => {
    const namespace = `team-${s % 10}`;
    ok(`create service-${s}`, await plane.request('POST', `/api/v1/namespaces/${namespace}/services`, {metadata: {name: `service-${s}`}, spec: {type: 'LoadBalancer', loadBalancerClass: `class-${s % 50}`, allocateLoadBalancerNodePorts: false, ports: [{port: 80}]}}));
  };
  const runs = Number(process.env.BENCH_RUNS ?? 5);
  const median = (times) => times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
  const measure = (expected, env = {}) => {
    const times = [];
    let requests;
    for (let i = 0; i < runs; i++) {
      const start = process.hrtime.bigint();
      const r = spawnSync(process.execPath, ['bin/run.js', 'metallb', 'status', '-o', 'json'], {cwd: root, env: {...process.env, KUBECONFIG: plane.kubeconfig, D8_METALLB_COUNT_REQUESTS: '1', ...env}, encoding: 'utf8', maxBuffer: 1 << 28});
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
      requests = /api-requests: (\d+)/.exec(r.stderr)?.[1];
      const seen = JSON.parse(r.stdout).services.length;
      if (seen !== expected) throw new Error(`bench: status saw ${seen} Services, ${expected} were created`);
    }
    return {ms: median(times), requests};
  };
  // The floor: a fresh Node process that lists the same Services once (TLS, one GET, JSON.parse), nothing else.
  const lister = `const https = require('node:https'); https.get(process.argv[1] + '/api/v1/services?resourceVersion=0', {rejectUnauthorized: false, headers: {authorization: 'Bearer ' + process.argv[2]}}, (r) => { let b = ''; r.on('data', (d) => (b += d)); r.on('end', () => console.log(JSON.parse(b).items.filter((s) => s.spec.type === 'LoadBalancer').length)); });`;
  const floor = (expected) => {
    const times = [];
    for (let i = 0; i < runs; i++) {
      const start = process.hrtime.bigint();
      const r = spawnSync(process.execPath, ['-e', lister, plane.server, plane.adminToken], {encoding: 'utf8', maxBuffer: 1 << 28});
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
      if (Number(r.stdout) !== expected) throw new Error(`bench: the floor listed ${r.stdout.trim()} Services, ${expected} were created`);
    }
    return median(times);
  };
  await pool(services(100), create);
  const small = measure(100);
  await pool(services(1000).slice(100), create);
  const large = measure(1000);
  const largeFloor = floor(1000);
  const unbundled = measure(1000, {D8_METALLB_KUBE_UNBUNDLED: '1'});
  const noCache = measure(1000, {D8_METALLB_NO_CODE_CACHE: '1'});
  await pool(services(5000).slice(1000), create);
  const huge = measure(5000);
  const hugeFloor = floor(5000);
  const row = (label, m, f) => `  ${label} ${m.ms.toFixed(0).padStart(5)} ms, ${m.requests} API requests; one list alone ${f.toFixed(0).padStart(4)} ms (${(m.ms / f).toFixed(2)}x)`;
  console.log(`status on a real kube-apiserver ${plane.startMs} ms to start; 50 classes, 100 nodes; median of ${runs} runs`);
  console.log(`  100 Services:   ${small.ms.toFixed(0).padStart(5)} ms, ${small.requests} API requests`);
  console.log(row('1,000 Services:', large, largeFloor));
  console.log(row('5,000 Services:', huge, hugeFloor));
  console.log(`  1,000 Services, client-node loaded as ES modules (before):  ${unbundled.ms.toFixed(0).padStart(5)} ms`);
  console.log(`  1,000 Services, bundled client without the V8 code cache:    ${noCache.ms.toFixed(0).padStart(5)} ms`);
} finally {
  await plane.stop();
}
