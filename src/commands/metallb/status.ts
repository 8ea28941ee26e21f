import {Flags} from '@oclif/core';
import {MetallbCommand} from '../../cli/base-command.js';
import {clusterFlags, connectFromFlags} from '../../cli/cluster.js';
import {durationFlag} from '../../cli/duration-flag.js';
import {renderData} from '../../cli/render-output.js';
import {BGP_CONFIGURATIONS, BGP_PEERS, BGP_POOLS, CLASSES, CLUSTER_ALERTS, ENDPOINT_SLICES, INTERNAL_L2LB, MODULE_CONFIGS, MODULES, SERVICE_BGP_STATUSES, type ClusterClient, type KubeObject} from '../../lib/cluster/client.js';
import type {BgpReads} from '../../lib/status/bgp.js';
import {asObject, stringMap} from '../../lib/manifests/objects.js';
import {ExitCode, UserError} from '../../lib/errors.js';
import {renderStatus} from '../../lib/status/render.js';
import {type Read, type StatusReads, judge} from '../../lib/status/status.js';
import {colorEnabled, createStyle} from '../../lib/render/style.js';
import {formatDuration} from '../../lib/text/duration.js';
import {plural} from '../../lib/text/plural.js';

/** A read that failed is reported in its section; only an unreachable cluster stops everything. */
async function read<T>(fn: () => Promise<T>): Promise<Read<T>> {
  try {
    return {ok: true, value: await fn()};
  } catch (error) {
    return {ok: false, error: error instanceof Error ? error.message : String(error)};
  }
}

async function readBgp(client: ClusterClient, pools: Read<KubeObject[]>, pods: Read<KubeObject[]>): Promise<BgpReads> {
  const speakers = (pods.ok ? pods.value : []).filter((p) => stringMap(asObject(p.metadata).labels).app === 'speaker' && (asObject(p.status).conditions as unknown[] | undefined ?? []).some((c) => asObject(c).type === 'Ready' && asObject(c).status === 'True'));
  const [peers, configurations, alerts, serviceStatuses, metrics] = await Promise.all([
    read(() => client.list(BGP_PEERS)), read(() => client.list(BGP_CONFIGURATIONS)), read(() => client.list(CLUSTER_ALERTS)), read(() => client.listEverywhere(SERVICE_BGP_STATUSES)),
    // The speaker serves its metrics through kube-rbac-proxy on 4220 (templates/speaker/daemonset.yaml).
    Promise.all(speakers.map(async (p) => ({pod: p.metadata.name, node: String(asObject(p.spec).nodeName ?? ''), text: await read(() => client.podProxyGet('d8-metallb', `https:${p.metadata.name}:4220`, 'metrics'))}))),
  ]);
  return {pools, peers, configurations, alerts, serviceStatuses, metrics};
}

export default class Status extends MetallbCommand {
  static override summary = 'Is load balancing working? The module, its workloads, classes, Services and BGP, and every problem with its fix.';
  static override description = `Reads the ModuleConfig and Module, the classes, Nodes, Services, the module's internal objects, their events and its
pods with a constant number of list calls in parallel; with BGP pools also the peers, configurations, ClusterAlerts,
ServiceBGPStatuses and each speaker's session metrics (through the pod proxy). A section that cannot be read says so;
the rest still shows.
Exit code 0 when Overall is OK, 1 otherwise (3 when the cluster cannot be reached at all).`;

  static override examples = [
    {description: 'One screen:', command: '<%= config.bin %> metallb status'},
    {description: 'Wait until every Service has all its addresses:', command: '<%= config.bin %> metallb status --wait --timeout 5m'},
  ];

  static override flags = {
    output: Flags.string({char: 'o', options: ['table', 'json', 'yaml'], default: 'table', description: 'table for people; json or yaml for machines.'}),
    wait: Flags.boolean({description: 'Wait until every LoadBalancer Service has all its addresses (or --timeout).'}),
    watch: Flags.boolean({description: 'Keep reading every 2 s and redraw when something changes (with -o json: one JSON line per change). Ctrl-C stops.'}),
    timeout: durationFlag({name: 'timeout', default: '5m', description: 'How long --wait waits (e.g. 30s, 5m).'}),
    ...clusterFlags,
  };

  async run(): Promise<unknown> {
    const {flags} = await this.parse(Status);
    const client = await connectFromFlags(flags);
    const collect = async (): Promise<StatusReads> => {
      const [moduleConfig, module, classes, nodes, services, internal, pods, events, endpointSlices, bgpPools] = await Promise.all([
        read(() => client.get(MODULE_CONFIGS, 'metallb')), read(() => client.get(MODULES, 'metallb')), read(() => client.list(CLASSES)),
        read(() => client.listNodes()), read(() => client.listServices()), read(() => client.listEverywhere(INTERNAL_L2LB)),
        read(() => client.listPods('d8-metallb')), read(() => client.listEvents('involvedObject.kind=SDNInternalL2LBService')),
        read(() => client.listEverywhere(ENDPOINT_SLICES)), read(() => client.list(BGP_POOLS)),
      ]);
      // BGP mode's reads only where it is in play (some MetalLoadBalancerPool): an L2 cluster costs no request more.
      const bgp = bgpPools.ok && bgpPools.value.length > 0 ? await readBgp(client, bgpPools, pods) : undefined;
      return {moduleConfig, module, classes, nodes, services, internal, pods, events, endpointSlices, ...(bgp ? {bgp} : {})};
    };
    let reads = await collect();
    const unreachable = Object.values(reads).every((r) => !r.ok);
    if (unreachable) throw new UserError((reads.moduleConfig as {error: string}).error, {exitCode: ExitCode.Cluster});
    let report = judge(reads);
    if (flags.wait) {
      const deadline = Date.now() + (flags.timeout ?? 300_000);
      const pending = () => (!('error' in report.services) && report.services.some((s) => s.status !== 'assigned')) || (report.bgp?.services.some((s) => s.status !== 'assigned') ?? false);
      const tty = process.stderr.isTTY === true;
      const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
      for (let i = 0; pending() && Date.now() < deadline; i++) {
        if (tty) process.stderr.write(`\r${frames[i % frames.length]} waiting for addresses…`);
        await new Promise((r) => setTimeout(r, 1000));
        reads = await collect();
        report = judge(reads);
      }
      if (tty) process.stderr.write('\r\u001b[K');
      if (pending()) {
        const left = [...('error' in report.services ? [] : report.services), ...(report.bgp?.services ?? [])].filter((s) => s.status !== 'assigned').length;
        this.notice('warning', `timed out after ${formatDuration(flags.timeout ?? 300_000)} (--timeout): ${plural(left, 'Service')} still without all ${left === 1 ? 'its' : 'their'} addresses.`);
      }
    }
    const style = createStyle(colorEnabled({isTTY: process.stdout.isTTY, env: process.env, noColorFlag: flags['no-color']}));
    const render = () => (flags.watch && flags.output === 'json' ? `${JSON.stringify(report)}\n` : renderData(flags.output, report, () => renderStatus(report, style)));
    if (flags.watch) {
      let stop = false;
      process.once('SIGINT', () => (stop = true));
      process.once('SIGTERM', () => (stop = true));
      this.stopWhenOutputCloses(() => (stop = true));
      let shown = '';
      while (!stop) {
        const text = render();
        if (text !== shown) {
          // On a terminal the screen is redrawn; in a pipe each change follows the last.
          // JSON lines follow each other without a blank line; tables are separated by one.
          this.writeResult(process.stdout.isTTY ? `\u001b[2J\u001b[H${text}` : `${shown && flags.output !== 'json' ? '\n' : ''}${text}`);
          shown = text;
        }
        for (let waited = 0; waited < 2000 && !stop; waited += 100) await new Promise((r) => setTimeout(r, 100));
        if (!stop) report = judge(await collect());
      }
      return report;
    }
    this.writeResult(render());
    if (report.overall !== 'OK') this.exit(ExitCode.Problems);
    return report;
  }
}
