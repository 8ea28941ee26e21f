// --forward PORT:HOST:PORT: accept TCP on the announced addresses and pass it to a backend, so that a check such as
// `curl ADDRESS:8000` works without kube-proxy. The kernel delivers traffic only to addresses it treats as local:
// a local route per address is added for the run and removed on exit.
import {execFileSync} from 'node:child_process';
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

export class Forwarder {
  private readonly servers: Server[] = [];
  private readonly routes: string[] = [];

  constructor(private readonly ifname: string) {}

  async start(addresses: readonly string[], rules: readonly ForwardRule[]): Promise<void> {
    for (const address of addresses) {
      execFileSync('ip', ['route', 'replace', 'local', `${address}/32`, 'dev', this.ifname, 'table', 'local']);
      this.routes.push(address);
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

  /** Closes the listeners and removes the local routes this run added. */
  stop(): void {
    for (const server of this.servers) server.close();
    for (const address of this.routes) {
      try {
        execFileSync('ip', ['route', 'del', 'local', `${address}/32`, 'dev', this.ifname, 'table', 'local']);
      } catch {}
    }
    this.routes.length = 0;
  }
}
