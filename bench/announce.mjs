// ARP answers of `d8 metallb announce` against the kernel's own (issue 7), in two network namespaces this script
// creates and deletes (a veth pair, documentation addresses only): latency median and p99 over 500 sequential
// requests, and requests answered per second under a flood. Targets: median ≤ 3× the kernel, p99 ≤ 1 ms,
// ≥ 20,000 requests/s answered without loss.
import {execFileSync, spawn} from 'node:child_process';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const id = process.pid % 100000;
const [client, announcer, clientIf, announcerIf] = [`d8m-bc-${id}`, `d8m-ba-${id}`, `d8mbc${id}`, `d8mba${id}`];
const ip = (...args) => execFileSync('ip', args, {encoding: 'utf8'});
const runClient = (target, mode, count) => JSON.parse(execFileSync('ip', ['netns', 'exec', client, process.execPath, `${root}/bench/arp-client.cjs`, clientIf, target, mode, String(count)], {encoding: 'utf8'}));

ip('netns', 'add', client);
ip('netns', 'add', announcer);
let child;
try {
  ip('link', 'add', clientIf, 'netns', client, 'type', 'veth', 'peer', 'name', announcerIf, 'netns', announcer);
  ip('-n', client, 'link', 'set', clientIf, 'up');
  ip('-n', announcer, 'link', 'set', announcerIf, 'up');
  ip('-n', client, 'addr', 'add', '192.0.2.1/24', 'dev', clientIf);
  ip('-n', announcer, 'addr', 'add', '192.0.2.50/24', 'dev', announcerIf); // the kernel answers for this one
  child = spawn('ip', ['netns', 'exec', announcer, process.execPath, `${root}/bin/run.js`, 'metallb', 'announce', '--interface', announcerIf, '--ip', '192.0.2.10'], {stdio: ['ignore', 'pipe', 'pipe']});
  await new Promise((resolve) => child.stderr.on('data', (d) => String(d).includes('Announcing') && resolve()));
  child.stderr.resume();
  await new Promise((r) => setTimeout(r, 5500)); // let the gratuitous rounds finish
  child.stdout.removeAllListeners('data');
  child.stdout.resume();
  const kernel = runClient('192.0.2.50', 'latency', 500);
  const ours = runClient('192.0.2.10', 'latency', 500);
  const kernelFlood = runClient('192.0.2.50', 'flood', 20000);
  const oursFlood = runClient('192.0.2.10', 'flood', 20000);
  console.log('ARP answers over a veth pair between two namespaces, 500 sequential requests');
  console.log(`  kernel:              median ${kernel.medianUs.toFixed(0)} µs, p99 ${kernel.p99Us.toFixed(0)} µs (${kernel.answered}/${kernel.sent} answered)`);
  console.log(`  d8 metallb announce: median ${ours.medianUs.toFixed(0)} µs, p99 ${ours.p99Us.toFixed(0)} µs (${ours.answered}/${ours.sent} answered), ${(ours.medianUs / kernel.medianUs).toFixed(2)}× the kernel's median`);
  console.log(`flood at 20,000 requests/s for 1 s: kernel ${kernelFlood.answered}/${kernelFlood.sent} answered (${kernelFlood.lossPercent} % lost); announce ${oursFlood.answered}/${oursFlood.sent} (${oursFlood.lossPercent} % lost)`);
} finally {
  child?.kill('SIGINT');
  for (const ns of [client, announcer]) {
    try {
      ip('netns', 'del', ns);
    } catch {}
  }
}
