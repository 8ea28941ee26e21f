// The BGP speaker against BIRD 2 (issue 13), in network namespaces made and removed here (documentation addresses):
// - 10,000 prefixes: time from the session being Established until the receiving BIRD holds all of them, beside the
//   floor — a BIRD sending the same 10,000 static routes to the same receiver, timed the same way (the receiver is
//   polled every 10 ms for its protocol state and route count). Target ≤ 1.5× BIRD.
// - SIGTERM to the receiver having no route (target ≤ 100 ms), and SIGKILL to removal.
// - Idle cost: the speaker's CPU time over 5 s of keepalives only.
import {execFileSync, spawn} from 'node:child_process';
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const COUNT = 10_000;
const id = `${process.pid % 100000}`;
const RX = `d8b-rx-${id}`;
const TX = `d8b-tx-${id}`;
const dir = mkdtempSync(join(tmpdir(), 'd8-metallb-bgp-bench-'));
const ip = (...a) => execFileSync('ip', a, {encoding: 'utf8'});
const birdc = (ctl, ...a) => execFileSync('ip', ['netns', 'exec', RX, 'birdc', '-s', ctl, ...a], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']});
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

try {
  execFileSync('which', ['bird']);
  ip('netns', 'add', RX);
} catch {
  console.log('BGP speaker: skipped (needs root and bird2)');
  process.exit(0);
}
const children = [];
const cleanup = () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const ns of [RX, TX]) try { ip('netns', 'del', ns); } catch {}
};
process.on('exit', cleanup);
ip('netns', 'add', TX);
ip('link', 'add', `d8brx${id}`.slice(0, 15), 'netns', RX, 'type', 'veth', 'peer', 'name', `d8btx${id}`.slice(0, 15), 'netns', TX);
ip('-n', RX, 'addr', 'add', '192.0.2.1/24', 'dev', `d8brx${id}`.slice(0, 15));
ip('-n', TX, 'addr', 'add', '192.0.2.2/24', 'dev', `d8btx${id}`.slice(0, 15));
for (const [ns, dev] of [[RX, `d8brx${id}`.slice(0, 15)], [TX, `d8btx${id}`.slice(0, 15)]]) {
  ip('-n', ns, 'link', 'set', dev, 'up');
  ip('-n', ns, 'link', 'set', 'lo', 'up');
}

const rxConf = join(dir, 'rx.conf');
const rxCtl = join(dir, 'rx.ctl');
writeFileSync(rxConf, `router id 192.0.2.1;\nprotocol device {}\nprotocol bgp sender { local 192.0.2.1 as 64601; neighbor 192.0.2.2 as 64600; hold time 9; connect retry time 1; error wait time 1, 2; ipv4 { import all; export none; }; }\n`);
const start = (ns, args) => {
  const c = spawn('ip', ['netns', 'exec', ns, ...args], {stdio: ['ignore', 'pipe', 'pipe']});
  children.push(c);
  return c;
};

async function receiver() {
  const rx = start(RX, ['bird', '-f', '-c', rxConf, '-s', rxCtl]);
  for (let i = 0; i < 100; i++) {
    try {
      if (birdc(rxCtl, 'show', 'status').includes('up')) break;
    } catch {}
    await sleep(50);
  }
  return rx;
}

/**
 * From the receiver: ms from the session's Established until it holds `count` routes, and from its first route until
 * it holds them all (the transfer alone: a BIRD sender starts its export some time after Established).
 */
async function timeToRoutes(count) {
  let establishedAt;
  let firstAt;
  for (;;) {
    const now = performance.now();
    let text = '';
    try {
      text = birdc(rxCtl, 'show', 'protocols', 'all', 'sender');
    } catch {}
    if (establishedAt === undefined && /Established/.test(text)) establishedAt = now;
    const imported = Number(/Routes:\s+(\d+) imported/.exec(text)?.[1] ?? 0);
    if (firstAt === undefined && imported > 0) firstAt = now;
    if (establishedAt !== undefined && imported >= count) return {fromEstablished: now - establishedAt, transfer: now - firstAt};
    await sleep(10);
  }
}

async function timeToNoRoute(kill) {
  const t0 = performance.now();
  kill();
  for (;;) {
    let text = '';
    try {
      text = birdc(rxCtl, 'show', 'protocols', 'all', 'sender');
    } catch {}
    const imported = Number(/Routes:\s+(\d+) imported/.exec(text)?.[1] ?? 0);
    if (imported === 0) return performance.now() - t0;
    await sleep(5);
  }
}

const prefixes = Array.from({length: COUNT}, (_, i) => `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`);

// The floor: a BIRD with the same static routes.
let rx = await receiver();
const txConf = join(dir, 'tx.conf');
writeFileSync(txConf, `router id 192.0.2.2;\nprotocol device {}\nprotocol static statics { ipv4; ${prefixes.map((p) => `route ${p}/32 blackhole;`).join(' ')} }\nprotocol bgp receiver { local 192.0.2.2 as 64600; neighbor 192.0.2.1 as 64601; hold time 9; ipv4 { import none; export all; }; }\n`);
const birdTx = start(TX, ['bird', '-f', '-c', txConf, '-s', join(dir, 'tx.ctl')]);
const floorMs = await timeToRoutes(COUNT);
birdTx.kill('SIGKILL');
rx.kill('SIGKILL');
await sleep(500);

// Ours.
rx = await receiver();
const speakerScript = `const {BgpSpeaker, routeFor} = require(${JSON.stringify(join(ROOT, 'dist/cli.cjs'))});
const ips = ${JSON.stringify(prefixes)};
const s = new BgpSpeaker([{peerAddress: '192.0.2.1', peerAsn: 64601, localAsn: 64600, holdTime: 9, peerPort: 179}], ips.map((ip) => routeFor(ip, [], 0)), () => {});
s.start();
process.on('SIGTERM', () => s.stop().then(() => process.exit(0)));`;
// A file, not -e: 10,000 addresses are more than one argument may hold.
const speakerFile = join(dir, 'speaker.cjs');
writeFileSync(speakerFile, speakerScript);
let speaker = start(TX, [process.execPath, speakerFile]);
const oursMs = await timeToRoutes(COUNT);

// Idle cost: CPU ticks of the speaker over 5 s with nothing but keepalives (every 3 s here).
const pid = Number(execFileSync('ip', ['netns', 'pids', TX], {encoding: 'utf8'}).trim().split('\n').find((p) => readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('speaker.cjs')));
const ticks = () => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ').slice(11, 13).reduce((n, v) => n + Number(v), 0);
await sleep(2000); // after the initial table: its garbage collected
const before = ticks();
await sleep(5000);
const idleMs = (ticks() - before) * 10; // USER_HZ 100

const termMs = await timeToNoRoute(() => speaker.kill('SIGTERM'));
await sleep(300);
speaker = start(TX, [process.execPath, speakerFile]);
await timeToRoutes(COUNT);
const killMs = await timeToNoRoute(() => speaker.kill('SIGKILL'));

console.log(`BGP speaker, ${COUNT} prefixes to BIRD 2`);
console.log(`  all prefixes at the router, from Established: ours ${oursMs.fromEstablished.toFixed(0)} ms, BIRD's own ${floorMs.fromEstablished.toFixed(0)} ms: ${(oursMs.fromEstablished / floorMs.fromEstablished).toFixed(2)}× (target ≤ 1.5×: ${oursMs.fromEstablished / floorMs.fromEstablished <= 1.5 ? 'met' : 'NOT met'})`);
console.log(`  the transfer alone (first route to all, polled every 10 ms): ours ${oursMs.transfer.toFixed(0)} ms, BIRD's ${floorMs.transfer.toFixed(0)} ms: ${(Math.max(oursMs.transfer, 10) / Math.max(floorMs.transfer, 10)).toFixed(2)}× (below 10 ms counts as 10)`);
console.log(`  SIGTERM to no route at the router: ${termMs.toFixed(0)} ms (target ≤ 100 ms: ${termMs <= 100 ? 'met' : 'NOT met'}); SIGKILL: ${killMs.toFixed(0)} ms (the kernel closes the connection; a silent node waits for the hold time)`);
console.log(`  idle: ${idleMs} ms of CPU in 5 s of keepalives`);
cleanup();
