// Runs inside the announcer's network namespace for test/announce/arp.test.ts: answers ARP for the given
// addresses on the given interface with the library's decideArp and the native raw socket, prints "ready".
const {readFileSync} = require('node:fs');
const {join} = require('node:path');
globalThis[Symbol.for('d8-metallb.root')] = join(__dirname, '..', '..');
const {arp, openRawSocket, loadRawSockets} = require('../../dist/cli.cjs');

const [ifname, ...addresses] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const mac = readFileSync(`/sys/class/net/${ifname}/address`, 'utf8').trim();
const state = {mac, owned: new Set(addresses)};
const native = loadRawSockets();
let handle;
handle = openRawSocket(ifname, arp.ETHERTYPE_ARP, (frame) => {
  const decoded = arp.decodeArp(frame);
  if ('drop' in decoded) return;
  const decision = arp.decideArp(decoded.packet, state);
  if ('reply' in decision) native.send(handle, decision.reply);
});
if (process.argv.includes('--gratuitous')) for (const ip of addresses) for (const frame of arp.gratuitousArp(mac, ip)) native.send(handle, frame);
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  native.close(handle);
  process.exit(0);
});
