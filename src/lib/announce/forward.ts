// --forward PORT:HOST:PORT: accept TCP on the announced addresses and pass it to a backend, so that a check such as
// `curl ADDRESS:8000` works without kube-proxy. The kernel delivers traffic only to addresses it treats as local:
// each address is made local for the run (see Forwarder.claim) and the change undone on exit.
import {execFileSync} from 'node:child_process';
import {readFileSync, writeFileSync} from 'node:fs';
import {type Server, connect, createServer} from 'node:net';
import {UserError} from '../errors.js';

export interface ForwardRule {
  readonly listenPort: number;
  readonly host: string;
  readonly port: number;
}

export function parseForward(text: string): ForwardRule {
  const match = /^(\d{1,5}):([^:]+|\[[^\]]+\]):(\d{1,5})$/.exec(text);
  const listenPort = Number(match?.[1]);
  const port = Number(match?.[3]);
  if (!match || !(listenPort >= 1 && listenPort <= 65535) || !(port >= 1 && port <= 65535)) {
    throw new UserError(`--forward ${JSON.stringify(text)}: expected PORT:HOST:PORT; write it like 8000:127.0.0.1:8080.`);
  }
  return {listenPort, host: match[2]!.replace(/^\[|\]$/g, ''), port};
}

/** `ip …`, quietly: its complaints (RTNETLINK answers: …) become our errors or are expected, never stray lines. */
function ipCommand(args: readonly string[]): void {
  execFileSync('ip', args, {stdio: ['ignore', 'ignore', 'pipe']});
}

export class Forwarder {
  private readonly servers: Server[] = [];
  /** How to undo each change this run made to the host, last first. */
  private readonly undo: (() => void)[] = [];
  private arpIgnoreSet = false;

  constructor(private readonly ifname: string, private readonly procSys = '/proc/sys/net') {}

  /**
   * Makes the kernel treat the addresses as its own, without answering ARP or NDP for them (the announcer alone
   * answers, as a MetalLB speaker does: with the kernel too, every request got two replies).
   * - IPv4: a local route per address, and arp_ignore 1 for the run, restored on exit (reply only for addresses
   *   configured on the receiving interface, which a local route is not).
   * - IPv6: the address on lo (bind needs an assigned address, a local route is not enough); the kernel answers
   *   Neighbor Solicitations only for addresses of the interface they arrive on.
   */
  private claim(address: string): void {
    if (address.includes(':')) {
      ipCommand(['-6', 'addr', 'replace', `${address}/128`, 'dev', 'lo', 'nodad']);
      this.undo.push(() => ipCommand(['-6', 'addr', 'del', `${address}/128`, 'dev', 'lo']));
      return;
    }
    if (!this.arpIgnoreSet) {
      this.arpIgnoreSet = true;
      // conf/all: the kernel takes the larger of all and the interface, and a local address is answered on every
      // interface of the link (a macvlan beside the uplink answered too).
      const file = `${this.procSys}/ipv4/conf/all/arp_ignore`;
      const before = readFileSync(file, 'utf8').trim();
      if (Number(before) < 1) {
        writeFileSync(file, '1');
        this.undo.push(() => writeFileSync(file, before));
      }
    }
    ipCommand(['route', 'replace', 'local', `${address}/32`, 'dev', this.ifname, 'table', 'local']);
    this.undo.push(() => ipCommand(['route', 'del', 'local', `${address}/32`, 'dev', this.ifname, 'table', 'local']));
  }

  async start(addresses: readonly string[], rules: readonly ForwardRule[]): Promise<void> {
    for (const address of addresses) {
      this.claim(address);
      for (const rule of rules) {
        const server = createServer((client) => {
          const backend = connect(rule.port, rule.host);
          client.pipe(backend).pipe(client);
          const close = () => {
            client.destroy();
            backend.destroy();
          };
          client.on('error', close);
          backend.on('error', close);
        });
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(rule.listenPort, address, () => resolve());
        });
        this.servers.push(server);
      }
    }
  }

  /** Closes the listeners and undoes what this run changed (routes, lo addresses, arp_ignore). */
  stop(): void {
    for (const server of this.servers) server.close();
    // A route can be gone already (the interface went down): nothing to say then.
    for (const undo of this.undo.reverse()) {
      try {
        undo();
      } catch {}
    }
    this.undo.length = 0;
    this.arpIgnoreSet = false;
  }
}
