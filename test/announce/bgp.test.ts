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
  for (const [ns, ifname, address] of [[ROUTER, ROUTER_IF, '192.0.2.1/24'], [NODE, NODE_IF, '192.0.2.2/24']] as const) {
    ip('-n', ns, 'link', 'set', ifname, 'up');
    ip('-n', ns, 'link', 'set', 'lo', 'up');
    ip('-n', ns, 'addr', 'add', address, 'dev', ifname);
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

  it('eBGP with a 4-octet AS: GoBGP holds the route with ORIGIN IGP, the AS path, the next hop and the communities', async (ctx) => {
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
    writeFileSync(join(dir, 'gobgp.toml'), `[global.config]\n  as = 64601\n  router-id = "192.0.2.1"\n  port = 179\n  local-address-list = ["192.0.2.1"]\n[[neighbors]]\n  [neighbors.config]\n    neighbor-address = "192.0.2.2"\n    peer-as = 4200000000\n  [neighbors.timers.config]\n    hold-time = 9\n`);
    gobgpd = spawn('ip', ['netns', 'exec', ROUTER, 'gobgpd', '-f', join(dir, 'gobgp.toml'), '--api-hosts', '127.0.0.1:50052'], {stdio: 'ignore'});
    const s = announce('--bgp-peer', 'peer-address=192.0.2.1,peer-asn=64601,my-asn=4200000000', '--ip', '198.51.100.50', '--community', '64601:7');
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
    expect(JSON.stringify(attrs.find((a) => a.type === 2))).toContain('4200000000');
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
  it('eBGP: FRR\'s bgpd holds the route with ORIGIN IGP, the AS path, the next hop and the communities', async (ctx) => {
    if (!canRun || !existsSync('/usr/lib/frr/bgpd')) return ctx.skip();
    if (bird && bird.exitCode === null && bird.signalCode === null) {
      const exited = new Promise((r) => bird!.once('exit', r));
      bird.kill('SIGKILL');
      await exited;
    }
    const frrDir = join(dir, 'frr');
    mkdirSync(frrDir, {recursive: true});
    writeFileSync(join(frrDir, 'bgpd.conf'), 'router bgp 64601\n bgp router-id 192.0.2.1\n no bgp ebgp-requires-policy\n neighbor 192.0.2.2 remote-as 64600\n neighbor 192.0.2.2 timers 3 9\n address-family ipv4 unicast\n  neighbor 192.0.2.2 activate\n exit-address-family\n');
    // bgpd alone (no zebra), as the frr user the package creates; vtysh reads it through the socket in frrDir.
    execFileSync('chown', ['-R', 'frr:frr', frrDir]);
    execFileSync('chmod', ['0755', dir]); // mkdtemp's 0700 would keep the frr user out
    const bgpd = spawn('ip', ['netns', 'exec', ROUTER, '/usr/lib/frr/bgpd', '-f', join(frrDir, 'bgpd.conf'), '-i', join(frrDir, 'bgpd.pid'), '--vty_socket', frrDir, '-Z', '-u', 'frr', '-g', 'frr'], {stdio: 'ignore'});
    const vtysh = (command: string) => execFileSync('ip', ['netns', 'exec', ROUTER, 'vtysh', '--vty_socket', frrDir, '-c', command], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']});
    try {
      const s = announce('--bgp-peer', 'peer-address=192.0.2.1,peer-asn=64601,my-asn=64600', '--ip', '198.51.100.95', '--community', '64600:5');
      await s.waitFor((e) => e.event === 'state' && e.to === 'Established');
      const route = await until(() => {
        try {
          const table = JSON.parse(vtysh('show bgp ipv4 unicast 198.51.100.95/32 json')) as {paths?: {aspath: {string: string}; origin: string; nexthops: {ip: string}[]; community?: {string: string}}[]};
          return table.paths?.[0];
        } catch {
          return undefined;
        }
      }, 10_000);
      expect(route.aspath.string).toBe('64600');
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
  }, 30_000);
});
