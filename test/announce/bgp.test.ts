// announce --bgp against a real BIRD 2: a router namespace and a node namespace this test creates, joined by a veth
// pair, documentation addresses only, removed afterwards. Routes are read back from BIRD (birdc show route all).
import {type ChildProcess, execFileSync, spawn, spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {ROOT} from '../helpers/cli.js';

const id = `${process.pid % 100000}`;
const ROUTER = `d8m-r-${id}`;
const NODE = `d8m-n-${id}`;
const ROUTER_IF = `d8mr${id}`;
const NODE_IF = `d8mn${id}`;
const dir = mkdtempSync(join(tmpdir(), 'd8-metallb-bird-'));
const ip = (...args: string[]) => execFileSync('ip', args, {encoding: 'utf8'});
const birdc = (...args: string[]) => execFileSync('ip', ['netns', 'exec', ROUTER, 'birdc', '-s', join(dir, 'bird.ctl'), ...args], {encoding: 'utf8'});

let canRun = true;
let bird: ChildProcess | undefined;
const speakers: ChildProcess[] = [];

/** A fresh BIRD with this configuration: the previous one gone first (it holds port 179), then up and answering. */
async function startBird(config: string): Promise<void> {
  if (bird && bird.exitCode === null && bird.signalCode === null) {
    const exited = new Promise((r) => bird!.once('exit', r));
    bird.kill('SIGKILL');
    await exited;
  }
  writeFileSync(join(dir, 'bird.conf'), config);
  bird = spawn('ip', ['netns', 'exec', ROUTER, 'bird', '-f', '-c', join(dir, 'bird.conf'), '-s', join(dir, 'bird.ctl')], {stdio: 'ignore'});
  await until(() => {
    try {
      return birdc('show', 'status').includes('Daemon is up') ? true : undefined;
    } catch {
      return undefined;
    }
  }, 5000);
}

const birdConfig = (localAs: number, neighborAs: number, hold = 9) => `router id 192.0.2.1;
protocol device {}
protocol bgp node {
  local 192.0.2.1 as ${localAs};
  neighbor 192.0.2.2 as ${neighborAs};
  hold time ${hold};
  connect retry time 1;
  ipv4 { import all; export none; };
}
`;

interface Events {
  child: ChildProcess;
  events: Record<string, unknown>[];
  waitFor(match: (e: Record<string, unknown>) => boolean, ms?: number): Promise<Record<string, unknown>>;
}

function announce(...args: string[]): Events {
  const child = spawn('ip', ['netns', 'exec', NODE, process.execPath, join(ROOT, 'bin/run.js'), 'metallb', 'announce', '--bgp', '-o', 'json', ...args], {stdio: ['ignore', 'pipe', 'pipe']});
  speakers.push(child);
  const events: Record<string, unknown>[] = [];
  const waiters: {match: (e: Record<string, unknown>) => boolean; resolve: (e: Record<string, unknown>) => void}[] = [];
  let buffer = '';
  child.stdout!.on('data', (d) => {
    buffer += d;
    for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
      const event = JSON.parse(buffer.slice(0, nl)) as Record<string, unknown>;
      buffer = buffer.slice(nl + 1);
      events.push(event);
      for (const w of [...waiters]) if (w.match(event)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(event);
      }
    }
  });
  return {
    child, events,
    waitFor: (match, ms = 20_000) => new Promise((resolve, reject) => {
      const found = events.find(match);
      if (found) return resolve(found);
      const timer = setTimeout(() => reject(new Error(`no such event within ${ms} ms; got ${JSON.stringify(events)}`)), ms);
      waiters.push({match, resolve: (e) => {
        clearTimeout(timer);
        resolve(e);
      }});
    }),
  };
}

async function until<T>(read: () => T | undefined, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** BIRD's view of one route, or undefined when it has none (birdc then exits non-zero: "Network not found"). */
const routeOf = (prefix: string) => {
  try {
    const text = birdc('show', 'route', prefix, 'all');
    return text.includes(prefix) ? text : undefined;
  } catch {
    return undefined;
  }
};

const stopSpeaker = async (s: Events, signal: NodeJS.Signals = 'SIGTERM') => {
  s.child.kill(signal);
  await new Promise((r) => s.child.once('exit', r));
};

beforeAll(() => {
  try {
    ip('netns', 'add', ROUTER);
  } catch {
    canRun = false;
    return;
  }
  try {
    execFileSync('which', ['bird']);
  } catch {
    canRun = false;
    return;
  }
  ip('netns', 'add', NODE);
  ip('link', 'add', ROUTER_IF, 'netns', ROUTER, 'type', 'veth', 'peer', 'name', NODE_IF, 'netns', NODE);
  for (const [ns, ifname, address, address6] of [[ROUTER, ROUTER_IF, '192.0.2.1/24', '2001:db8:1::1/64'], [NODE, NODE_IF, '192.0.2.2/24', '2001:db8:1::2/64']] as const) {
    ip('-n', ns, 'link', 'set', ifname, 'up');
    ip('-n', ns, 'link', 'set', 'lo', 'up');
    ip('-n', ns, 'addr', 'add', address, 'dev', ifname);
    ip('-n', ns, 'addr', 'add', address6, 'dev', ifname, 'nodad'); // no duplicate detection: usable at once
  }
});

afterAll(async () => {
  for (const s of speakers) if (s.exitCode === null && s.signalCode === null) s.kill('SIGKILL');
  bird?.kill('SIGKILL');
  await new Promise((r) => setTimeout(r, 200));
  for (const ns of [ROUTER, NODE]) {
    try {
      ip('netns', 'del', ns);
    } catch {}
  }
});

describe('announce --bgp with BIRD 2', () => {
  it('eBGP: the route arrives with MetalLB\'s attributes (AS_PATH the local AS, NEXT_HOP the node, communities, our LOCAL_PREF not sent); SIGTERM withdraws it at once', async (ctx) => {
    if (!canRun) return ctx.skip();
    await startBird(birdConfig(64601, 64600));
    const s = announce('--bgp-peer', 'peer-address=192.0.2.1,peer-asn=64601,my-asn=64600,hold-time=9s', '--ip', '198.51.100.10', '--ip', '198.51.100.11', '--community', '64600:100', '--community', 'no-export', '--community', 'large:4200000000:1:2', '--local-pref', '300');
    await s.waitFor((e) => e.event === 'state' && e.to === 'Established');
    const route = await until(() => routeOf('198.51.100.10/32'), 10_000);
    expect(route).toMatch(/BGP\.as_path: 64600\n/);
    expect(route).toMatch(/BGP\.next_hop: 192\.0\.2\.2/);
    expect(route).toMatch(/BGP\.origin: IGP/);
    expect(route).toMatch(/BGP\.community: \(64600,100\) \(65535,65281\)/);
    expect(route).toMatch(/BGP\.large_community: \(4200000000, 1, 2\)/);
    // BIRD gives eBGP routes its own default LOCAL_PREF 100: ours (300) is not sent on eBGP.
    expect(route).toMatch(/BGP\.local_pref: 100/);
    expect(routeOf('198.51.100.11/32')).toBeDefined();
    const stoppedAt = Date.now();
    await stopSpeaker(s);
    await until(() => (routeOf('198.51.100.10/32') ? undefined : true), 2000);
    expect(Date.now() - stoppedAt).toBeLessThan(2000);
    expect(s.events).toContainEqual(expect.objectContaining({event: 'notification-sent', code: 6, subcode: 2}));
  });

  it('iBGP with a 4-octet AS: empty AS_PATH, LOCAL_PREF sent', async (ctx) => {
    if (!canRun) return ctx.skip();
    await startBird(birdConfig(4200000001, 4200000001));
    const s = announce('--bgp-peer', 'peer-address=192.0.2.1,peer-asn=4200000001,my-asn=4200000001', '--ip', '198.51.100.20', '--local-pref', '250');
    await s.waitFor((e) => e.event === 'state' && e.to === 'Established');
    const route = await until(() => routeOf('198.51.100.20/32'), 10_000);
    expect(route).toMatch(/BGP\.as_path: \n/);
    expect(route).toMatch(/BGP\.local_pref: 250/);
    await stopSpeaker(s);
  });

  it('a wrong peer ASN: we send OPEN error "bad peer AS" (2/2) and keep retrying', async (ctx) => {
    if (!canRun) return ctx.skip();
    await startBird(birdConfig(64601, 64600));
    const s = announce('--bgp-peer', 'peer-address=192.0.2.1,peer-asn=64999,my-asn=64600', '--ip', '198.51.100.30');
    const sent = await s.waitFor((e) => e.event === 'notification-sent');
    expect(sent).toMatchObject({code: 2, subcode: 2, reason: 'bad peer AS (2/2)'});
    expect(routeOf('198.51.100.30/32')).toBeUndefined();
    await stopSpeaker(s);
  });

  it('the other way round: a router expecting another AS sends "bad peer AS" (2/2), reported in words', async (ctx) => {
    if (!canRun) return ctx.skip();
    await startBird(birdConfig(64601, 64600));
    const s = announce('--bgp-peer', 'peer-address=192.0.2.1,peer-asn=64601,my-asn=64999', '--ip', '198.51.100.31');
    const received = await s.waitFor((e) => e.event === 'notification-received');
    expect(received).toMatchObject({code: 2, subcode: 2, reason: 'bad peer AS (2/2)'});
    await stopSpeaker(s);
  });

  it('a hold time of 3 s expires within 3-4 s of the router going silent (SIGSTOP)', async (ctx) => {
    if (!canRun) return ctx.skip();
    await startBird(birdConfig(64601, 64600, 3));
    const s = announce('--bgp-peer', 'peer-address=192.0.2.1,peer-asn=64601,my-asn=64600,hold-time=3s', '--ip', '198.51.100.40');
    await s.waitFor((e) => e.event === 'state' && e.to === 'Established');
    await until(() => routeOf('198.51.100.40/32'), 10_000);
    const birdPid = Number(execFileSync('ip', ['netns', 'pids', ROUTER], {encoding: 'utf8'}).trim().split('\n').find((pid) => execFileSync('cat', [`/proc/${pid}/comm`], {encoding: 'utf8'}).trim() === 'bird'));
    process.kill(birdPid, 'SIGSTOP');
    const stoppedAt = Date.now();
    try {
      const expired = await s.waitFor((e) => e.event === 'notification-sent' && e.code === 4, 6000);
      const after = Date.parse(String(expired.time)) - stoppedAt;
      expect(after).toBeGreaterThanOrEqual(2000); // the last keepalive may have been just before the stop
      expect(after).toBeLessThanOrEqual(4000);
    } finally {
      process.kill(birdPid, 'SIGCONT');
    }
    await stopSpeaker(s);
  }, 30_000);
});

describe('announce --bgp with GoBGP', () => {
  let gobgpd: ChildProcess | undefined;
  const gobgp = (...args: string[]) => execFileSync('ip', ['netns', 'exec', ROUTER, 'gobgp', '-u', '127.0.0.1', '-p', '50052', ...args], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']});

  afterAll(() => {
    gobgpd?.kill('SIGKILL');
  });

  it.for([
    {kind: 'eBGP with a 4-octet AS', routerAs: 64601, ourAs: 4200000000},
    {kind: 'iBGP with 2-octet AS numbers', routerAs: 64601, ourAs: 64601},
  ])('$kind: GoBGP holds the route with ORIGIN IGP, the AS path, the next hop, LOCAL_PREF on iBGP and the communities', async ({routerAs, ourAs}, ctx) => {
    if (!canRun) return ctx.skip();
    try {
      execFileSync('which', ['gobgpd']);
    } catch {
      return ctx.skip();
    }
    if (bird && bird.exitCode === null && bird.signalCode === null) {
      const exited = new Promise((r) => bird!.once('exit', r));
      bird.kill('SIGKILL');
      await exited;
    }
    if (gobgpd && gobgpd.exitCode === null && gobgpd.signalCode === null) {
      const exited = new Promise((r) => gobgpd!.once('exit', r));
      gobgpd.kill('SIGKILL');
      await exited;
    }
    writeFileSync(join(dir, 'gobgp.toml'), `[global.config]\n  as = ${routerAs}\n  router-id = "192.0.2.1"\n  port = 179\n  local-address-list = ["192.0.2.1"]\n[[neighbors]]\n  [neighbors.config]\n    neighbor-address = "192.0.2.2"\n    peer-as = ${ourAs}\n  [neighbors.timers.config]\n    hold-time = 9\n`);
    gobgpd = spawn('ip', ['netns', 'exec', ROUTER, 'gobgpd', '-f', join(dir, 'gobgp.toml'), '--api-hosts', '127.0.0.1:50052'], {stdio: 'ignore'});
    const s = announce('--bgp-peer', `peer-address=192.0.2.1,peer-asn=${routerAs},my-asn=${ourAs}`, '--ip', '198.51.100.50', '--community', '64601:7', '--local-pref', '250');
    await s.waitFor((e) => e.event === 'state' && e.to === 'Established');
    const rib = await until(() => {
      try {
        const table = JSON.parse(gobgp('global', 'rib', '-j')) as Record<string, {attrs: {type: number; [k: string]: unknown}[]}[]>;
        return table['198.51.100.50/32'];
      } catch {
        return undefined;
      }
    }, 10_000);
    const attrs = rib[0]!.attrs;
    expect(attrs.find((a) => a.type === 1)).toMatchObject({value: 0});
    const asPath = JSON.stringify(attrs.find((a) => a.type === 2));
    if (routerAs === ourAs) {
      expect(asPath).not.toContain(String(ourAs)); // iBGP: an empty AS_PATH
      expect(attrs.find((a) => a.type === 5)).toMatchObject({value: 250});
    } else {
      expect(asPath).toContain(String(ourAs));
      expect(attrs.find((a) => a.type === 5)).toBeUndefined(); // no LOCAL_PREF on eBGP
    }
    expect(attrs.find((a) => a.type === 3)).toMatchObject({nexthop: '192.0.2.2'});
    expect(JSON.stringify(attrs.find((a) => a.type === 8))).toContain(String(64601 * 65536 + 7));
    await stopSpeaker(s);
    await until(() => {
      try {
        return (JSON.parse(gobgp('global', 'rib', '-j')) as Record<string, unknown>)['198.51.100.50/32'] ? undefined : true;
      } catch {
        return undefined;
      }
    }, 3000);
  });
});

describe('announce --bgp with IPv6 routes (MP_REACH_NLRI, beyond the module\'s speaker) and End-of-RIB', () => {
  // BIRD logs each message it gets (debug { packets }): "Got UPDATE", "Got END-OF-RIB" once per family.
  const log = join(dir, 'bird-packets.log');
  const config = `router id 192.0.2.1;
log "${log}" all;
protocol device {}
protocol bgp node {
  local 192.0.2.1 as 64601;
  neighbor 192.0.2.2 as 64600;
  hold time 9;
  connect retry time 1;
  debug { packets };
  ipv4 { import all; export none; };
  ipv6 { import all; export none; };
}
protocol bgp node6 {
  local 2001:db8:1::1 as 64601;
  neighbor 2001:db8:1::2 as 64600;
  hold time 9;
  connect retry time 1;
  debug { packets };
  ipv6 { import all; export none; };
}
`;
  const received = (protocol: string) => execFileSync('cat', [log], {encoding: 'utf8'}).split('\n').filter((l) => l.includes(` ${protocol}: Got `)).map((l) => l.slice(l.indexOf('Got ')));

  it('over an IPv4 session an IPv6 route needs --next-hop; with it BIRD holds both, then End-of-RIB for each family', async (ctx) => {
    if (!canRun) return ctx.skip();
    writeFileSync(log, '');
    await startBird(config);
    const refused = spawnSync('ip', ['netns', 'exec', NODE, process.execPath, join(ROOT, 'bin/run.js'), 'metallb', 'announce', '--bgp', '--bgp-peer', 'peer-address=192.0.2.1,peer-asn=64601,my-asn=64600', '--ip', '2001:db8:5::80'], {encoding: 'utf8'});
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('[ERROR] the session to 192.0.2.1 is IPv4 and has no IPv6 address of its own to give as the next hop of IPv6 routes; add --next-hop with an IPv6 address of this host.');
    const s = announce('--bgp-peer', 'peer-address=192.0.2.1,peer-asn=64601,my-asn=64600', '--ip', '198.51.100.80', '--ip', '2001:db8:5::80', '--next-hop', '2001:db8:1::2', '--community', '64600:6');
    await s.waitFor((e) => e.event === 'state' && e.to === 'Established');
    const route = await until(() => routeOf('2001:db8:5::80/128'), 10_000);
    expect(route).toMatch(/BGP\.next_hop: 2001:db8:1::2\n/);
    expect(route).toMatch(/BGP\.as_path: 64600\n/);
    expect(route).toMatch(/BGP\.community: \(64600,6\)/);
    expect(routeOf('198.51.100.80/32')).toMatch(/BGP\.next_hop: 192\.0\.2\.2\n/);
    // The initial table, then one End-of-RIB per family the session carries (RFC 4724).
    const got = await until(() => (received('node').filter((l) => l === 'Got END-OF-RIB').length >= 2 ? received('node') : undefined), 5000);
    expect(got.filter((l) => l === 'Got END-OF-RIB')).toHaveLength(2);
    // BIRD logs every UPDATE, and an End-of-RIB once more as such: the two routes' UPDATEs come first, then each
    // family's End-of-RIB.
    expect(got.slice(got.indexOf('Got KEEPALIVE') + 1)).toEqual(['Got UPDATE', 'Got UPDATE', 'Got UPDATE', 'Got END-OF-RIB', 'Got UPDATE', 'Got END-OF-RIB']);
    expect(execFileSync('cat', [log], {encoding: 'utf8'})).not.toMatch(/Invalid|mismatched/);
    await stopSpeaker(s);
    await until(() => (routeOf('2001:db8:5::80/128') ? undefined : true), 2000);
  }, 30_000);

  it('a live session withdraws what is removed (IPv4 withdrawn routes, IPv6 MP_UNREACH_NLRI) and BIRD drops it, the session staying up', async (ctx) => {
    if (!canRun) return ctx.skip();
    writeFileSync(log, '');
    await startBird(config);
    // The speaker as a library (the CLI's routes are fixed for a run): announce two routes, then keep only one.
    const script = `
      const {BgpSpeaker, routeFor} = require(${JSON.stringify(join(ROOT, 'dist/cli.cjs'))});
      const peer = {peerAddress: '192.0.2.1', peerAsn: 64601, localAsn: 64600, holdTime: 9, peerPort: 179};
      const both = [routeFor('198.51.100.85', [], 0), routeFor('2001:db8:5::85', [], 0), routeFor('198.51.100.86', [], 0)];
      const speaker = new BgpSpeaker([peer], both, (e) => {
        if (e.event === 'state' && e.to === 'Established') console.log('established');
        if (e.event === 'update-sent') console.log('update ' + e.announced + ' ' + e.withdrawn);
      }, {6: '2001:db8:1::2'});
      speaker.start();
      process.stdin.on('data', () => speaker.sessions[0].setRoutes([both[2]]));
      process.on('SIGTERM', () => speaker.stop().then(() => process.exit(0)));
    `;
    const child = spawn('ip', ['netns', 'exec', NODE, process.execPath, '-e', script], {stdio: ['pipe', 'pipe', 'inherit']});
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    try {
      await until(() => (routeOf('2001:db8:5::85/128') && routeOf('198.51.100.85/32') ? true : undefined), 10_000);
      child.stdin!.write('withdraw\n');
      await until(() => (!routeOf('2001:db8:5::85/128') && !routeOf('198.51.100.85/32') ? true : undefined), 3000);
      expect(routeOf('198.51.100.86/32')).toBeDefined();
      await until(() => (out.includes('update 0 2') ? true : undefined), 2000); // its report may trail BIRD's table
      expect(birdc('show', 'protocols', 'node')).toMatch(/Established/);
      expect(execFileSync('cat', [log], {encoding: 'utf8'})).not.toMatch(/Invalid|mismatched|Malformed/);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  }, 30_000);

  it('over an IPv6 session: the next hop is the session\'s own address, and only the IPv6 End-of-RIB is sent', async (ctx) => {
    if (!canRun) return ctx.skip();
    writeFileSync(log, '');
    await startBird(config);
    const s = announce('--bgp-peer', 'peer-address=2001:db8:1::1,peer-asn=64601,my-asn=64600,hold-time=9s', '--ip', '2001:db8:5::81');
    await s.waitFor((e) => e.event === 'state' && e.to === 'Established');
    const route = await until(() => routeOf('2001:db8:5::81/128'), 10_000);
    expect(route).toMatch(/BGP\.next_hop: 2001:db8:1::2\n/);
    expect(route).toMatch(/\[node6 /);
    await until(() => (received('node6').includes('Got END-OF-RIB') ? true : undefined), 5000);
    await new Promise((r) => setTimeout(r, 300));
    expect(received('node6').filter((l) => l === 'Got END-OF-RIB')).toHaveLength(1);
    await stopSpeaker(s);
  }, 30_000);
});

describe('announce --bgp -f: what the module gives a node', () => {
  it('announces the plan\'s addresses of the node to its sessions, with the configuration\'s communities', async (ctx) => {
    if (!canRun) return ctx.skip();
    await startBird(birdConfig(64601, 64600));
    const manifests = join(dir, 'cluster.yaml');
    writeFileSync(manifests, `apiVersion: network.deckhouse.io/v1alpha1
kind: MetalLoadBalancerPool
metadata: {name: public}
spec: {addresses: [198.51.100.60/30]}
---
apiVersion: network.deckhouse.io/v1alpha1
kind: MetalLoadBalancerBGPPeer
metadata: {name: router}
spec: {peerAddress: 192.0.2.1, peerASN: 64601, myASN: 64600, holdTime: 9s}
---
apiVersion: network.deckhouse.io/v1alpha1
kind: MetalLoadBalancerConfiguration
metadata: {name: edge}
spec: {mode: BGP, nodeSelector: {role: edge}, bgp: {peerNames: [router]}, advertisements: [{poolNames: [public], bgp: {communities: ["64600:9"]}}]}
---
apiVersion: v1
kind: Node
metadata: {name: n1, labels: {role: edge}}
---
apiVersion: v1
kind: Node
metadata: {name: n2, labels: {role: app}}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec: {type: LoadBalancer, ports: [{port: 80}]}
`);
    const s = announce('-f', manifests, '--node', 'n1');
    await s.waitFor((e) => e.event === 'state' && e.to === 'Established');
    const route = await until(() => routeOf('198.51.100.60/32'), 10_000);
    expect(route).toMatch(/BGP\.community: \(64600,9\)/);
    expect(s.events[0]).toMatchObject({event: 'started', addresses: ['198.51.100.60']});
    await stopSpeaker(s);
    const none = spawnSync('ip', ['netns', 'exec', NODE, process.execPath, join(ROOT, 'bin/run.js'), 'metallb', 'announce', '--bgp', '-f', manifests, '--node', 'n2'], {encoding: 'utf8'});
    expect(none.status).toBe(1);
    expect(none.stderr).toContain("by the module's rules node n2 advertises nothing");
  });
});

describe('announce --bgp with TCP MD5 (password-file)', () => {
  it('the right key brings the session up; a wrong key never does', async (ctx) => {
    if (!canRun) return ctx.skip();
    await startBird(birdConfig(64601, 64600).replace('hold time 9;', 'hold time 9;\n  password "s3cret";'));
    const right = join(dir, 'right.password');
    const wrong = join(dir, 'wrong.password');
    writeFileSync(right, 's3cret\n');
    writeFileSync(wrong, 'guess\n');
    const good = announce('--bgp-peer', `peer-address=192.0.2.1,peer-asn=64601,my-asn=64600,password-file=${right}`, '--ip', '198.51.100.70');
    await good.waitFor((e) => e.event === 'state' && e.to === 'Established');
    await until(() => routeOf('198.51.100.70/32'), 10_000);
    await stopSpeaker(good);
    const bad = announce('--bgp-peer', `peer-address=192.0.2.1,peer-asn=64601,my-asn=64600,password-file=${wrong}`, '--ip', '198.51.100.71');
    await new Promise((r) => setTimeout(r, 5000));
    expect(bad.events.some((e) => e.event === 'state' && e.to === 'Established')).toBe(false);
    expect(routeOf('198.51.100.71/32')).toBeUndefined();
    await stopSpeaker(bad);
  }, 30_000);
});

describe('announce --bgp -f with a peer\'s password Secret', () => {
  it('signs the session with the password of the Secret the peer names (TCP MD5); a Secret without one is refused', async (ctx) => {
    if (!canRun) return ctx.skip();
    await startBird(birdConfig(64601, 64600).replace('hold time 9;', 'hold time 9;\n  password "fr0m-secret";'));
    const manifests = (secretData: string, labels = '{network.deckhouse.io/metallb-bgp-password: "true"}') => `apiVersion: network.deckhouse.io/v1alpha1
kind: MetalLoadBalancerPool
metadata: {name: public}
spec: {addresses: [198.51.100.90/32]}
---
apiVersion: network.deckhouse.io/v1alpha1
kind: MetalLoadBalancerBGPPeer
metadata: {name: router}
spec: {peerAddress: 192.0.2.1, peerASN: 64601, myASN: 64600, holdTime: 9s, passwordSecretRef: {name: router-password, namespace: d8-metallb}}
---
apiVersion: v1
kind: Secret
type: kubernetes.io/basic-auth
metadata: {name: router-password, namespace: d8-metallb, labels: ${labels}}
${secretData}
---
apiVersion: network.deckhouse.io/v1alpha1
kind: MetalLoadBalancerConfiguration
metadata: {name: edge}
spec: {mode: BGP, bgp: {peerNames: [router]}, advertisements: [{poolNames: [public]}]}
---
apiVersion: v1
kind: Node
metadata: {name: n1}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec: {type: LoadBalancer, ports: [{port: 80}]}
`;
    const good = join(dir, 'signed.yaml');
    writeFileSync(good, manifests(`data: {password: ${Buffer.from('fr0m-secret').toString('base64')}}`));
    const s = announce('-f', good, '--node', 'n1');
    await s.waitFor((e) => e.event === 'state' && e.to === 'Established');
    await until(() => routeOf('198.51.100.90/32'), 10_000);
    await stopSpeaker(s);
    const empty = join(dir, 'unsigned.yaml');
    writeFileSync(empty, manifests('data: {username: metallb}'));
    const refused = spawnSync('ip', ['netns', 'exec', NODE, process.execPath, join(ROOT, 'bin/run.js'), 'metallb', 'announce', '--bgp', '-f', empty, '--node', 'n1'], {encoding: 'utf8'});
    // MetalLB's speaker refuses such a configuration whole (config.go: password not specified in the secret).
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('[ERROR] MetalLB\'s speaker refuses the configuration, so no node advertises anything: peer router: Secret d8-metallb/router-password has no password key; put the password under the key "password".');
    // Unlabelled, the hook never copies the Secret: the module's session is unsigned, and so is ours (with a warning).
    const unlabelled = join(dir, 'unlabelled.yaml');
    writeFileSync(unlabelled, manifests(`data: {password: ${Buffer.from('fr0m-secret').toString('base64')}}`, '{}'));
    const unsigned = spawnSync('ip', ['netns', 'exec', NODE, process.execPath, join(ROOT, 'bin/run.js'), 'metallb', 'announce', '--bgp', '-f', unlabelled, '--node', 'n1', '--establish-timeout', '2s'], {encoding: 'utf8'});
    expect(unsigned.stderr).toContain('[WARN] peer router names the Secret d8-metallb/router-password, which the module does not copy (it lacks the label network.deckhouse.io/metallb-bgp-password: "true")');
    expect(unsigned.status).toBe(1);
  }, 30_000);
});

describe('announce --bgp on a terminal', () => {
  it('shows each session in a live table (state, uptime, prefixes), and Ctrl-C sends CEASE and exits 0', async (ctx) => {
    if (!canRun) return ctx.skip();
    await startBird(birdConfig(64601, 64600));
    const {runInPty, stripAnsi} = await import('../helpers/pty.js');
    const {code, output} = await runInPty(`ip netns exec ${NODE} node bin/run.js metallb announce --bgp --bgp-peer peer-address=192.0.2.1,peer-asn=64601,my-asn=64600 --ip 198.51.100.80 --ip 198.51.100.81`, [
      {prompt: 'Established', keys: '\x03'},
    ], 30_000);
    const text = stripAnsi(output);
    expect(text).toMatch(/PEER\s+STATE\s+UPTIME\s+PREFIXES\s+LAST ERROR/);
    expect(text).toMatch(/192\.0\.2\.1:179\s+Established\s+\S+\s+2/);
    expect(text).toContain('Stopped: CEASE sent to every established session');
    expect(code).toBe(0);
  }, 40_000);
});

describe('announce --bgp --passive', () => {
  it('listens on port 179 and takes the session the router opens', async (ctx) => {
    if (!canRun) return ctx.skip();
    const s = announce('--passive', '--bgp-peer', 'peer-address=192.0.2.1,peer-asn=64601,my-asn=64600', '--ip', '198.51.100.90');
    await s.waitFor((e) => e.event === 'started');
    // BIRD dials us (its connect retry is 1 s); nothing of ours dials it.
    await startBird(birdConfig(64601, 64600));
    await s.waitFor((e) => e.event === 'state' && e.to === 'Established');
    expect(s.events.filter((e) => e.event === 'state' && e.to === 'Connect')).toEqual([]);
    await until(() => routeOf('198.51.100.90/32'), 10_000);
    await stopSpeaker(s);
  }, 30_000);
});

describe('announce --bgp with FRR', () => {
  it.for([
    {kind: 'eBGP with 2-octet AS numbers', routerAs: 64601, ourAs: 64600, aspath: '64600', localPref: 100},
    {kind: 'iBGP with a 4-octet AS', routerAs: 4200000001, ourAs: 4200000001, aspath: 'Local', localPref: 250}, // FRR shows an empty AS_PATH as "Local"
  ])('$kind: FRR\'s bgpd holds the route with ORIGIN IGP, the AS path, the next hop, LOCAL_PREF and the communities', {timeout: 30_000}, async ({routerAs, ourAs, aspath, localPref}, ctx) => {
    if (!canRun || !existsSync('/usr/lib/frr/bgpd')) return ctx.skip();
    if (bird && bird.exitCode === null && bird.signalCode === null) {
      const exited = new Promise((r) => bird!.once('exit', r));
      bird.kill('SIGKILL');
      await exited;
    }
    const frrDir = join(dir, 'frr');
    mkdirSync(frrDir, {recursive: true});
    writeFileSync(join(frrDir, 'bgpd.conf'), `router bgp ${routerAs}\n bgp router-id 192.0.2.1\n no bgp ebgp-requires-policy\n neighbor 192.0.2.2 remote-as ${ourAs}\n neighbor 192.0.2.2 timers 3 9\n address-family ipv4 unicast\n  neighbor 192.0.2.2 activate\n exit-address-family\n`);
    // bgpd alone (no zebra), as the frr user the package creates; vtysh reads it through the socket in frrDir.
    execFileSync('chown', ['-R', 'frr:frr', frrDir]);
    execFileSync('chmod', ['0755', dir]); // mkdtemp's 0700 would keep the frr user out
    const bgpd = spawn('ip', ['netns', 'exec', ROUTER, '/usr/lib/frr/bgpd', '-f', join(frrDir, 'bgpd.conf'), '-i', join(frrDir, 'bgpd.pid'), '--vty_socket', frrDir, '-Z', '-u', 'frr', '-g', 'frr'], {stdio: 'ignore'});
    const vtysh = (command: string) => execFileSync('ip', ['netns', 'exec', ROUTER, 'vtysh', '--vty_socket', frrDir, '-c', command], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']});
    try {
      const s = announce('--bgp-peer', `peer-address=192.0.2.1,peer-asn=${routerAs},my-asn=${ourAs}`, '--ip', '198.51.100.95', '--community', '64600:5', '--local-pref', '250');
      await s.waitFor((e) => e.event === 'state' && e.to === 'Established');
      const route = await until(() => {
        try {
          const table = JSON.parse(vtysh('show bgp ipv4 unicast 198.51.100.95/32 json')) as {paths?: {aspath: {string: string}; origin: string; nexthops: {ip: string}[]; community?: {string: string}; locPrf?: number}[]};
          return table.paths?.[0];
        } catch {
          return undefined;
        }
      }, 10_000);
      expect(route.aspath.string).toBe(aspath);
      // Our LOCAL_PREF on iBGP; on eBGP none is sent and FRR shows its default.
      expect(route.locPrf ?? 100).toBe(localPref);
      expect(route.origin).toBe('IGP');
      expect(route.nexthops[0]!.ip).toBe('192.0.2.2');
      expect(route.community?.string).toBe('64600:5');
      await stopSpeaker(s);
      await until(() => {
        try {
          return (JSON.parse(vtysh('show bgp ipv4 unicast 198.51.100.95/32 json')) as {paths?: unknown[]}).paths ? undefined : true;
        } catch {
          return true;
        }
      }, 3000);
    } finally {
      bgpd.kill('SIGKILL');
    }
  });
});
