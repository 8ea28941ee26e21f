// The ARP answer on a real link: two network namespaces this test creates (client, announcer) joined by a veth
// pair, documentation addresses only, removed afterwards. The client's arping and kernel must learn our MAC.
import {type ChildProcess, execFileSync, spawn} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';

const id = `${process.pid % 100000}`;
const CLIENT = `d8m-c-${id}`;
const ANNOUNCER = `d8m-a-${id}`;
const CLIENT_IF = `d8mc${id}`;
const ANNOUNCER_IF = `d8ma${id}`;
const ADDRESS = '192.0.2.10';
const RESPONDER = fileURLToPath(new URL('./arp-responder.cjs', import.meta.url));

const MACVLAN = `d8mv${id}`;
const ip = (...args: string[]) => execFileSync('ip', args, {encoding: 'utf8'});
const inClient = (...args: string[]) => execFileSync('ip', ['netns', 'exec', CLIENT, ...args], {encoding: 'utf8'});

let canCreate = true;
let announcerMac = '';
let responder: ChildProcess | undefined;
/** Every responder started: whatever a test did, none outlives the file (a SIGKILL after the SIGTERM). */
const responders: ChildProcess[] = [];

function startResponder(ifname = ANNOUNCER_IF, ...extra: string[]): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn('ip', ['netns', 'exec', ANNOUNCER, process.execPath, RESPONDER, ifname, ADDRESS, ...extra], {stdio: ['ignore', 'pipe', 'pipe']});
    responders.push(child);
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', (d) => String(d).includes('ready') && resolve(child));
    child.on('exit', (code) => reject(new Error(`responder exited ${code}: ${err}`)));
  });
}

beforeAll(async () => {
  try {
    ip('netns', 'add', CLIENT);
  } catch {
    canCreate = false; // not root: the test says so below
    return;
  }
  ip('netns', 'add', ANNOUNCER);
  ip('link', 'add', CLIENT_IF, 'netns', CLIENT, 'type', 'veth', 'peer', 'name', ANNOUNCER_IF, 'netns', ANNOUNCER);
  ip('-n', CLIENT, 'link', 'set', CLIENT_IF, 'up');
  ip('-n', ANNOUNCER, 'link', 'set', ANNOUNCER_IF, 'up');
  ip('-n', CLIENT, 'addr', 'add', '192.0.2.1/24', 'dev', CLIENT_IF);
  announcerMac = ip('-n', ANNOUNCER, '-br', 'link', 'show', ANNOUNCER_IF).trim().split(/\s+/)[2]!;
  // A second MAC on the announcer's side of the link, for a split brain.
  ip('-n', ANNOUNCER, 'link', 'add', MACVLAN, 'link', ANNOUNCER_IF, 'type', 'macvlan', 'mode', 'bridge');
  ip('-n', ANNOUNCER, 'link', 'set', MACVLAN, 'up');
  responder = await startResponder();
});

afterAll(async () => {
  responder?.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 200));
  for (const child of responders) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  if (!canCreate) return;
  for (const ns of [CLIENT, ANNOUNCER]) {
    try {
      ip('netns', 'del', ns); // deleting a namespace removes its end of the veth pair, and so the pair
    } catch {}
  }
});

describe('ARP answers in network namespaces', () => {
  it('arping from the client gets the announcer\'s MAC for the announced address', () => {
    if (!canCreate) return console.warn('skipped: network namespaces cannot be created here (needs root)');
    const out = inClient('arping', '-I', CLIENT_IF, '-c', '1', '-w', '3', ADDRESS);
    expect(out.toLowerCase()).toContain(`unicast reply from ${ADDRESS} [${announcerMac.toLowerCase()}]`);
  });

  it('the client kernel\'s neighbour table learns the announcer\'s MAC', () => {
    if (!canCreate) return;
    // Make the kernel resolve the address: one UDP datagram is enough.
    inClient(process.execPath, '-e', `require('dgram').createSocket('udp4').send('x', 9, '${ADDRESS}', (e, n) => process.exit(0))`);
    let neighbour = '';
    for (let i = 0; i < 30 && !/lladdr/.test(neighbour); i++) {
      execFileSync('sleep', ['0.1']);
      neighbour = inClient('ip', 'neigh', 'show', ADDRESS);
    }
    expect(neighbour.toLowerCase()).toContain(`lladdr ${announcerMac.toLowerCase()}`);
  });

  it('does not answer for an address it does not own', () => {
    if (!canCreate) return;
    expect(() => inClient('arping', '-I', CLIENT_IF, '-c', '1', '-w', '1', '192.0.2.11')).toThrow();
  });
});

const BIN = fileURLToPath(new URL('../../bin/run.js', import.meta.url));
const d8In = (ns: string, args: string[], timeoutMs = 15_000) => new Promise<{code: number | null; stdout: string; stderr: string}>((resolve) => {
  const child = spawn('ip', ['netns', 'exec', ns, process.execPath, BIN, 'metallb', ...args], {stdio: ['ignore', 'pipe', 'pipe']});
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  child.on('close', (code) => {
    clearTimeout(timer);
    resolve({code, stdout, stderr});
  });
});

describe('d8 metallb announce and ip probe in namespaces', () => {
  it('announce answers ARP for its address until SIGINT, and reports what it did as JSON lines', async () => {
    if (!canCreate) return;
    const child = spawn('ip', ['netns', 'exec', ANNOUNCER, process.execPath, BIN, 'metallb', 'announce', '--interface', ANNOUNCER_IF, '--ip', '192.0.2.20', '-o', 'json'], {stdio: ['ignore', 'pipe', 'pipe']});
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    for (let i = 0; i < 100 && !out.includes('"started"'); i++) await new Promise((r) => setTimeout(r, 100));
    const reply = inClient('arping', '-I', CLIENT_IF, '-c', '1', '-w', '3', '192.0.2.20');
    expect(reply.toLowerCase()).toContain(`unicast reply from 192.0.2.20 [${announcerMac.toLowerCase()}]`);
    child.kill('SIGINT');
    const code = await new Promise((r) => child.on('close', r));
    expect(code).toBe(0);
    const events = out.trim().split('\n').map((l) => JSON.parse(l));
    expect(events[0]).toMatchObject({event: 'started', addresses: ['192.0.2.20']});
    expect(events[1]).toMatchObject({event: 'announced', ip: '192.0.2.20', round: 0});
    expect(events).toContainEqual(expect.objectContaining({event: 'answered', ip: '192.0.2.20'}));
    expect(events.at(-1)).toMatchObject({event: 'stopped'});
  });

  it('announce refuses an address another host answers for, naming its MAC', async () => {
    if (!canCreate) return;
    const r = await d8In(CLIENT, ['announce', '--interface', CLIENT_IF, '--ip', ADDRESS]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`[WARN] ${ADDRESS} is already answered by ${announcerMac}; not announcing it (--force to announce anyway).`);
    expect(r.stderr).toContain('[ERROR] every address is held by another host; nothing to announce');
  });

  it('--force announces a held address, and another host\'s gratuitous announcement is reported as a conflict', async () => {
    if (!canCreate) return;
    const child = spawn('ip', ['netns', 'exec', CLIENT, process.execPath, BIN, 'metallb', 'announce', '--interface', CLIENT_IF, '--ip', ADDRESS, '--force', '-o', 'json'], {stdio: ['ignore', 'pipe', 'pipe']});
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    for (let i = 0; i < 100 && !out.includes('"started"'); i++) await new Promise((r) => setTimeout(r, 100));
    const other = await startResponder(ANNOUNCER_IF, '--gratuitous');
    for (let i = 0; i < 50 && !out.includes('"conflict"'); i++) await new Promise((r) => setTimeout(r, 100));
    other.kill('SIGTERM');
    child.kill('SIGINT');
    await new Promise((r) => child.on('close', r));
    const events = out.trim().split('\n').map((l) => JSON.parse(l));
    expect(events).toContainEqual(expect.objectContaining({event: 'conflict', ip: ADDRESS, mac: announcerMac.toLowerCase()}));
  });

  it('ip probe says which addresses are free or held, and reports a split brain', async () => {
    if (!canCreate) return;
    const held = await d8In(CLIENT, ['ip', 'probe', '--interface', CLIENT_IF, '--ip', ADDRESS, '--ip', '192.0.2.99', '-o', 'json']);
    expect(held.code).toBe(0);
    expect(JSON.parse(held.stdout)).toEqual([
      {address: ADDRESS, state: 'held', macs: [announcerMac.toLowerCase()]},
      {address: '192.0.2.99', state: 'free', macs: []},
    ]);
    const second = await startResponder(MACVLAN);
    const split = await d8In(CLIENT, ['ip', 'probe', '--interface', CLIENT_IF, '--ip', ADDRESS, '-o', 'json']);
    second.kill('SIGTERM');
    expect(split.code).toBe(1);
    const [result] = JSON.parse(split.stdout);
    expect(result.state).toBe('split brain');
    expect(result.macs).toHaveLength(2);
  });

  it('--forward serves an HTTP request on the announced address, and removes its route on exit', async () => {
    if (!canCreate) return;
    ip('-n', ANNOUNCER, 'link', 'set', 'lo', 'up');
    ip('-n', ANNOUNCER, 'addr', 'add', '192.0.2.2/24', 'dev', ANNOUNCER_IF); // the announcer host's own address on the link
    const backend = spawn('ip', ['netns', 'exec', ANNOUNCER, process.execPath, '-e', "require('http').createServer((q, s) => s.end('ok')).listen(8080, '127.0.0.1', () => console.log('up'))"], {stdio: ['ignore', 'pipe', 'ignore']});
    await new Promise((r) => backend.stdout.on('data', r));
    const child = spawn('ip', ['netns', 'exec', ANNOUNCER, process.execPath, BIN, 'metallb', 'announce', '--interface', ANNOUNCER_IF, '--ip', '192.0.2.40', '--forward', '8000:127.0.0.1:8080', '-o', 'json'], {stdio: ['ignore', 'pipe', 'pipe']});
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    for (let i = 0; i < 100 && !out.includes('"started"'); i++) await new Promise((r) => setTimeout(r, 100));
    const status = inClient(process.execPath, '-e', "require('http').get('http://192.0.2.40:8000', (r) => { console.log(r.statusCode); process.exit(0); }).on('error', (e) => { console.log(e.code); process.exit(1); })");
    expect(status.trim()).toBe('200');
    // Only the announcer answers ARP: the local route alone would make the kernel reply too (two replies a request).
    // (The macvlan beside the announcer's interface would answer too: the kernel answers on every interface.)
    const arping = inClient('arping', '-c', '3', '-w', '5', '-I', CLIENT_IF, '192.0.2.40');
    expect(arping).toMatch(/Received 3 response\(s\)/);
    expect(arping.split('\n').filter((l) => l.startsWith('Unicast reply')).every((l) => l.toLowerCase().includes(announcerMac.toLowerCase()))).toBe(true);
    expect(ip('netns', 'exec', ANNOUNCER, 'cat', '/proc/sys/net/ipv4/conf/all/arp_ignore').trim()).toBe('1');
    child.kill('SIGINT');
    await new Promise((r) => child.on('close', r));
    backend.kill();
    expect(ip('-n', ANNOUNCER, 'route', 'show', 'table', 'local', '192.0.2.40')).toBe('');
    expect(ip('netns', 'exec', ANNOUNCER, 'cat', '/proc/sys/net/ipv4/conf/all/arp_ignore').trim()).toBe('0'); // restored
    expect(child.stderr.read()?.toString() ?? '').not.toContain('RTNETLINK');
  });

  it('refuses the interface\'s own address, and announces an address given twice once', async () => {
    if (!canCreate) return;
    const own = await d8In(ANNOUNCER, ['announce', '--interface', ANNOUNCER_IF, '--ip', '192.0.2.2']);
    expect(own.code).toBe(2);
    expect(own.stderr).toBe('[ERROR] --ip "192.0.2.2": the interface\'s own address; give an address no host on the link has.\n');
    const child = spawn('ip', ['netns', 'exec', ANNOUNCER, process.execPath, BIN, 'metallb', 'announce', '--interface', ANNOUNCER_IF, '--ip', '192.0.2.41', '--ip', '192.0.2.41', '-o', 'json'], {stdio: ['ignore', 'pipe', 'pipe']});
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    for (let i = 0; i < 100 && !out.includes('"started"'); i++) await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGINT');
    await new Promise((r) => child.on('close', r));
    const started = out.split('\n').filter(Boolean).map((l) => JSON.parse(l)).find((e) => e.event === 'started');
    expect(started.addresses).toEqual(['192.0.2.41']);
  });

  it('answers NDP for an IPv6 address: the client kernel learns our MAC, and ip probe finds it (DAD)', async () => {
    if (!canCreate) return;
    ip('-n', CLIENT, 'addr', 'replace', '2001:db8::1/64', 'dev', CLIENT_IF, 'nodad');
    const child = spawn('ip', ['netns', 'exec', ANNOUNCER, process.execPath, BIN, 'metallb', 'announce', '--interface', ANNOUNCER_IF, '--ip', '2001:db8::10', '-o', 'json'], {stdio: ['ignore', 'pipe', 'pipe']});
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    for (let i = 0; i < 100 && !out.includes('"started"'); i++) await new Promise((r) => setTimeout(r, 100));
    inClient(process.execPath, '-e', "require('dgram').createSocket('udp6').send('x', 9, '2001:db8::10', () => process.exit(0))");
    let neighbour = '';
    for (let i = 0; i < 30 && !/lladdr/.test(neighbour); i++) {
      execFileSync('sleep', ['0.1']);
      neighbour = inClient('ip', '-6', 'neigh', 'show', '2001:db8::10');
    }
    expect(neighbour.toLowerCase()).toContain(`lladdr ${announcerMac.toLowerCase()}`);
    const probe = await d8In(CLIENT, ['ip', 'probe', '--interface', CLIENT_IF, '--ip', '2001:db8::10', '-o', 'json']);
    expect(JSON.parse(probe.stdout)).toEqual([{address: '2001:db8::10', state: 'held', macs: [announcerMac.toLowerCase()]}]);
    // After the gratuitous rounds (5 s) the address is still defended: a DAD probe (RFC 4862 5.4.3) gets an
    // advertisement to all nodes, and the probe is reported.
    for (let i = 0; i < 80 && !out.includes('"round":4'); i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 300));
    const later = await d8In(CLIENT, ['ip', 'probe', '--interface', CLIENT_IF, '--ip', '2001:db8::10', '-o', 'json']);
    expect(JSON.parse(later.stdout)).toEqual([{address: '2001:db8::10', state: 'held', macs: [announcerMac.toLowerCase()]}]);
    child.kill('SIGINT');
    await new Promise((r) => child.on('close', r));
    expect(out).toContain('"event":"answered","ip":"2001:db8::10"');
    expect(out).toMatch(new RegExp(`"event":"defended","ip":"2001:db8::10","from":"${announcerMac.toLowerCase()}"|"event":"defended","ip":"2001:db8::10","from":"[0-9a-f:]+"`));
  });

  it('--forward works for IPv6 too: the documentation\'s check over HTTP to [2001:db8::40]:8000', async () => {
    if (!canCreate) return;
    ip('-n', ANNOUNCER, 'link', 'set', 'lo', 'up');
    ip('-n', ANNOUNCER, 'addr', 'add', '2001:db8::2/64', 'dev', ANNOUNCER_IF, 'nodad'); // the host's own address on the link
    ip('-n', CLIENT, 'addr', 'replace', '2001:db8::1/64', 'dev', CLIENT_IF, 'nodad');
    const backend = spawn('ip', ['netns', 'exec', ANNOUNCER, process.execPath, '-e', "require('http').createServer((q, s) => s.end('ok')).listen(8081, '127.0.0.1', () => console.log('up'))"], {stdio: ['ignore', 'pipe', 'ignore']});
    await new Promise((r) => backend.stdout.on('data', r));
    const child = spawn('ip', ['netns', 'exec', ANNOUNCER, process.execPath, BIN, 'metallb', 'announce', '--interface', ANNOUNCER_IF, '--ip', '2001:db8::40', '--forward', '8000:127.0.0.1:8081', '-o', 'json'], {stdio: ['ignore', 'pipe', 'pipe']});
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    for (let i = 0; i < 100 && !out.includes('"started"'); i++) await new Promise((r) => setTimeout(r, 100));
    expect(err).toBe('');
    const status = inClient(process.execPath, '-e', "require('http').get('http://[2001:db8::40]:8000', (r) => { console.log(r.statusCode); process.exit(0); }).on('error', (e) => { console.log(e.code); process.exit(1); })");
    expect(status.trim()).toBe('200');
    child.kill('SIGINT');
    await new Promise((r) => child.on('close', r));
    backend.kill();
    expect(ip('-n', ANNOUNCER, '-6', 'addr', 'show', 'dev', 'lo')).not.toContain('2001:db8::40');
  });

  it('a gratuitous round updates a neighbour entry the client already has', async () => {
    if (!canCreate) return;
    ip('-n', CLIENT, 'neigh', 'replace', '192.0.2.30', 'lladdr', '02:00:00:00:00:99', 'dev', CLIENT_IF, 'nud', 'stale');
    const child = spawn('ip', ['netns', 'exec', ANNOUNCER, process.execPath, BIN, 'metallb', 'announce', '--interface', ANNOUNCER_IF, '--ip', '192.0.2.30', '-o', 'json'], {stdio: ['ignore', 'pipe', 'pipe']});
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    for (let i = 0; i < 100 && !out.includes('"started"'); i++) await new Promise((r) => setTimeout(r, 100));
    let neighbour = '';
    for (let i = 0; i < 30 && !neighbour.toLowerCase().includes(announcerMac.toLowerCase()); i++) {
      await new Promise((r) => setTimeout(r, 100));
      neighbour = inClient('ip', 'neigh', 'show', '192.0.2.30');
    }
    child.kill('SIGINT');
    await new Promise((r) => child.on('close', r));
    expect(neighbour.toLowerCase()).toContain(`lladdr ${announcerMac.toLowerCase()}`);
  });

  it('ignores malformed frames without a crash, and still answers afterwards', async () => {
    if (!canCreate) return;
    const sender = `
      globalThis[Symbol.for('d8-metallb.root')] = ${JSON.stringify(fileURLToPath(new URL('../..', import.meta.url)))};
      const {arp, openRawSocket, loadRawSockets} = require(${JSON.stringify(fileURLToPath(new URL('../../dist/cli.cjs', import.meta.url)))});
      const native = loadRawSockets();
      const handle = openRawSocket(${JSON.stringify(CLIENT_IF)}, arp.ETHERTYPE_ARP, () => {});
      const good = arp.arpFrame({destination: arp.BROADCAST, source: '02:00:00:00:00:07', operation: 1, senderMac: '02:00:00:00:00:07', senderIp: '192.0.2.1', targetMac: '00:00:00:00:00:00', targetIp: ${JSON.stringify(ADDRESS)}});
      const short = good.slice(0, 20);
      const lengths = good.slice(); lengths[18] = 9;
      const hardware = good.slice(); hardware[15] = 7;
      for (const frame of [short, lengths, hardware]) native.send(handle, frame);
      native.close(handle);
    `;
    inClient(process.execPath, '-e', sender);
    expect(responder!.exitCode).toBeNull();
    const out = inClient('arping', '-I', CLIENT_IF, '-c', '1', '-w', '3', ADDRESS);
    expect(out.toLowerCase()).toContain(`[${announcerMac.toLowerCase()}]`);
  });

  it('without CAP_NET_RAW says so in one sentence, exit code 4', async () => {
    if (!canCreate) return;
    const r = await new Promise<{code: number | null; stderr: string}>((resolve) => {
      const child = spawn('ip', ['netns', 'exec', CLIENT, 'setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, BIN, 'metallb', 'announce', '--interface', CLIENT_IF, '--ip', '192.0.2.20'], {stdio: ['ignore', 'ignore', 'pipe'], env: {...process.env, HOME: '/nonexistent', D8_METALLB_NO_CODE_CACHE: '1', DEBUG: undefined}});
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code) => resolve({code, stderr}));
    });
    expect(r.code).toBe(4);
    expect(r.stderr).toBe('[ERROR] announcing needs CAP_NET_RAW (raw sockets); run it as root or grant the capability (setcap cap_net_raw+ep on node).\n');
  });

  it('keeps running when the interface goes down, says so once, and answers again when it is up', async () => {
    if (!canCreate) return;
    const child = spawn('ip', ['netns', 'exec', ANNOUNCER, process.execPath, BIN, 'metallb', 'announce', '--interface', ANNOUNCER_IF, '--ip', '192.0.2.61'], {stdio: ['ignore', 'ignore', 'pipe']});
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      for (let i = 0; i < 100 && !stderr.includes('Announcing'); i++) await new Promise((r) => setTimeout(r, 100));
      ip('-n', ANNOUNCER, 'link', 'set', ANNOUNCER_IF, 'down');
      await new Promise((r) => setTimeout(r, 2500)); // two gratuitous rounds fall while it is down
      expect(child.exitCode).toBeNull();
      expect(stderr.match(/\[WARN\] cannot send on/g)).toHaveLength(1);
      expect(stderr).toContain(`cannot send on ${ANNOUNCER_IF} (Network is down); still running`);
    } finally {
      ip('-n', ANNOUNCER, 'link', 'set', ANNOUNCER_IF, 'up');
    }
    let reply = '';
    for (let i = 0; i < 5 && !reply.includes('Unicast reply'); i++) {
      try {
        reply = inClient('arping', '-I', CLIENT_IF, '-c', '1', '-w', '2', '192.0.2.61');
      } catch {}
    }
    expect(reply.toLowerCase()).toContain(`unicast reply from 192.0.2.61 [${announcerMac.toLowerCase()}]`);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('stops cleanly when the reader of its JSON lines goes away (-o json | head -1), "started" coming first', () => {
    if (!canCreate) return;
    const started = Date.now();
    const out = execFileSync('bash', ['-c', `ip netns exec ${ANNOUNCER} ${process.execPath} ${BIN} metallb announce --interface ${ANNOUNCER_IF} --ip 192.0.2.62 -o json | head -1; echo "exit=\${PIPESTATUS[0]}"`], {encoding: 'utf8', timeout: 15_000});
    expect(JSON.parse(out.split('\n')[0]!)).toMatchObject({event: 'started', addresses: ['192.0.2.62']});
    expect(out).toContain('exit=0');
    expect(Date.now() - started).toBeLessThan(8000); // it ended at its next write, not at the timeout
  });

  it('shows a live status line on a terminal, and Ctrl-C stops it cleanly', async () => {
    if (!canCreate) return;
    const {runInPty} = await import('../helpers/pty.js');
    const {output, code} = await runInPty(`ip netns exec ${ANNOUNCER} ${process.execPath} ${BIN} metallb announce --interface ${ANNOUNCER_IF} --ip 192.0.2.60`, [
      {prompt: '1 address · answered 0 · conflicts 0', keys: '\u0003'},
    ]);
    expect(code).toBe(0);
    expect(output).toContain('[INFO] Stopped: answered 0 requests, 0 conflicts.');
  });

  it('on a terminal a warning first clears the status line, and a host claiming an address is warned about once', async () => {
    if (!canCreate) return;
    const {runInPty} = await import('../helpers/pty.js');
    // Another host announces the address gratuitously twice (two rounds, two frames each) while we announce it.
    let other: ChildProcess | undefined;
    const timer = setTimeout(async () => {
      other = await startResponder(ANNOUNCER_IF, '--gratuitous');
      other.kill('SIGTERM');
      other = await startResponder(ANNOUNCER_IF, '--gratuitous');
    }, 2500);
    const {output, code} = await runInPty(`ip netns exec ${CLIENT} ${process.execPath} ${BIN} metallb announce --interface ${CLIENT_IF} --ip ${ADDRESS} --force`, [
      {prompt: 'not repeated.', keys: ''},
      {prompt: ' · conflicts ', keys: ''}, // the status line, redrawn after the warning
      {prompt: ' · conflicts ', keys: '\u0003'},
    ], 20_000, {raw: true});
    clearTimeout(timer);
    other?.kill('SIGTERM');
    expect(code).toBe(0);
    const warnings = output.split('[WARN]').length - 1;
    expect(output).toMatch(/\r\u001b\[K\[WARN\] conflict: [0-9a-f:]+ also claims 192\.0\.2\.10 \(split brain\); further claims are counted, not repeated\./);
    expect(output).not.toMatch(/conflicts \d+\[WARN\]/);
    // One warning for the conflict, not one per claim (the host claimed it in two rounds of two frames).
    expect(warnings).toBe(1);
  });

  it('refuses an interface that is missing, or one MetalLB never uses, with exit code 4', async () => {
    if (!canCreate) return;
    const missing = await d8In(CLIENT, ['announce', '--interface', 'nope0', '--ip', '192.0.2.20']);
    expect(missing.code).toBe(4);
    expect(missing.stderr).toBe('[ERROR] --interface "nope0": no such interface; see \'ip link\'.\n');
    const loopback = await d8In(CLIENT, ['announce', '--interface', 'lo', '--ip', '192.0.2.20']);
    expect(loopback.code).toBe(4);
    expect(loopback.stderr).toMatch(/^\[ERROR\] --interface "lo": MetalLB never announces on interfaces matching \^lo\$/);
    // A pair left down, and its peer up without ARP.
    ip('-n', ANNOUNCER, 'link', 'add', `d8mx${id}`, 'type', 'veth', 'peer', 'name', `d8my${id}`);
    ip('-n', ANNOUNCER, 'link', 'set', `d8my${id}`, 'arp', 'off', 'up');
    const down = await d8In(ANNOUNCER, ['announce', '--interface', `d8mx${id}`, '--ip', '192.0.2.20']);
    expect([down.code, down.stderr]).toEqual([4, `[ERROR] --interface "d8mx${id}": the interface is down; bring it up ('ip link set d8mx${id} up').\n`]);
    const noarp = await d8In(ANNOUNCER, ['announce', '--interface', `d8my${id}`, '--ip', '192.0.2.20']);
    expect([noarp.code, noarp.stderr]).toEqual([4, `[ERROR] --interface "d8my${id}": the interface does not do ARP (NOARP); use an Ethernet interface.\n`]);
  });
});
