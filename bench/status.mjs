// `d8 metallb status` on a real control plane with 1,000 LoadBalancer Services, 50 classes and 100 Nodes (issue 6):
// wall time and the number of API requests (it must not grow with the Services), and the cost of loading the
// Kubernetes client as ES modules versus bundled (dist/kube.cjs) with the V8 code cache.
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
  await plane.request('POST', '/apis/deckhouse.io/v1alpha1/moduleconfigs', {apiVersion: 'deckhouse.io/v1alpha1', kind: 'ModuleConfig', metadata: {name: 'metallb'}, spec: {enabled: true, version: 2}});
  await pool(Array.from({length: 100}, (_, n) => n), (n) => plane.request('POST', '/api/v1/nodes', {metadata: {name: `node-${n}`, labels: {pool: String(n % 50)}}}));
  await pool(Array.from({length: 50}, (_, c) => c), (c) => plane.request('POST', '/apis/network.deckhouse.io/v1alpha1/metalloadbalancerclasses', {
    apiVersion: 'network.deckhouse.io/v1alpha1', kind: 'MetalLoadBalancerClass', metadata: {name: `class-${c}`},
    spec: {type: 'L2', addressPool: [`2001:db8:${c.toString(16)}::/120`], nodeSelector: {pool: String(c % 50)}},
  }));
  for (let ns = 0; ns < 10; ns++) await plane.request('POST', '/api/v1/namespaces', {metadata: {name: `team-${ns}`}});
  const services = (count) => Array.from({length: count}, (_, s) => s);
  const create = async (s) => {
    const namespace = `team-${s % 10}`;
    await plane.request('POST', `/api/v1/namespaces/${namespace}/services`, {metadata: {name: `service-${s}`}, spec: {type: 'LoadBalancer', loadBalancerClass: `class-${s % 50}`, ports: [{port: 80}]}});
  };
  const measure = (env = {}) => {
    const times = [];
    let requests;
    for (let i = 0; i < Number(process.env.BENCH_RUNS ?? 5); i++) {
      const start = process.hrtime.bigint();
      const r = spawnSync(process.execPath, ['bin/run.js', 'metallb', 'status', '-o', 'json'], {cwd: root, env: {...process.env, KUBECONFIG: plane.kubeconfig, D8_METALLB_COUNT_REQUESTS: '1', ...env}, encoding: 'utf8', maxBuffer: 1 << 26});
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
      requests = /api-requests: (\d+)/.exec(r.stderr)?.[1];
    }
    return {ms: times.sort((a, b) => a - b)[Math.floor(times.length / 2)], requests};
  };
  await pool(services(100), create);
  const small = measure();
  await pool(services(1000).slice(100), create);
  const large = measure();
  const unbundled = measure({D8_METALLB_KUBE_UNBUNDLED: '1'});
  const noCache = measure({D8_METALLB_NO_CODE_CACHE: '1'});
  console.log(`status on a real kube-apiserver ${plane.startMs} ms to start; 50 classes, 100 nodes; median of ${process.env.BENCH_RUNS ?? 5} runs`);
  console.log(`  100 Services:   ${small.ms.toFixed(0).padStart(5)} ms, ${small.requests} API requests`);
  console.log(`  1,000 Services: ${large.ms.toFixed(0).padStart(5)} ms, ${large.requests} API requests`);
  console.log(`  1,000 Services, client-node loaded as ES modules (before):  ${unbundled.ms.toFixed(0).padStart(5)} ms`);
  console.log(`  1,000 Services, bundled client without the V8 code cache:    ${noCache.ms.toFixed(0).padStart(5)} ms`);
} finally {
  await plane.stop();
}
