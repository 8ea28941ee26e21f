// Scale of the allocation engine (issue 4): 100,000 Services × up to 3 addresses over 1,000 classes (a tenth of them
// IPv6 /64 pools), 300 nodes, endpoints (Local traffic policy and unready ones among them). Targets: ≤ 1 s and ≤ 300 MB; doubling the input at most ~2.2× the time.
// Each size runs in a fresh process so that memory is measured alone.
import {spawnSync} from 'node:child_process';
import {createRequire} from 'node:module';

if (process.argv[2] === 'child') {
  const {plan, Pool} = createRequire(import.meta.url)('../dist/cli.cjs');
  const scale = Number(process.argv[3]);
  const classCount = 1000 * scale;
  const classes = Array.from({length: classCount}, (_, c) => ({
    name: `class-${c}`,
    // IPv4: a /22 per class from 10.x (data only, never on a wire); every tenth class an IPv6 /64.
    pool: Pool.parse([c % 10 === 0 ? `2001:db8:${c.toString(16)}::/64` : `10.${Math.floor(c / 64) % 256}.${(c % 64) * 4}.0/22`]),
    isDefault: c === 0,
    nodeSelector: {pool: String(c % 10)},
  }));
  const nodes = Array.from({length: 300}, (_, n) => ({name: `node-${n}`, labels: {pool: String(n % 10)}, ...(n % 50 === 0 ? {networkUnavailable: true} : {})}));
  const services = Array.from({length: 100_000 * scale}, (_, s) => ({
    namespace: `team-${s % 100}`,
    name: `service-${s}`,
    specClass: `class-${s % classCount}`,
    countAnnotation: String(1 + (s % 3)),
    // Every tenth class is IPv6: its Services are IPv6 too (MetalLB allocates per family).
    ...((s % classCount) % 10 === 0 ? {family: 6} : {}),
    ports: [{port: 80, protocol: 'TCP'}],
    // Endpoints as the speaker reads them: most Services have ready endpoints on three nodes, every tenth is
    // externalTrafficPolicy Local (only nodes with an endpoint may announce), every 50th has none ready.
    endpoints: {serving: s % 50 !== 0, nodes: [`node-${s % 300}`, `node-${(s + 10) % 300}`, `node-${(s + 20) % 300}`]},
    ...(s % 10 === 3 ? {externalTrafficPolicy: 'Local', selector: {app: `app-${s}`}} : {}),
    ...(s % 7 === 0 ? {sharingKey: `key-${s % 70}`, ports: [{port: 8000 + (s % 1000), protocol: 'TCP'}]} : {}),
  }));
  global.gc?.();
  const before = process.memoryUsage().rss;
  const start = process.hrtime.bigint();
  const result = plan({classes, nodes, services});
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const addresses = result.services.reduce((n, s) => n + s.addresses.length, 0);
  // Every address must really be assigned: a pending one costs less and would flatter the figure.
  const pending = result.services.reduce((n, s) => n + s.addresses.filter((a) => a.ip === null).length, 0);
  if (pending > 0) throw new Error(`${pending} of ${addresses} addresses are pending: the bench's input is wrong`);
  process.stdout.write(JSON.stringify({ms, rssMB: process.memoryUsage().rss / 1e6, deltaMB: (process.memoryUsage().rss - before) / 1e6, services: services.length, addresses}));
} else {
  // The two sizes run alternately, so that the machine's drift (several per cent over a minute here) weighs on both
  // alike and the doubling ratio measures the engine, not the moment.
  const child = (scale) => {
    const run = spawnSync(process.execPath, ['--expose-gc', new URL(import.meta.url).pathname, 'child', String(scale)], {encoding: 'utf8', maxBuffer: 1 << 20});
    if (run.status !== 0) throw new Error(run.stderr);
    return JSON.parse(run.stdout);
  };
  const runs = {1: [], 2: []};
  for (let i = 0; i < Number(process.env.BENCH_RUNS ?? 3); i++) for (const scale of [1, 2]) runs[scale].push(child(scale));
  const median = (list) => ({...list.at(-1), ms: list.map((r) => r.ms).sort((a, b) => a - b)[Math.floor(list.length / 2)]});
  const one = median(runs[1]);
  const two = median(runs[2]);
  console.log(`allocation engine, median of ${process.env.BENCH_RUNS ?? 3} runs`);
  for (const r of [one, two]) console.log(`${String(r.services).padStart(7)} Services, ${String(r.addresses).padStart(7)} addresses: ${r.ms.toFixed(0).padStart(5)} ms, process RSS ${r.rssMB.toFixed(0)} MB (plan +${r.deltaMB.toFixed(0)} MB)`);
  console.log(`doubling the input: ${(two.ms / one.ms).toFixed(2)}× the time`);
}
