// Lint throughput on a generated corpus of 10,000 documents (100 classes, 9,899 Services, a ModuleConfig), as one
// file and as 1,000 files, against two parse floors: js-yaml alone parsing the same bytes, and lint's own reading
// stage alone (its fast subset reader, js-yaml where that gives up), which lint cannot beat.
// Targets (issue 3): ≥ 20,000 documents/s end to end for the single file; lint ≤ 2× the parse floor.
import {spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {loadAll} from 'js-yaml';

const root = fileURLToPath(new URL('..', import.meta.url));
const {lint, parseFile, readInputs, renderJson} = createRequire(import.meta.url)('../dist/cli.cjs');

function corpus(size = 10_000) {
  const docs = [`apiVersion: deckhouse.io/v1alpha1
kind: ModuleConfig
metadata:
  name: metallb
spec:
  enabled: true
  version: 2
`];
  for (let c = 0; c < 100; c++) {
    docs.push(`apiVersion: network.deckhouse.io/v1alpha1
kind: MetalLoadBalancerClass
metadata:
  name: class-${c}
spec:
  addressPool:
  - 2001:db8:${c.toString(16)}::/64
  isDefault: ${c === 0}
  nodeSelector:
    node-role.kubernetes.io/loadbalancer: ""
  type: L2
`);
  }
  for (let s = 0; docs.length < size; s++) {
    docs.push(`apiVersion: v1
kind: Service
metadata:
  name: service-${s}
  namespace: team-${s % 50}
  annotations:
    network.deckhouse.io/l2-load-balancer-external-ips-count: "${1 + (s % 3)}"
spec:
  type: LoadBalancer
  ipFamilies:
  - IPv6
  loadBalancerClass: class-${s % 100}
  ports:
  - port: 80
    protocol: TCP
    targetPort: 8080
  selector:
    app: service-${s}
`);
  }
  return docs;
}

const time = (fn) => {
  const start = process.hrtime.bigint();
  const value = fn();
  return {value, ms: Number(process.hrtime.bigint() - start) / 1e6};
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const docs = corpus();
const text = docs.join('---\n');
const dir = mkdtempSync(join(tmpdir(), 'd8-metallb-bench-'));
const single = join(dir, 'corpus.yaml');
writeFileSync(single, text);
const many = join(dir, 'many');
mkdirSync(many);
for (let f = 0; f < 1000; f++) writeFileSync(join(many, `part-${String(f).padStart(4, '0')}.yaml`), docs.slice(f * 10, f * 10 + 10).join('---\n'));

const runs = Number(process.env.BENCH_RUNS ?? 7);
const floor = [];
const ownFloor = [];
const inProcess = [];
const pipeline = [];
for (let i = 0; i < runs; i++) {
  // The whole pipeline in one process: read the file, parse, lint, render JSON.
  pipeline.push(time(() => renderJson(lint(readInputs([single])))).ms);
  floor.push(time(() => loadAll(text)).ms);
  ownFloor.push(time(() => parseFile(single, text)).ms);
  const {value, ms} = time(() => lint([{file: single, text}]));
  if (value.summary.errors + value.summary.warnings > 0) throw new Error(`the corpus should lint clean: ${JSON.stringify(value.summary)}`);
  inProcess.push(ms);
}
const cli = (args) => {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const {value, ms} = time(() => spawnSync(process.execPath, ['bin/run.js', 'metallb', 'lint', ...args, '-o', 'json'], {cwd: root, maxBuffer: 1 << 26}));
    if (value.status !== 0) throw new Error(String(value.stderr));
    times.push(ms);
  }
  return median(times);
};
// The same floor as a process: start Node, load js-yaml, parse the file. No linter can beat this end to end.
const floorProcess = [];
for (let i = 0; i < runs; i++) {
  floorProcess.push(time(() => spawnSync(process.execPath, ['-e', `require('js-yaml').loadAll(require('fs').readFileSync(${JSON.stringify(single)}, 'utf8'))`], {cwd: root})).ms);
}
const singleMs = cli([single]);
const manyMs = cli([many]);
const f = median(floor);
const own = median(ownFloor);
const l = median(inProcess);
const rate = (ms) => Math.round(docs.length / (ms / 1000)).toLocaleString('en');
console.log(`lint, ${docs.length} documents, ${(text.length / 1e6).toFixed(1)} MB, median of ${runs} runs`);
console.log(`parse floor (js-yaml loadAll, in process)   ${f.toFixed(0).padStart(6)} ms  ${rate(f)} documents/s`);
console.log(`parse floor (lint's reader alone)           ${own.toFixed(0).padStart(6)} ms  ${rate(own)} documents/s`);
console.log(`lint (library, in process)                  ${l.toFixed(0).padStart(6)} ms  ${rate(l)} documents/s  ${(l / own).toFixed(2)}× its reader, ${(l / f).toFixed(2)}× js-yaml`);
console.log(`read + lint + render (in process)          ${median(pipeline).toFixed(0).padStart(6)} ms  ${rate(median(pipeline))} documents/s`);
console.log(`node + js-yaml parse alone (a process)      ${median(floorProcess).toFixed(0).padStart(6)} ms  ${rate(median(floorProcess))} documents/s`);
console.log(`d8 metallb lint corpus.yaml (end to end)    ${singleMs.toFixed(0).padStart(6)} ms  ${rate(singleMs)} documents/s  ${(singleMs / median(floorProcess)).toFixed(2)}× the parse-alone process`);
console.log(`d8 metallb lint many/ (1,000 files)         ${manyMs.toFixed(0).padStart(6)} ms  ${rate(manyMs)} documents/s`);

// Memory (issue 10 asks for ≤ 150 MB peak RSS at 100,000 documents): a fresh process's peak RSS, reported by the
// process itself at exit (getrusage), for lint and for a process that only reads the same file.
const big = join(dir, 'corpus-100k.yaml');
writeFileSync(big, corpus(100_000).join('---\n'));
const rssProbe = join(dir, 'maxrss.cjs');
writeFileSync(rssProbe, "process.on('exit', () => process.stderr.write(`maxrss-kb ${process.resourceUsage().maxRSS}\\n`));\n");
const peakRss = (args) => {
  const r = spawnSync(process.execPath, ['--require', rssProbe, ...args], {cwd: root, encoding: 'utf8', maxBuffer: 1 << 26});
  const kb = Number(/maxrss-kb (\d+)/.exec(r.stderr)?.[1]);
  if (!kb) throw new Error(`no maxrss reported: ${r.stderr}`);
  return kb / 1024;
};
const lintRss = median(Array.from({length: 3}, () => peakRss(['bin/run.js', 'metallb', 'lint', big])));
const readRss = median(Array.from({length: 3}, () => peakRss(['-e', `require('fs').readFileSync(${JSON.stringify(big)}, 'utf8').length`])));
const bigMs = median(Array.from({length: 3}, () => time(() => spawnSync(process.execPath, ['bin/run.js', 'metallb', 'lint', big], {cwd: root})).ms));
console.log(`d8 metallb lint of 100,000 documents        ${bigMs.toFixed(0).padStart(6)} ms  ${rate(bigMs * docs.length / 100_000)} documents/s, peak RSS ${lintRss.toFixed(0)} MB (target 150: ${lintRss <= 150 ? "met" : "NOT met"}; a process that only reads the file: ${readRss.toFixed(0)} MB)`);
rmSync(dir, {recursive: true, force: true});
