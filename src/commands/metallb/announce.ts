import {Flags} from '@oclif/core';
import {MetallbCommand} from '../../cli/base-command.js';
import {addressesFromFlags} from '../../cli/announce-addresses.js';
import {durationFlag} from '../../cli/duration-flag.js';
import {inputFlags} from '../../cli/manifest-inputs.js';
import {Announcer, type AnnouncerEvent, ProbeCollector} from '../../lib/announce/announcer.js';
import {Forwarder, parseForward} from '../../lib/announce/forward.js';
import {checkInterface} from '../../lib/announce/interface.js';
import {LinkSockets} from '../../lib/announce/sockets.js';
import {ExitCode, UserError} from '../../lib/errors.js';
import {announceBgp} from '../../cli/announce-bgp.js';

export default class Announce extends MetallbCommand {
  static override summary = 'Answer ARP/NDP for load-balancer addresses, or announce them over BGP, in the foreground, as a MetalLB speaker would (for testing).';
  static override description = `Probes each address first (RFC 5227) and refuses one another host holds, naming its MAC (--force overrides); then
announces gratuitously at once and every 1.1 s for 5 s, answers ARP requests, and reports any other MAC claiming an
address (split brain). IPv6 addresses are answered with NDP (Neighbor Advertisements sent from the address itself).
Needs CAP_NET_RAW. Ctrl-C stops it.

With --bgp it is a BGP speaker instead: sessions to each --bgp-peer (BGP-4, 4-octet AS, hold time and keepalives),
each address announced as a /32 route (/128 for IPv6, in MP_REACH_NLRI, beyond the module's speaker) with MetalLB's
native attributes (ORIGIN IGP; AS_PATH empty on iBGP, the local AS on eBGP; NEXT_HOP the session's local address or
--next-hop; LOCAL_PREF on iBGP only; communities); Ctrl-C sends CEASE so that the routers drop the routes at once.`;

  static override examples = [
    {description: 'Two addresses on eth1:', command: '<%= config.bin %> metallb announce --interface eth1 --ip 192.0.2.10 --ip 192.0.2.11'},
    {description: 'What the module gives node lb-1:', command: '<%= config.bin %> metallb announce --interface eth1 -f cluster.yaml --node lb-1'},
    {description: 'Over BGP to a router:', command: '<%= config.bin %> metallb announce --bgp --bgp-peer peer-address=192.0.2.1,peer-asn=64601,my-asn=64600,hold-time=9s --ip 198.51.100.10 --community 64600:100'},
  ];

  static override flags = {
    interface: Flags.string({description: 'The interface to answer on (never a default; required without --bgp).'}),
    bgp: Flags.boolean({description: 'Announce over BGP to --bgp-peer routers instead of answering ARP/NDP.', helpGroup: 'BGP'}),
    'bgp-peer': Flags.string({multiple: true, multipleNonGreedy: true, helpGroup: 'BGP', description: 'peer-address=IP,peer-asn=N,my-asn=N[,hold-time=90s][,peer-port=179][,source-address=IP][,router-id=IP][,password-file=PATH]. Repeatable.'}),
    community: Flags.string({multiple: true, multipleNonGreedy: true, helpGroup: 'BGP', description: 'A community sent with the routes: ASN:VALUE, no-export, no-advertise, local-as, or large:A:B:C (beyond the module\'s speaker). Repeatable.'}),
    'local-pref': Flags.string({helpGroup: 'BGP', description: 'LOCAL_PREF of the routes (iBGP sessions only, as MetalLB).'}),
    'next-hop': Flags.string({multiple: true, multipleNonGreedy: true, helpGroup: 'BGP', description: 'NEXT_HOP of the routes, one per family (default: the session\'s local address; IPv6 routes over an IPv4 session need one).'}),
    passive: Flags.boolean({helpGroup: 'BGP', description: 'Wait for the routers to connect (listen on port 179) instead of connecting to them.'}),
    'establish-timeout': durationFlag({name: 'establish-timeout', helpGroup: 'BGP', description: 'Exit 1 when no session is established within this time (default: keep trying).'}),
    ip: Flags.string({multiple: true, multipleNonGreedy: true, description: 'An address to announce. Repeatable.'}),
    ...inputFlags,
    node: Flags.string({description: 'With -f: announce the addresses the module gives this node.'}),
    class: Flags.string({description: 'With -f: announce every planned address of this class.'}),
    service: Flags.string({description: 'With -f: announce the addresses of this Service (NS/NAME).'}),
    refresh: durationFlag({name: 'refresh', description: 'Also announce every DURATION (e.g. 30s), after the first 5 s.'}),
    force: Flags.boolean({description: 'Announce even addresses another host answers for.'}),
    'allow-excluded': Flags.boolean({description: 'Allow an interface MetalLB never announces on (veth*, lo, ...), e.g. in a test namespace.'}),
    'probe-timeout': durationFlag({name: 'probe-timeout', default: '1s', description: 'How long to wait for answers to the conflict probe.'}),
    output: Flags.string({char: 'o', options: ['text', 'json'], default: 'text', description: 'json: one JSON line per event on stdout.'}),
    forward: Flags.string({multiple: true, multipleNonGreedy: true, description: 'PORT:HOST:PORT: also accept TCP on the announced addresses and forward it to a backend. Repeatable.'}),
  };

  async run(): Promise<void> {
    const {flags} = await this.parse(Announce);
    if (flags.bgp) {
      const code = await announceBgp(flags, {
        notice: (severity, text) => this.notice(severity, text),
        write: (text) => this.writeResult(text),
        onStop: (stop) => {
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
          this.stopWhenOutputCloses(stop);
        },
      });
      if (code !== ExitCode.Ok) this.exit(code);
      return;
    }
    if (flags.interface === undefined) throw new UserError('announce needs --interface (there is never a default), or --bgp with --bgp-peer.', {exitCode: ExitCode.Announcer});
    const info = checkInterface(flags.interface, flags['allow-excluded']);
    const addresses = addressesFromFlags(flags, info.addresses);
    const forwards = (flags.forward ?? []).map(parseForward);
    const json = flags.output === 'json';
    const log = (event: Record<string, unknown>) => json && process.stdout.write(`${JSON.stringify({time: new Date().toISOString(), ...event})}\n`);
    let onFrame: (frame: Uint8Array, answered: boolean) => void = () => {};
    const sockets = new LinkSockets(info.name, addresses, (frame, answered) => onFrame(frame, answered));
    // A send can fail while running (the interface went down): say so once, keep running, and say when sending
    // works again — the link may come back, and a speaker does not die of it.
    let sendFailure: string | undefined;
    const send = (frame: Uint8Array) => {
      try {
        sockets.send(frame);
        if (sendFailure === undefined) return;
        sendFailure = undefined;
        this.notice('info', `sending on ${info.name} works again.`);
        log({event: 'send-resumed'});
      } catch (error) {
        const reason = (error as Error).message.replace(/^sendto: /, '');
        if (reason === sendFailure) return;
        sendFailure = reason;
        this.notice('warning', `cannot send on ${info.name} (${reason}); still running: answers and announcements resume when it is up.`);
        log({event: 'send-failed', reason});
      }
    };
    const transport = {send, answerArp: (mac: Uint8Array, ips: readonly string[]) => sockets.answerArp(mac, ips)};

    // Conflict probe before announcing.
    const probe = new ProbeCollector(info.mac, addresses);
    onFrame = (frame) => probe.receive(frame);
    await probe.probe(transport.send, flags['probe-timeout'] ?? 1000);
    const accepted: string[] = [];
    for (const ip of addresses) {
      const holders = [...probe.holders.get(ip)!];
      if (holders.length > 0 && !flags.force) {
        this.notice('warning', `${ip} is already answered by ${holders.join(', ')}; not announcing it (--force to announce anyway).`);
        log({event: 'refused', ip, macs: holders});
      } else accepted.push(ip);
    }
    if (accepted.length === 0) {
      sockets.close();
      throw new UserError('every address is held by another host; nothing to announce (--force to announce anyway).', {exitCode: ExitCode.Problems});
    }

    // Forwarding first: if it cannot start, nothing has been announced yet (no address claimed, then dropped).
    const forwarder = new Forwarder(info.name);
    if (forwards.length > 0) {
      try {
        await forwarder.start(accepted, forwards);
      } catch (error) {
        forwarder.stop();
        sockets.close();
        throw new UserError(`--forward: cannot listen on the announced addresses (${(error as Error).message}); check the ports.`, {exitCode: ExitCode.Announcer, cause: error});
      }
    }
    const warned = new Set<string>();
    const announcer = new Announcer(info.mac, transport, (event: AnnouncerEvent) => {
      log(event);
      // Once per address and MAC: a host announcing gratuitously claims it twice a round, and keeps doing so.
      const key = event.event === 'conflict' ? `${event.ip} ${event.mac}` : event.event === 'defended' ? `${event.ip} ${event.from} probe` : undefined;
      if (key === undefined || warned.has(key)) return;
      warned.add(key);
      if (event.event === 'conflict') this.notice('warning', `conflict: ${event.mac} also claims ${event.ip} (split brain); further claims are counted, not repeated.`);
      if (event.event === 'defended') this.notice('warning', `${event.from} probed ${event.ip} (duplicate address detection); defended it with an advertisement.`);
    }, {reportAnswers: json});
    onFrame = (frame, answered) => announcer.receive(frame, answered);
    log({event: 'started', interface: info.name, mac: info.mac, addresses: accepted});
    const refresh = flags.refresh ?? 0;
    for (const ip of accepted) announcer.add(ip, refresh);
    const tty = !json && process.stderr.isTTY === true;
    if (!json) this.notice('info', `Announcing ${accepted.join(', ')} on ${info.name} (${info.mac}); Ctrl-C stops.`);
    this.statusLine = tty;
    const status = tty ? setInterval(() => process.stderr.write(`\r\u001b[K${accepted.length} address${accepted.length === 1 ? '' : 'es'} · answered ${announcer.answered} · conflicts ${announcer.conflicts}`), 500) : undefined;

    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
      this.stopWhenOutputCloses(resolve);
    });
    if (status) clearInterval(status);
    forwarder.stop();
    announcer.stop();
    sockets.close();
    if (tty) process.stderr.write('\r\u001b[K');
    this.statusLine = false;
    log({event: 'stopped', answered: announcer.answered, conflicts: announcer.conflicts});
    if (!json) this.notice('info', `Stopped: answered ${announcer.answered} requests, ${announcer.conflicts} conflicts.`);
  }
}
