// Scale of the BGP plan (issue 12): 10,000 Services over 100 nodes and 4 peers, from the objects a cluster holds
// (pools, peers, configurations, Nodes, Services, EndpointSlices) to every Service's address and its routes.
// Two racks of 50 nodes, each with its configuration (nodeSelector) and its two routers, 10 pools; a third of the
// Services with externalTrafficPolicy Local and endpoints on 3 nodes (each its own set of routes), every seventh
// sharing an address. Target: the plan ≤ 1 s; doubling the Services at most ~2.2× the time. The JSON of all routes
// (one entry per node and session an address is sent to) is measured on its own: it is as large as the answer.
import {spawnSync} from 'node:child_process';
import {createRequire} from 'node:module';

const doc = (kind, value, apiVersion) => ({kind, ...(apiVersion ? {apiVersion} : {}), value, name: value.metadata.name, ...(value.metadata.namespace ? {namespace: value.metadata.namespace} : {}), file: 'bench', index: 0, start: 0, end: 0, lineOffset: 0, basePath: []});

if (process.argv[2] === 'child') {
  const {bgpWorld, planBgp, bgpServicesJson} = createRequire(import.meta.url)('../dist/cli.cjs');
  const scale = Number(process.argv[3]);
  const documents = [];
  const NET = 'network.deckhouse.io/v1alpha1';
  for (let p = 0; p < 10; p++) documents.push(doc('MetalLoadBalancerPool', {apiVersion: NET, metadata: {name: `pool-${p}`}, spec: {addresses: [`10.${p}.0.0/17`]}}));
  for (let r = 0; r < 4; r++) documents.push(doc('MetalLoadBalancerBGPPeer', {apiVersion: NET, metadata: {name: `router-${r}`}, spec: {peerAddress: `192.0.2.${r + 1}`, peerASN: r % 2 === 0 ? 64600 : 64601, myASN: 64600}}));
  for (const [i, rack] of ['a', 'b'].entries()) {
    documents.push(doc('MetalLoadBalancerConfiguration', {apiVersion: NET, metadata: {name: `rack-${rack}`}, spec: {mode: 'BGP', nodeSelector: {rack}, bgp: {peerNames: [`router-${2 * i}`, `router-${2 * i + 1}`]}, advertisements: [{poolNames: Array.from({length: 10}, (_, p) => `pool-${p}`), bgp: {communities: ['64600:100'], localPref: 100}}]}}));
  }
  for (let n = 0; n < 100; n++) documents.push(doc('Node', {metadata: {name: `node-${n}`, labels: {'kubernetes.io/hostname': `node-${n}`, rack: n % 2 === 0 ? 'a' : 'b'}}}));
  const count = 10_000 * scale;
  for (let s = 0; s < count; s++) {
    const local = s % 3 === 0;
    const name = `service-${s}`;
    const namespace = `team-${s % 50}`;
    const shared = s % 7 === 0;
    documents.push(doc('Service', {metadata: {name, namespace, annotations: {'network.deckhouse.io/load-balancer-pool': `pool-${s % 10}`, ...(shared ? {'network.deckhouse.io/load-balancer-shared-ip-key': `key-${s % 70}`} : {})}}, spec: {type: 'LoadBalancer', clusterIP: `10.96.${(s >> 8) & 255}.${s & 255}`, ports: [{port: shared ? 8000 + s : 80, protocol: 'TCP'}], ...(local ? {externalTrafficPolicy: 'Local', selector: {app: name}} : {})}}));
    documents.push(doc('EndpointSlice', {metadata: {name: `${name}-1`, namespace, labels: {'kubernetes.io/service-name': name}}, endpoints: [0, 1, 2].map((k) => ({addresses: [`10.200.${k}.1`], nodeName: `node-${(s + k * 37) % 100}`, conditions: {ready: true}}))}, 'discovery.k8s.io/v1'));
  }
  global.gc?.();
  const start = process.hrtime.bigint();
  const world = bgpWorld(documents, {l2Handles: () => false});
  const plan = planBgp(world.input);
  const planMs = Number(process.hrtime.bigint() - start) / 1e6;
  const assigned = plan.services.filter((x) => x.status === 'assigned').length;
  // Every Service must be assigned and advertised: a pending or silent one costs less and would flatter the figure.
  const routes = plan.services.reduce((n, x) => n + x.addresses.reduce((m, a) => m + a.routes.length, 0), 0);
  if (assigned !== count || plan.speakerRejection) throw new Error(`${count - assigned} of ${count} Services are pending, or the speaker refuses: the bench's input is wrong`);
  const jsonStart = process.hrtime.bigint();
  const bytes = JSON.stringify(bgpServicesJson(plan, world)).length;
  const jsonMs = Number(process.hrtime.bigint() - jsonStart) / 1e6;
  process.stdout.write(JSON.stringify({planMs, jsonMs, bytes, services: count, routes, rssMB: process.memoryUsage().rss / 1e6}));
} else {
  const run = (scale) => {
    const results = [];
    for (let i = 0; i < Number(process.env.BENCH_RUNS ?? 3); i++) {
      const child = spawnSync(process.execPath, ['--expose-gc', new URL(import.meta.url).pathname, 'child', String(scale)], {encoding: 'utf8', maxBuffer: 1 << 20});
      if (child.status !== 0) throw new Error(child.stderr);
      results.push(JSON.parse(child.stdout));
    }
    const median = (key) => results.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(results.length / 2)];
    return {...results[0], planMs: median('planMs'), jsonMs: median('jsonMs')};
  };
  const one = run(1);
  const two = run(2);
  console.log(`BGP plan, 100 nodes, 4 peers, median of ${process.env.BENCH_RUNS ?? 3} runs`);
  for (const r of [one, two]) console.log(`${String(r.services).padStart(6)} Services, ${String(r.routes).padStart(8)} routes: plan ${r.planMs.toFixed(0).padStart(5)} ms (target ≤ 1000 ms at 10,000: ${r.services !== 10000 ? '-' : r.planMs <= 1000 ? 'met' : 'NOT met'}); JSON of every route ${r.jsonMs.toFixed(0)} ms, ${(r.bytes / 1e6).toFixed(0)} MB; RSS ${r.rssMB.toFixed(0)} MB`);
  console.log(`doubling the Services: ${(two.planMs / one.planMs).toFixed(2)}× the plan's time`);
}
