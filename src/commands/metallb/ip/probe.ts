import {Flags} from '@oclif/core';
import {MetallbCommand} from '../../../cli/base-command.js';
import {addressesFromFlags, addressList} from '../../../cli/announce-addresses.js';
import {durationFlag} from '../../../cli/duration-flag.js';
import {inputFlags, readDocuments} from '../../../cli/manifest-inputs.js';
import {renderData} from '../../../cli/render-output.js';
import {ProbeCollector} from '../../../lib/announce/announcer.js';
import {checkInterface} from '../../../lib/announce/interface.js';
import {LinkSockets} from '../../../lib/announce/sockets.js';
import {engineObjects} from '../../../lib/allocator/from-manifests.js';
import {ExitCode, UserError} from '../../../lib/errors.js';
import {formatIp} from '../../../lib/net/index.js';
import {renderTable} from '../../../lib/render/table.js';

export default class IpProbe extends MetallbCommand {
  static override summary = 'Ask the link who answers for addresses (ARP): free, held by which MAC, or split brain.';
  static override description = 'Finds pool addresses that already belong to a router or a node before the module hands them out (ARP for IPv4, a DAD solicitation for IPv6). Needs CAP_NET_RAW.';
  static override examples = [
    {description: 'Two addresses:', command: '<%= config.bin %> metallb ip probe --interface eth1 --ip 192.0.2.10 --ip 192.0.2.11'},
    {description: 'A whole class pool:', command: '<%= config.bin %> metallb ip probe --interface eth1 --class ingress -f cluster.yaml'},
  ];

  static override flags = {
    interface: Flags.string({required: true, description: 'The interface to probe on.'}),
    ip: Flags.string({multiple: true, multipleNonGreedy: true, description: 'An address to probe. Repeatable.'}),
    ...inputFlags,
    class: Flags.string({description: 'With -f: probe the pool of this class (at most --max addresses).'}),
    max: Flags.integer({default: 4096, description: 'The most addresses to probe from a pool.'}),
    timeout: durationFlag({name: 'timeout', default: '1s', description: 'How long to wait for answers.'}),
    'allow-excluded': Flags.boolean({description: 'Allow an interface MetalLB never announces on (e.g. a test veth).'}),
    output: Flags.string({char: 'o', options: ['table', 'json', 'yaml'], default: 'table', description: 'Output format.'}),
  };

  async run(): Promise<unknown> {
    const {flags} = await this.parse(IpProbe);
    const info = checkInterface(flags.interface, flags['allow-excluded']);
    let addresses: string[];
    if (flags.class !== undefined) {
      const klass = engineObjects(readDocuments(flags.filename, `d8 metallb ip probe --interface ${flags.interface} --class ${flags.class} -f cluster.yaml`, flags)).classes.find((c) => c.name === flags.class);
      if (!klass) throw new UserError(`class ${JSON.stringify(flags.class)} is not in the manifests; check the name.`);
      const list: string[] = [];
      for (const address of klass.pool.addresses()) {
        if (list.length >= flags.max) break;
        list.push(formatIp(address));
      }
      addresses = addressList(list);
    } else addresses = addressesFromFlags(flags);
    const probe = new ProbeCollector(info.mac, addresses);
    const sockets = new LinkSockets(info.name, addresses, (frame) => probe.receive(frame));
    await probe.probe((frame) => sockets.send(frame), flags.timeout ?? 1000);
    sockets.close();
    const results = addresses.map((ip) => {
      const macs = [...probe.holders.get(ip)!].sort();
      return {address: ip, state: macs.length === 0 ? 'free' : macs.length === 1 ? 'held' : 'split brain', macs};
    });
    this.writeResult(renderData(flags.output, results, () => renderTable(['ADDRESS', 'STATE', 'MAC'], results.map((r) => [r.address, r.state, r.macs.join(', ') || '-']))));
    if (results.some((r) => r.state === 'split brain')) this.exit(ExitCode.Problems);
    return results;
  }
}
