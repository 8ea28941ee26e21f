// What a user of kubectl expects of the cluster commands, on a control plane of this file's own: enable is
// idempotent with keyed settings lists, objects carry our field manager, managedFields stay hidden, --diff is a
// unified diff, RBAC degrades one column, KUBECONFIG is merged as kubectl merges it, and a CRD that is not served is
// explained by the module's state.
import {mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {type ControlPlane, startControlPlane} from '../harness/control-plane.js';
import {runBin} from '../helpers/cli.js';
import {intoFile, throughSlowPipe} from '../helpers/streams.js';

let plane: ControlPlane;
const dir = mkdtempSync(join(tmpdir(), 'd8-metallb-behaviour-'));
const d8 = (args: string[], env: Record<string, string> = {}) => runBin('run.js', ['metallb', ...args], {env: {KUBECONFIG: plane.kubeconfig, ...env}});
const ok = async (method: string, path: string, body?: unknown) => {
  const r = await plane.request(method, path, body);
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as Record<string, any>;
};
const MC = '/apis/deckhouse.io/v1alpha1/moduleconfigs';
const MLBC = '/apis/network.deckhouse.io/v1alpha1/metalloadbalancerclasses';
const PEER = 'peer-address=192.0.2.1,peer-asn=64601,my-asn=64600,hold-time=3s';

beforeAll(async () => {
  plane = await startControlPlane();
}, 120_000);
afterAll(async () => plane?.stop());

describe('enable: settings lists have keys, so a re-run changes nothing', () => {
  it('the same --bgp-peer and --address-pool again: nothing changes, no duplicate, no error', async () => {
    const args = ['enable', '--bgp-peer', PEER, '--address-pool', 'name=mypool,addresses=198.51.100.0/28'];
    const first = await d8(args);
    expect(first.code).toBe(0);
    for (let i = 0; i < 3; i++) {
      const again = await d8(args);
      expect(again.code).toBe(0);
      expect(again.stderr).toBe("[INFO] Module 'metallb' is already enabled; nothing changed.\n");
    }
    const settings = (await ok('GET', `${MC}/metallb`)).spec.settings;
    expect(settings.bgpPeers).toEqual([{'peer-address': '192.0.2.1', 'peer-asn': 64601, 'my-asn': 64600, 'hold-time': '3s'}]);
    expect(settings.addressPools).toHaveLength(1);
  });

  it('an entry with a known key and new values replaces that entry, and --diff shows exactly that change', async () => {
    const r = await d8(['enable', '--bgp-peer', 'peer-address=192.0.2.1,peer-asn=64601,my-asn=64600,hold-time=9s', '--diff', '--dry-run=server']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('[INFO] --bgp-peer (peer-address 192.0.2.1, my-asn 64600): replaces the entry with that key.');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('--- a/moduleconfig.deckhouse.io/metallb');
    expect(lines[1]).toBe('+++ b/moduleconfig.deckhouse.io/metallb');
    expect(lines[2]).toMatch(/^@@ -\d+,\d+ \+\d+,\d+ @@$/);
    expect(lines.filter((l) => /^[-+][^-+]/.test(l))).toEqual(['-    - hold-time: 3s', '+    - hold-time: 9s']);
    expect(r.stdout).not.toContain('apiVersion'); // context only, not the whole object
    const peers = (await ok('GET', `${MC}/metallb`)).spec.settings.bgpPeers;
    expect(peers[0]['hold-time']).toBe('3s'); // server dry run: nothing saved
  });

  it('another my-asn to the same router is another peer; --remove-bgp-peer and --remove-address-pool take entries out', async () => {
    expect((await d8(['enable', '--bgp-peer', 'peer-address=192.0.2.1,peer-asn=64601,my-asn=64700'])).code).toBe(0);
    expect((await ok('GET', `${MC}/metallb`)).spec.settings.bgpPeers).toHaveLength(2);
    const removed = await d8(['enable', '--remove-bgp-peer', '192.0.2.1', '--remove-address-pool', 'mypool']);
    expect(removed.code).toBe(0);
    expect(removed.stderr).toBe("[INFO] ModuleConfig 'metallb': changed settings.addressPools, settings.bgpPeers.\n");
    const settings = (await ok('GET', `${MC}/metallb`)).spec.settings;
    expect(settings.bgpPeers).toEqual([]);
    expect(settings.addressPools).toEqual([]);
    const nothing = await d8(['enable', '--remove-address-pool', 'gone']);
    expect(nothing.stderr).toContain('[WARN] --remove-address-pool "gone": there is no such entry in addressPools; nothing removed.');
  });
});

describe('objects as kubectl shows and writes them', () => {
  it('writes with the field manager d8-metallb and hides managedFields unless --show-managed-fields', async () => {
    expect((await d8(['class', 'create', 'ingress', '--pool', '192.0.2.100-192.0.2.150'])).code).toBe(0);
    const object = await ok('GET', `${MLBC}/ingress`);
    expect(object.metadata.managedFields.map((f: {manager: string}) => f.manager)).toEqual(['d8-metallb']);
    expect((await d8(['class', 'get', 'ingress', '-o', 'yaml'])).stdout).not.toContain('managedFields');
    expect((await d8(['class', 'create', 'ingress', '--pool', '192.0.2.100-192.0.2.150', '--overwrite', '-o', 'json'])).stdout).not.toContain('managedFields');
    const shown = await d8(['class', 'get', 'ingress', '-o', 'yaml', '--show-managed-fields']);
    expect(shown.stdout).toContain('manager: d8-metallb');
  });

  it('class get with a mistyped name suggests the class there is', async () => {
    const r = await d8(['class', 'get', 'ingres']);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('[ERROR] MetalLoadBalancerClass "ingres" does not exist in the cluster; did you mean ingress?\n');
  });
});

describe('RBAC: a missing permission degrades only what needs it', () => {
  it('class list without permission to list nodes: NODES shows ?, one note says why, exit 0', async () => {
    const r = await d8(['class', 'list', '--context', 'restricted']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^NAME\s+TYPE\s+DEFAULT\s+POOLS\s+SIZE\s+NODES\s+SERVICES\n/);
    expect(r.stdout).toMatch(/\ningress\s+\S*\s+no\s+192\.0\.2\.100-192\.0\.2\.150\s+51\s+\?\s+0\n/);
    const notes = r.stderr.trim().split('\n');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^\[WARN\] could not list nodes \(list nodes: forbidden \(403\): user restricted may not list nodes.*\); the NODES column shows \?\.$/);
  });

  it('status without permission to list nodes keeps its Classes and Services sections', async () => {
    const r = await d8(['status', '--context', 'restricted', '-o', 'json']);
    const report = JSON.parse(r.stdout);
    expect(Array.isArray(report.classes)).toBe(true);
    expect(report.classes[0]).toMatchObject({name: 'ingress', size: '51', nodes: null});
    expect(Array.isArray(report.services)).toBe(true);
    expect(report.problems).toEqual(expect.arrayContaining([expect.objectContaining({subject: 'Nodes', severity: 'warning'})]));
  });
});

describe('KUBECONFIG as kubectl reads it', () => {
  const config = () => JSON.parse(readFileSync(plane.kubeconfig, 'utf8'));

  it('a list is merged, the first file to set a value wins, missing files are skipped', async () => {
    // b.yaml: only the restricted identity's cluster and context, current; a.yaml: the admin one, current.
    const full = config();
    const broken = structuredClone(full);
    broken.clusters[0].cluster.server = 'https://127.0.0.1:1';
    broken.contexts = [{name: 'other', context: {cluster: 'test', user: 'admin'}}];
    broken['current-context'] = 'other';
    const a = join(dir, 'a.yaml');
    const b = join(dir, 'b.yaml');
    writeFileSync(a, JSON.stringify(full));
    writeFileSync(b, JSON.stringify({apiVersion: 'v1', kind: 'Config', 'current-context': 'admin', clusters: [], users: [], contexts: []}));
    // b sets current-context (admin), a supplies the context, cluster and user; nowhere.yaml does not exist.
    const r = await d8(['class', 'list'], {KUBECONFIG: `${join(dir, 'nowhere.yaml')}:${b}:${a}`});
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // The first file's cluster "test" wins over the second's.
    writeFileSync(join(dir, 'broken.yaml'), JSON.stringify(broken));
    expect((await d8(['class', 'list'], {KUBECONFIG: `${a}:${join(dir, 'broken.yaml')}`})).code).toBe(0);
    const second = await d8(['class', 'list'], {KUBECONFIG: `${join(dir, 'broken.yaml')}:${a}`});
    expect(second.code).toBe(3);
    expect(second.stderr).toContain('https://127.0.0.1:1');
  });

  it('an empty KUBECONFIG means ~/.kube/config', async () => {
    const home = join(dir, 'home');
    mkdirSync(join(home, '.kube'), {recursive: true});
    writeFileSync(join(home, '.kube', 'config'), readFileSync(plane.kubeconfig));
    const r = await d8(['class', 'list'], {KUBECONFIG: '', HOME: home});
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('a context the kubeconfig does not have is a cluster-access error (3), with a suggestion', async () => {
    const r = await d8(['class', 'list', '--context', 'admn']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^\[ERROR\] --context "admn": no such context in .*; did you mean admin\? the contexts are admin, restricted\.\n$/);
  });
});

describe('status when nothing can announce', () => {
  it('l2lb-controller and l2lb-speaker without pods: an error with a fix, and the pending Service blamed on the controller', async () => {
    await ok('POST', '/api/v1/nodes', {metadata: {name: 'lb-1'}});
    await ok('POST', '/api/v1/namespaces/default/services', {metadata: {name: 'web'}, spec: {type: 'LoadBalancer', loadBalancerClass: 'ingress', ports: [{port: 80}]}});
    const r = await d8(['status', '-o', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.overall).toBe('ERROR');
    expect(report.problems).toEqual(expect.arrayContaining([
      expect.objectContaining({severity: 'error', subject: 'Workload l2lb-controller', cause: 'it has no pod, so no Service gets an address'}),
      expect.objectContaining({severity: 'error', subject: 'Workload l2lb-speaker', cause: 'it has no pod, so no address is announced'}),
      expect.objectContaining({severity: 'error', subject: 'Service default/web', cause: '0 of 1 addresses assigned: the l2lb-controller has no ready pod, so nothing assigns them'}),
    ]));
  });
});

describe('ip commands on a live cluster: what it has beside what the plan gives', () => {
  it('allocate, usage and inspect label the cluster\'s addresses and the plan\'s', async () => {
    await ok('POST', '/api/v1/namespaces/default/services', {metadata: {name: 'api', annotations: {'network.deckhouse.io/l2-load-balancer-external-ips-count': '2'}}, spec: {type: 'LoadBalancer', loadBalancerClass: 'ingress', ports: [{port: 443}]}});
    await ok('PATCH', '/api/v1/namespaces/default/services/api/status', {status: {loadBalancer: {ingress: [{ip: '192.0.2.140'}]}}});
    const json = JSON.parse((await d8(['ip', 'allocate', '-o', 'json'])).stdout);
    const api = json.services.find((s: {name: string}) => s.name === 'api');
    expect(api.addresses.map((a: {ip: string}) => a.ip)).toEqual(['192.0.2.140', '192.0.2.100']);
    expect(api.cluster).toEqual({addresses: ['192.0.2.140']});
    const table = (await d8(['ip', 'allocate'])).stdout.split('\n');
    expect(table[0]).toMatch(/^NAMESPACE\/NAME\s+CLASS\s+#\s+PLAN ADDRESS\s+IN CLUSTER\s+PREFERRED NODE\s+ANNOUNCER\s+STATUS$/);
    expect(table.find((l) => l.startsWith('default/api') && /\s1\s/.test(l))).toMatch(/192\.0\.2\.100\s+-\s/);
    const usage = JSON.parse((await d8(['ip', 'usage', '-o', 'json'])).stdout).classes.find((c: {name: string}) => c.name === 'ingress');
    expect(usage).toMatchObject({used: '3', usedInCluster: '1'});
    expect((await d8(['ip', 'usage'])).stdout.split('\n')[0]).toMatch(/USED \(PLAN\)\s+USED \(CLUSTER\)/);
    const inspect = (await d8(['ip', 'inspect', 'default/api'])).stdout;
    expect(inspect).toContain("Plan:    assigned, 2 of 2 addresses (the module's rules)");
    expect(inspect).toContain('Cluster: 1 of 2 addresses: 192.0.2.140 (status.loadBalancer.ingress)');
  });

  it('reads the EndpointSlices: no ready endpoint, no announcer; a ready one on lb-1 under Local, lb-1 announces', async () => {
    // This control plane runs no controller-manager, so no EndpointSlice exists until the test writes one.
    const before = JSON.parse((await d8(['ip', 'allocate', '-o', 'json'])).stdout).services.find((s: {name: string}) => s.name === 'web');
    expect(before.addresses[0]).toMatchObject({announcer: null, announcerNote: 'the Service has no ready endpoint, so no node announces it'});
    await ok('PATCH', '/api/v1/namespaces/default/services/web', {spec: {externalTrafficPolicy: 'Local'}});
    await ok('POST', '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices', {
      metadata: {name: 'web-1', labels: {'kubernetes.io/service-name': 'web'}}, addressType: 'IPv4',
      endpoints: [{addresses: ['10.1.0.5'], nodeName: 'lb-1', conditions: {ready: true}}], ports: [{port: 80}],
    });
    const after = JSON.parse((await d8(['ip', 'allocate', '-o', 'json'])).stdout).services.find((s: {name: string}) => s.name === 'web');
    expect(after.addresses[0]).toMatchObject({preferredNode: 'lb-1', announcer: 'lb-1'});
    expect(after.addresses[0].announcerNote).toBeUndefined();
  });
});

describe('status at scale and waiting', () => {
  it('--wait --timeout says it timed out, and how many Services are still without their addresses', async () => {
    const r = await d8(['status', '--wait', '--timeout', '1500ms', '-o', 'json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^\[WARN\] timed out after 1s500ms \(--timeout\): 2 Services still without all their addresses\.$/m);
  });

  it('status -o json with thousands of pending Services, read through a slow pipe, is byte-identical to a file', async () => {
    const pool = async (items: number[], fn: (n: number) => Promise<unknown>, width = 16) => {
      let next = 0;
      await Promise.all(Array.from({length: width}, async () => {
        while (next < items.length) await fn(items[next++]!);
      }));
    };
    await pool(Array.from({length: 3500}, (_, i) => i), (i) => ok('POST', '/api/v1/namespaces/default/services', {metadata: {name: `bulk-${i}`}, spec: {type: 'LoadBalancer', loadBalancerClass: 'ingress', allocateLoadBalancerNodePorts: false, ports: [{port: 80}]}}));
    const env = {...process.env, KUBECONFIG: plane.kubeconfig, NO_COLOR: undefined, DEBUG: undefined};
    const [piped, filed] = await Promise.all([throughSlowPipe(['status', '-o', 'json'], env), intoFile(['status', '-o', 'json'], env)]);
    expect(filed.code).toBe(1);
    expect(filed.stdout.length).toBeGreaterThan(1_000_000);
    expect(JSON.parse(filed.stdout.toString()).services.length).toBe(3502);
    expect(piped.code).toBe(1);
    expect(piped.stdout.equals(filed.stdout)).toBe(true);
  }, 120_000);
});

describe('a CRD that is not served, explained by the module\'s state (runs last: it deletes the CRD)', () => {
  it('disabled, enabled but not running yet, enabled and failed', async () => {
    await ok('DELETE', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/metalloadbalancerclasses.network.deckhouse.io');
    for (let i = 0; i < 100 && (await plane.request('GET', MLBC)).status !== 404; i++) await new Promise((r) => setTimeout(r, 100));
    await ok('PATCH', `${MC}/metallb`, {spec: {enabled: false}});
    const disabled = await d8(['class', 'list']);
    expect(disabled.code).toBe(3);
    expect(disabled.stderr).toBe("[ERROR] list metalloadbalancerclasses.network.deckhouse.io: the metallb module is not enabled (its CRDs are not served); enable it with 'd8 metallb enable' and try again once it is ready.\n");
    await ok('PATCH', `${MC}/metallb`, {spec: {enabled: true}});
    await ok('POST', '/apis/modules.deckhouse.io/v1alpha1/modules', {apiVersion: 'modules.deckhouse.io/v1alpha1', kind: 'Module', metadata: {name: 'metallb'}});
    await ok('PATCH', '/apis/modules.deckhouse.io/v1alpha1/modules/metallb/status', {status: {phase: 'Reconciling'}});
    const starting = await d8(['class', 'list']);
    expect(starting.stderr).toBe("[ERROR] list metalloadbalancerclasses.network.deckhouse.io: the metallb module is enabled but not running yet (phase Reconciling); wait for it ('d8 k get module metallb') and try again.\n");
    await ok('PATCH', '/apis/modules.deckhouse.io/v1alpha1/modules/metallb/status', {status: {phase: 'Error', message: 'hook failed'}});
    const failed = await d8(['class', 'get', 'ingress']);
    expect(failed.code).toBe(3);
    expect(failed.stderr).toBe("[ERROR] get metalloadbalancerclasses.network.deckhouse.io \"ingress\": the metallb module is enabled but failed (phase Error; hook failed); see 'd8 k get module metallb -o yaml' and the Deckhouse log.\n");
  });
});
