// Runs in the client namespace for bench/announce.mjs: ARP request/reply latency for an address (sequential), and
// requests answered per second under a flood. Prints one JSON line.
const {readFileSync} = require('node:fs');
const {join} = require('node:path');
globalThis[Symbol.for('d8-metallb.root')] = join(__dirname, '..');
const {arp, openRawSocket, loadRawSockets} = require('../dist/cli.cjs');

const [ifname, target, mode, countText] = process.argv.slice(2);
const count = Number(countText);
const mac = readFileSync(`/sys/class/net/${ifname}/address`, 'utf8').trim();
const native = loadRawSockets();
const request = arp.arpFrame({destination: arp.BROADCAST, source: mac, operation: arp.ARP_REQUEST, senderMac: mac, senderIp: '192.0.2.1', targetMac: '00:00:00:00:00:00', targetIp: target});
let pending;
let answered = 0;
const handle = openRawSocket(ifname, arp.ETHERTYPE_ARP, (frame) => {
  const decoded = arp.decodeArp(frame);
  if ('drop' in decoded || decoded.packet.operation !== arp.ARP_REPLY || decoded.packet.senderIp !== target) return;
  answered++;
  if (pending) pending();
});

async function latency() {
  const times = [];
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    const got = await new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), 200);
      pending = () => {
        clearTimeout(timer);
        resolve(true);
      };
      native.send(handle, request);
    });
    pending = undefined;
    if (got) times.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  times.sort((a, b) => a - b);
  return {answered: times.length, sent: count, medianUs: times[Math.floor(times.length / 2)], p99Us: times[Math.floor(times.length * 0.99)]};
}

async function flood() {
  // `count` requests per second for one second, spread in 1 ms batches; then wait for late answers.
  answered = 0;
  const perMs = Math.ceil(count / 1000);
  let sent = 0;
  const start = Date.now();
  while (Date.now() - start < 1000) {
    for (let i = 0; i < perMs; i++) {
      native.send(handle, request);
      sent++;
    }
    await new Promise((r) => setImmediate(r));
    while (Date.now() - start < sent / perMs) await new Promise((r) => setImmediate(r));
  }
  await new Promise((r) => setTimeout(r, 300));
  return {sent, answered, perSecond: Math.round(answered / ((Date.now() - start - 300) / 1000)), lossPercent: Number((100 * (1 - answered / sent)).toFixed(2))};
}

(mode === 'flood' ? flood() : latency()).then((result) => {
  process.stdout.write(`${JSON.stringify(result)}\n`);
  native.close(handle);
  process.exit(0);
});
