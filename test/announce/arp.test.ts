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

const ip = (...args: string[]) => execFileSync('ip', args, {encoding: 'utf8'});
const inClient = (...args: string[]) => execFileSync('ip', ['netns', 'exec', CLIENT, ...args], {encoding: 'utf8'});

let canCreate = true;
let announcerMac = '';
let responder: ChildProcess | undefined;

function startResponder(...extra: string[]): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn('ip', ['netns', 'exec', ANNOUNCER, process.execPath, RESPONDER, ANNOUNCER_IF, ADDRESS, ...extra], {stdio: ['ignore', 'pipe', 'pipe']});
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
  responder = await startResponder();
});

afterAll(() => {
  responder?.kill('SIGTERM');
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
