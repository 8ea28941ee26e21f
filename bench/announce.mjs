// ARP answers of `d8 metallb announce` against the kernel's own (issue 7), in two network namespaces this script
// creates and deletes (a veth pair, documentation addresses only): latency median and p99 over sequential
// requests, and requests answered under a flood. Targets: median ≤ 3× the kernel, p99 ≤ 1 ms, ≥ 20,000
// requests/s answered without loss. The client is bench/arp-probe.c, built here with gcc.
import {execFileSync, spawn} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const id = process.pid % 100000;
const [client, announcer, clientIf, announcerIf] = [`d8m-bc-${id}`, `d8m-ba-${id}`, `d8mbc${id}`, `d8mba${id}`];
const ip = (...args) => execFileSync('ip', args, {encoding: 'utf8'});
const build = mkdtempSync(join(tmpdir(), 'd8-metallb-bench-'));
const probe = join(build, 'arp-probe');
execFileSync('gcc', ['-O2', '-Wall', '-o', probe, `${root}/bench/arp-probe.c`], {stdio: 'inherit'});
const runClient = (target, mode, count) => JSON.parse(execFileSync('ip', ['netns', 'exec', client, probe, clientIf, '192.0.2.1', target, mode, String(count)], {encoding: 'utf8'}));
const REQUESTS = Number(process.env.BENCH_ARP_REQUESTS ?? 2000);

ip('netns', 'add', client);
ip('netns', 'add', announcer);
let child;
try {
  ip('link', 'add', clientIf, 'netns', client, 'type', 'veth', 'peer', 'name', announcerIf, 'netns', announcer);
  ip('-n', client, 'link', 'set', clientIf, 'up');
  ip('-n', announcer, 'link', 'set', announcerIf, 'up');
  ip('-n', client, 'addr', 'add', '192.0.2.1/24', 'dev', clientIf);
  ip('-n', announcer, 'addr', 'add', '192.0.2.50/24', 'dev', announcerIf); // the kernel answers for this one
  // First, alone on the link: a bare C responder, the least any user-space answer costs on this machine.
  const responder = spawn('ip', ['netns', 'exec', announcer, probe, announcerIf, '-', '192.0.2.20', 'respond', '0'], {stdio: 'ignore'});
  await new Promise((r) => setTimeout(r, 300));
  const floor = runClient('192.0.2.20', 'latency', REQUESTS);
  responder.kill();
  await new Promise((resolve) => responder.on('close', resolve));
  child = spawn('ip', ['netns', 'exec', announcer, process.execPath, `${root}/bin/run.js`, 'metallb', 'announce', '--interface', announcerIf, '--ip', '192.0.2.10'], {stdio: ['ignore', 'pipe', 'pipe']});
  await new Promise((resolve) => child.stderr.on('data', (d) => String(d).includes('Announcing') && resolve()));
  child.stderr.resume();
  await new Promise((r) => setTimeout(r, 5500)); // let the gratuitous rounds finish
  child.stdout.removeAllListeners('data');
  child.stdout.resume();
  const kernel = runClient('192.0.2.50', 'latency', REQUESTS);
  const ours = runClient('192.0.2.10', 'latency', REQUESTS);
  console.log(`ARP answers over a veth pair between two namespaces, ${REQUESTS} sequential requests`);
  console.log(`  kernel:              median ${kernel.medianUs.toFixed(0)} µs, p99 ${kernel.p99Us.toFixed(0)} µs, max ${kernel.maxUs.toFixed(0)} µs (${kernel.answered}/${kernel.sent} answered)`);
  console.log(`  bare C responder:    median ${floor.medianUs.toFixed(0)} µs, p99 ${floor.p99Us.toFixed(0)} µs, max ${floor.maxUs.toFixed(0)} µs (${floor.answered}/${floor.sent} answered), ${(floor.medianUs / kernel.medianUs).toFixed(2)}× the kernel's median: the least a user-space answer costs here`);
  console.log(`  d8 metallb announce: median ${ours.medianUs.toFixed(0)} µs, p99 ${ours.p99Us.toFixed(0)} µs, max ${ours.maxUs.toFixed(0)} µs (${ours.answered}/${ours.sent} answered), ${(ours.medianUs / kernel.medianUs).toFixed(2)}× the kernel's median`);
  for (const rate of [20_000, 50_000]) {
    const kernelFlood = runClient('192.0.2.50', 'flood', rate);
    const oursFlood = runClient('192.0.2.10', 'flood', rate);
    console.log(`flood at ${rate.toLocaleString('en')} requests/s for 1 s: kernel ${kernelFlood.answered}/${kernelFlood.sent} answered (${kernelFlood.lossPercent} % lost); announce ${oursFlood.answered}/${oursFlood.sent} (${oursFlood.lossPercent} % lost)`);
  }
} finally {
  child?.kill('SIGINT');
  rmSync(build, {recursive: true, force: true});
  for (const ns of [client, announcer]) {
    try {
      ip('netns', 'del', ns);
    } catch {}
  }
}
