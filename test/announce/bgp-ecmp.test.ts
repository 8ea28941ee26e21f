// The documentation's BGP picture end to end, in namespaces this test creates and deletes (documentation addresses
// only): a router (BIRD 2, multipath into its kernel table), two nodes each running `announce --bgp … --forward` in
// front of an HTTP backend that says which node it is, and a client behind the router. Both nodes answer (ECMP);
// SIGKILL on one moves every new connection to the other within the hold time; SIGTERM on the other removes the
// route at once.
import {type ChildProcess, execFileSync, spawn} from 'node:child_process';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {ROOT} from '../helpers/cli.js';

const id = `${process.pid % 100000}`;
const NS = {router: `d8e-r-${id}`, n1: `d8e-1-${id}`, n2: `d8e-2-${id}`, client: `d8e-c-${id}`};
const dir = mkdtempSync(join(tmpdir(), 'd8-metallb-ecmp-'));
const VIP = '198.51.100.10';
const ip = (...args: string[]) => execFileSync('ip', args, {encoding: 'utf8'});
const inNs = (ns: string, ...args: string[]) => execFileSync('ip', ['netns', 'exec', ns, ...args], {encoding: 'utf8'});
const children: ChildProcess[] = [];
let canRun = true;

function start(ns: string, ...args: string[]): ChildProcess {
  const child = spawn('ip', ['netns', 'exec', ns, ...args], {stdio: ['ignore', 'pipe', 'pipe']});
  children.push(child);
  return child;
}

/** The router's kernel next hops for the VIP (one per announcing node). */
const nextHops = (): string[] => {
  const text = inNs(NS.router, 'ip', 'route', 'show', `${VIP}/32`);
  return [...text.matchAll(/via (192\.0\.2\.\d+)/g)].map((m) => m[1]!).sort();
};

async function until<T>(read: () => T | undefined, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** `count` new connections from the client: which node answered each (connection refused or timeout: "-"). */
function ask(count: number): string[] {
  const script = `const http=require('http');let n=${count},out=[];const one=()=>{if(n--<=0){console.log(JSON.stringify(out));return;}const r=http.get({host:'${VIP}',port:8000,agent:false,timeout:1000},(res)=>{let b='';res.on('data',(d)=>b+=d);res.on('end',()=>{out.push(b);one();});});r.on('timeout',()=>r.destroy());r.on('error',()=>{out.push('-');one();});};one();`;
  return JSON.parse(inNs(NS.client, process.execPath, '-e', script)) as string[];
}

function announce(ns: string, address: string): ChildProcess {
  return start(ns, process.execPath, join(ROOT, 'bin/run.js'), 'metallb', 'announce', '--bgp', '-o', 'json',
    '--bgp-peer', `peer-address=${address},peer-asn=64601,my-asn=64600,hold-time=3s`, '--ip', VIP, '--forward', '8000:127.0.0.1:8080');
}

beforeAll(async () => {
  try {
    ip('netns', 'add', NS.router);
    execFileSync('which', ['bird']);
  } catch {
    canRun = false;
    return;
  }
  for (const ns of [NS.n1, NS.n2, NS.client]) ip('netns', 'add', ns);
  const links: [string, string, string, string][] = [
    [NS.n1, '192.0.2.2/30', '192.0.2.1/30', 'n1'],
    [NS.n2, '192.0.2.6/30', '192.0.2.5/30', 'n2'],
    [NS.client, '203.0.113.2/24', '203.0.113.1/24', 'cl'],
  ];
  for (const [ns, theirs, ours, tag] of links) {
    const routerSide = `d8er${tag}${id}`.slice(0, 15);
    const otherSide = `d8eo${tag}${id}`.slice(0, 15);
    ip('link', 'add', routerSide, 'netns', NS.router, 'type', 'veth', 'peer', 'name', otherSide, 'netns', ns);
    ip('-n', NS.router, 'addr', 'add', ours, 'dev', routerSide);
    ip('-n', NS.router, 'link', 'set', routerSide, 'up');
    ip('-n', ns, 'addr', 'add', theirs, 'dev', otherSide);
    ip('-n', ns, 'link', 'set', otherSide, 'up');
    ip('-n', ns, 'link', 'set', 'lo', 'up');
    ip('-n', ns, 'route', 'add', 'default', 'via', ours.split('/')[0]!);
  }
  ip('-n', NS.router, 'link', 'set', 'lo', 'up');
  inNs(NS.router, 'sysctl', '-qw', 'net.ipv4.ip_forward=1', 'net.ipv4.fib_multipath_hash_policy=1');
  writeFileSync(join(dir, 'bird.conf'), `router id 192.0.2.1;
protocol device {}
protocol kernel { merge paths yes; ipv4 { export all; }; }
template bgp node { local as 64601; hold time 3; connect retry time 1; error wait time 1, 2; ipv4 { import all; export none; }; }
protocol bgp n1 from node { neighbor 192.0.2.2 as 64600; }
protocol bgp n2 from node { neighbor 192.0.2.6 as 64600; }
`);
  start(NS.router, 'bird', '-f', '-c', join(dir, 'bird.conf'), '-s', join(dir, 'bird.ctl'));
  for (const [ns, name] of [[NS.n1, 'node-1'], [NS.n2, 'node-2']] as const) {
    start(ns, process.execPath, '-e', `require('http').createServer((q,s)=>s.end('${name}')).listen(8080,'127.0.0.1')`);
  }
  await new Promise((r) => setTimeout(r, 500));
}, 30_000);

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await new Promise((r) => setTimeout(r, 300));
  for (const ns of Object.values(NS)) {
    try {
      ip('netns', 'del', ns);
    } catch {}
  }
});

describe('ECMP and failover through a real router', () => {
  it('both nodes answer; a silent node (SIGSTOP) is dropped by the router within the hold time and comes back; SIGKILL moves everything to the other; SIGTERM removes the route at once', async (ctx) => {
    if (!canRun) return ctx.skip();
    const first = announce(NS.n1, '192.0.2.1');
    const second = announce(NS.n2, '192.0.2.5');
    await until(() => (nextHops().length === 2 ? true : undefined), 15_000);
    expect(nextHops()).toEqual(['192.0.2.2', '192.0.2.6']);
    const spread = ask(40);
    expect(spread.filter((a) => a === '-')).toEqual([]);
    expect(new Set(spread)).toEqual(new Set(['node-1', 'node-2']));

    // A node that goes silent (its speaker stopped, the TCP session still open): the router's hold timer drops it.
    first.kill('SIGSTOP');
    const stoppedSilentAt = Date.now();
    await until(() => (nextHops().join() === '192.0.2.6' ? true : undefined), 6000);
    const silentFor = Date.now() - stoppedSilentAt;
    expect(silentFor).toBeGreaterThanOrEqual(1000); // the last keepalive (every 1 s) may have just gone out
    expect(silentFor).toBeLessThanOrEqual(3000 + 1000);
    expect(new Set(ask(20))).toEqual(new Set(['node-2']));
    // Woken up, it reconnects and both answer again.
    first.kill('SIGCONT');
    await until(() => (nextHops().length === 2 ? true : undefined), 15_000);

    first.kill('SIGKILL');
    const killedAt = Date.now();
    await until(() => (nextHops().join() === '192.0.2.6' ? true : undefined), 6000);
    expect(Date.now() - killedAt).toBeLessThanOrEqual(3000 + 1000);
    expect(new Set(ask(20))).toEqual(new Set(['node-2']));

    second.kill('SIGTERM');
    const stoppedAt = Date.now();
    await until(() => (nextHops().length === 0 ? true : undefined), 2000);
    expect(Date.now() - stoppedAt).toBeLessThan(1000);
  }, 60_000);
});
