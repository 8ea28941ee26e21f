import {Flags} from '@oclif/core';
import {MetallbCommand} from '../../../cli/base-command.js';
import {inputFlags, readDocuments} from '../../../cli/manifest-inputs.js';
import {bgpPlanOf, differences, endpointsNote, readEngineInput} from '../../../cli/engine-input.js';
import {BGP_HEADERS, bgpConfigurationJson, bgpNotes, bgpRows, bgpServicesJson} from '../../../lib/bgp/report.js';
import {engineObjects} from '../../../lib/allocator/from-manifests.js';
import {clusterFlags} from '../../../cli/cluster.js';
import {renderData, viewFlags} from '../../../cli/render-output.js';
import {plan} from '../../../lib/allocator/engine.js';
import {ALLOCATE_HEADERS, clusterState, drainMoves, orderNotes, planJson, planRows, rejectionNote} from '../../../lib/allocator/report.js';
import {ExitCode, UserError} from '../../../lib/errors.js';
import {closest} from '../../../lib/text/closest.js';
import {renderTable} from '../../../lib/render/table.js';

export default class IpAllocate extends MetallbCommand {
  static override summary = 'Plan which address and which announcing node every LoadBalancer Service gets, or why it stays pending.';
  static override description = `Reproduces the module's decisions, from manifests (-f) or from the cluster: class resolution (with the default-class fall-back),
the address count, requested addresses, first free address in pool order, IP sharing, the preferred node
(sha256 ranking) and the node that really announces. Exit code 1 when some Service stays pending.`;

  static override examples = [
    {description: 'The plan for a directory of manifests:', command: '<%= config.bin %> metallb ip allocate -f manifests/'},
    {description: 'From the cluster (differences from what the cluster did are reported):', command: '<%= config.bin %> metallb ip allocate'},
    {description: 'From a snapshot:', command: 'd8 k get metalloadbalancerclasses,svc,nodes,endpointslices -A -o yaml | <%= config.bin %> metallb ip allocate -f -'},
    {description: 'What new Services would get, without changing the others:', command: '<%= config.bin %> metallb ip allocate -f cluster.yaml --add new-services.yaml'},
    {description: 'Which addresses move when two nodes are drained:', command: '<%= config.bin %> metallb ip allocate -f cluster.yaml --drain node-1 --drain node-2'},
  ];

  static override flags = {
    ...inputFlags,
    ...viewFlags,
    ...clusterFlags,
    add: Flags.string({multiple: true, multipleNonGreedy: true, description: 'Manifests of new Services (and classes): show what they would get, planned after the existing ones. Repeatable.'}),
    drain: Flags.string({multiple: true, multipleNonGreedy: true, description: 'Treat this node as unavailable and show which addresses change announcer. Repeatable.'}),
  };

  async run(): Promise<unknown> {
    const {flags} = await this.parse(IpAllocate);
    const {objects: base, live, documents} = await readEngineInput(flags, 'd8 metallb ip allocate -f manifests/');
    const added = flags.add ? engineObjects(readDocuments(flags.add, 'd8 metallb ip allocate -f cluster.yaml --add new.yaml', flags)) : undefined;
    const input = {
      classes: [...base.classes, ...(added?.classes ?? [])],
      nodes: [...base.nodes, ...(added?.nodes ?? [])],
      services: base.services,
      ...(base.primaryFamily ? {primaryFamily: base.primaryFamily} : {}),
    };
    // Added Services are planned after every existing one, so the existing plan cannot change.
    const result = plan({...input, ...(added ? {later: added.services} : {})});
    const shown = added ? result.services.slice(result.services.length - added.services.length) : result.services;
    if (flags.drain) {
      const known = new Set(input.nodes.map((n) => n.name));
      for (const name of flags.drain) {
        if (known.has(name)) continue;
        const guess = closest(name, [...known]);
        throw new UserError(`--drain ${JSON.stringify(name)}: no such node in the input; ${guess ? `did you mean ${guess}? ` : ''}the nodes are ${[...known].sort().join(', ') || 'none (add Node objects to the input)'}.`);
      }
      const drained = plan({...input, unavailable: new Set(flags.drain)});
      const moves = drainMoves(result, drained);
      const data = {drained: flags.drain, moves};
      this.writeResult(renderData(flags.output, data, () => moves.length === 0
        ? 'No address changes announcer.\n'
        : renderTable(['NAMESPACE/NAME', '#', 'ADDRESS', 'FROM', 'TO'], moves.map((m) => [m.service, String(m.index), m.ip, m.from ?? '-', m.to ?? 'none: no available node of the class']))));
      return data;
    }
    // BGP mode: the Services no class takes are the BGP controller's (what-if additions stay L2-only for now).
    const bgp = added ? undefined : bgpPlanOf(documents, result, base, live);
    // With BGP objects but no Service of the BGP controller's, the output is the L2 plan as documented.
    if (bgp && bgp.world.contested.length > 0 && bgp.plan.services.length === 0 && bgp.world.ignored.length === 0) for (const w of bgpNotes(bgp.plan, bgp.world).warnings) this.notice('warning', w);
    if (bgp && (bgp.plan.services.length > 0 || bgp.world.ignored.length > 0)) {
      const l2Shown = shown.filter((s) => !bgp.l2Unhandled.has(`${s.namespace}/${s.name}`));
      const data = planJson({...result, services: l2Shown}) as {services: Record<string, unknown>[]; bgp?: unknown};
      data.services.push(...bgpServicesJson(bgp.plan, bgp.world));
      data.bgp = {configuration: bgpConfigurationJson(bgp.plan), pools: bgp.plan.pools.filter((p) => !p.class).map((p) => ({name: p.name, size: p.size.toString(), used: p.used.toString(), free: (p.size - p.used).toString()}))};
      this.writeResult(renderData(flags.output, data, () => [
        ...(l2Shown.length > 0 ? [renderTable(ALLOCATE_HEADERS, planRows(l2Shown)), ''] : []),
        renderTable(BGP_HEADERS, bgpRows(bgp.plan, bgp.world)),
      ].join('\n')));
      const rejected = rejectionNote(result);
      if (rejected) this.notice('warning', rejected);
      const notes = bgpNotes(bgp.plan, bgp.world);
      for (const w of notes.warnings) this.notice('warning', w);
      if (flags.output === 'table') for (const note of [...orderNotes(l2Shown), ...notes.infos]) this.notice('info', note);
      const assumed = endpointsNote(base, live);
      if (assumed && flags.output === 'table') this.notice('info', assumed);
      if (l2Shown.some((s) => s.status !== 'assigned') || bgp.plan.services.some((s) => s.status !== 'assigned')) this.exit(ExitCode.Problems);
      return data;
    }
    if (live && !added) for (const line of differences(result, base)) this.notice('warning', line);
    const data = planJson({...result, services: shown}) as {services: Record<string, unknown>[]};
    if (live && !added) {
      // Read from a cluster: what it has now beside what the module's rules give, labelled as such.
      const {addresses} = clusterState(result, base);
      const clusterOf = (s: {namespace: string; name: string}) => addresses.get(`${s.namespace}/${s.name}`) ?? [];
      data.services.forEach((s, i) => (s.cluster = {addresses: clusterOf(shown[i]!)}));
      this.writeResult(renderData(flags.output, data, () => renderTable(
        [...ALLOCATE_HEADERS.slice(0, 3), 'PLAN ADDRESS', 'IN CLUSTER', ...ALLOCATE_HEADERS.slice(4)],
        shown.flatMap((s) => planRows([s]).map((row, j) => [...row.slice(0, 4), clusterOf(s)[j] ?? '-', ...row.slice(4)])),
      )));
    } else this.writeResult(renderData(flags.output, data, () => renderTable(ALLOCATE_HEADERS, planRows(shown))));
    // After the table, for people (-o json carries configuration and orderDependent).
    const rejected = rejectionNote(result);
    if (rejected) this.notice('warning', rejected);
    if (flags.output === 'table') for (const note of orderNotes(shown)) this.notice('info', note);
    const assumed = endpointsNote(base, live);
    if (assumed && flags.output === 'table') this.notice('info', assumed);
    if (shown.some((s) => s.status !== 'assigned')) this.exit(ExitCode.Problems);
    return data;
  }
}
