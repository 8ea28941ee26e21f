// BGP mode's commands against a real kube-apiserver with the module's CRDs: generators applied with their cluster
// checks, list/get/delete, the migration from the cluster's ModuleConfig, and the plan of a live cluster.
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {type ControlPlane, startControlPlane} from '../harness/control-plane.js';
import {type CliResult, runBin} from '../helpers/cli.js';

// A control plane of its own: the commands here list and delete every BGP object and class, which must not race with
// the other files' objects on the shared one.
let plane: ControlPlane;
beforeAll(async () => {
  plane = await startControlPlane();
}, 120_000);
afterAll(async () => plane?.stop());

const dir = mkdtempSync(join(tmpdir(), 'd8-metallb-bgp-'));
const d8 = (...args: string[]): Promise<CliResult> => runBin('run.js', ['metallb', ...args], {env: {KUBECONFIG: plane.kubeconfig}});
const api = (method: string, path: string, body?: unknown) => plane.request(method, path, body) as Promise<{status: number; body: Record<string, unknown>}>;

const NET = '/apis/network.deckhouse.io/v1alpha1';
const clean = async () => {
  for (const plural of ['metalloadbalancerpools', 'metalloadbalancerbgppeers', 'metalloadbalancerconfigurations', 'metalloadbalancerclasses']) {
    const list = await api('GET', `${NET}/${plural}`);
    for (const item of (list.body.items as {metadata: {name: string}}[] | undefined) ?? []) await api('DELETE', `${NET}/${plural}/${item.metadata.name}`);
  }
};

describe('bgp pool|peer|config on a cluster', () => {
  it('creates a pool, refuses one that overlaps a class (MetalLB would refuse everything), and lists it', async () => {
    await clean();
    await api('POST', `${NET}/metalloadbalancerclasses`, {apiVersion: 'network.deckhouse.io/v1alpha1', kind: 'MetalLoadBalancerClass', metadata: {name: 'l2'}, spec: {type: 'L2', addressPool: ['198.51.100.0/28']}});
    const created = await d8('bgp', 'pool', 'create', 'public', '--addresses', '192.0.2.0/27');
    expect(created.code, created.stderr).toBe(0);
    expect(created.stderr).toContain("MetalLoadBalancerPool 'public' created.");
    const overlap = await d8('bgp', 'pool', 'create', 'more', '--addresses', '198.51.100.8/29');
    expect(overlap.code).toBe(2);
    expect(overlap.stderr).toMatch(/\[ERROR\] --addresses "198\.51\.100\.8\/29" overlaps "198\.51\.100\.0\/28" of class l2, and MetalLB would then reject the whole configuration/);
    expect((await api('GET', `${NET}/metalloadbalancerpools/more`)).status).toBe(404);
    const again = await d8('bgp', 'pool', 'create', 'public', '--addresses', '192.0.2.64/27');
    expect(again.code).toBe(3);
    expect(again.stderr).toContain('already exists in the cluster; choose another name, or add --overwrite');
    const list = await d8('bgp', 'pool', 'list', '-o', 'json');
    expect(JSON.parse(list.stdout)).toEqual([{name: 'public', addresses: ['192.0.2.0/27'], size: '32', avoidBuggyIPs: false, services: []}]);
  });

  it('a configuration must name existing pools and peers (the hook would drop them silently)', async () => {
    const noPeer = await d8('bgp', 'config', 'create', 'edge', '--pool', 'public', '--peer', 'r1');
    expect(noPeer.code).toBe(2);
    expect(noPeer.stderr).toContain('--peer "r1": no MetalLoadBalancerBGPPeer of that name exists');
    const pw = join(dir, 'pw');
    writeFileSync(pw, 's3cret\n');
    // Other test files share the control plane and create d8-metallb (the default): these use namespaces of their own.
    const noNamespace = await d8('bgp', 'peer', 'create', 'r1', '--peer-address', '192.0.2.1', '--peer-asn', '64601', '--my-asn', '64600', '--password-file', pw, '--password-secret', 'no-such-namespace/pw');
    expect(noNamespace.code).toBe(3);
    expect(noNamespace.stderr).toContain('namespace no-such-namespace does not exist, so the password Secret cannot be written there; give --password-secret NAMESPACE/NAME in an existing namespace.');
    expect((await api('GET', `${NET}/metalloadbalancerbgppeers/r1`)).status).toBe(404);
    await api('POST', '/api/v1/namespaces', {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'bgp-secrets'}});
    const peer = await d8('bgp', 'peer', 'create', 'r1', '--peer-address', '192.0.2.1', '--peer-asn', '64601', '--my-asn', '64600', '--password-file', pw, '--password-secret', 'bgp-secrets/bgp-password-r1');
    expect(peer.code, peer.stderr).toBe(0);
    const secret = await api('GET', '/api/v1/namespaces/bgp-secrets/secrets/bgp-password-r1');
    expect(secret.status).toBe(200);
    expect((secret.body.metadata as {labels: Record<string, string>}).labels['network.deckhouse.io/metallb-bgp-password']).toBe('true');
    expect(Buffer.from((secret.body.data as {password: string}).password, 'base64').toString()).toBe('s3cret');
    const typo = await d8('bgp', 'config', 'create', 'edge', '--pool', 'publik', '--peer', 'r1');
    expect(typo.stderr).toContain('--pool "publik": no MetalLoadBalancerPool of that name exists, and MetalLB would advertise nothing for it without a word; did you mean public?');
    const ok = await d8('bgp', 'config', 'create', 'edge', '--pool', 'public', '--peer', 'r1', '--local-pref', '100');
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toContain('every peer of edge is eBGP');
    const peers = JSON.parse((await d8('bgp', 'peer', 'list', '-o', 'json')).stdout);
    expect(peers).toEqual([{name: 'r1', peerAddress: '192.0.2.1', peerASN: 64601, myASN: 64600, session: 'eBGP', holdTime: null, passwordSecret: 'bgp-secrets/bgp-password-r1', configurations: ['edge']}]);
  });

  it('delete refuses what is in use unless --force', async () => {
    const refused = await d8('bgp', 'peer', 'delete', 'r1');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('MetalLoadBalancerBGPPeer r1 is in use by configuration edge; change those first, or add --force.');
    expect((await d8('bgp', 'config', 'delete', 'edge')).code).toBe(0);
    expect((await d8('bgp', 'peer', 'delete', 'r1')).code).toBe(0);
    const missing = await d8('bgp', 'peer', 'get', 'r1');
    expect(missing.code).toBe(3);
  });

  it('the plan of the live cluster shows who advertises a BGP Service', async () => {
    await api('POST', `${NET}/metalloadbalancerbgppeers`, {apiVersion: 'network.deckhouse.io/v1alpha1', kind: 'MetalLoadBalancerBGPPeer', metadata: {name: 'r2'}, spec: {peerAddress: '192.0.2.2', peerASN: 64600, myASN: 64600}});
    await api('POST', `${NET}/metalloadbalancerconfigurations`, {apiVersion: 'network.deckhouse.io/v1alpha1', kind: 'MetalLoadBalancerConfiguration', metadata: {name: 'all'}, spec: {mode: 'BGP', bgp: {peerNames: ['r2']}, advertisements: [{poolNames: ['public'], bgp: {localPref: 120}}]}});
    await api('POST', '/api/v1/nodes', {apiVersion: 'v1', kind: 'Node', metadata: {name: 'bgp-node', labels: {'kubernetes.io/hostname': 'bgp-node'}}});
    await api('DELETE', '/api/v1/namespaces/default/services/bgp-web');
    const svc = await api('POST', '/api/v1/namespaces/default/services', {apiVersion: 'v1', kind: 'Service', metadata: {name: 'bgp-web'}, spec: {type: 'LoadBalancer', ports: [{port: 80}]}});
    expect(svc.status).toBe(201);
    const r = await d8('ip', 'allocate', '-o', 'json');
    const web = (JSON.parse(r.stdout).services as {name: string; mode?: string; pool: string; addresses: {ip: string; advertisedBy: unknown[]}[]}[]).find((s) => s.name === 'bgp-web')!;
    expect(web.mode).toBe('bgp');
    expect(web.pool).toBe('public');
    expect(web.addresses[0]!.ip).toBe('192.0.2.0');
    // No EndpointSlice for a Service without a selector: nobody advertises.
    expect(web.addresses[0]!.advertisedBy).toEqual([]);
    await api('DELETE', '/api/v1/namespaces/default/services/bgp-web');
    await api('DELETE', '/api/v1/nodes/bgp-node');
    await clean();
  });
});

describe('migrate --to 3 from the cluster', () => {
  it('creates what the module\'s migration would, leaving existing objects alone, and lists what it drops', async () => {
    await clean();
    await api('DELETE', '/apis/deckhouse.io/v1alpha1/moduleconfigs/metallb');
    const mc = await api('POST', '/apis/deckhouse.io/v1alpha1/moduleconfigs', {
      apiVersion: 'deckhouse.io/v1alpha1', kind: 'ModuleConfig', metadata: {name: 'metallb'},
      spec: {enabled: true, version: 2, settings: {bgpPeers: [{'peer-address': '192.0.2.1', 'peer-asn': 64601, 'my-asn': 64600, password: 'x'}], addressPools: [{name: 'legacy', protocol: 'bgp', addresses: ['192.0.2.0/28']}]}},
    });
    expect(mc.status).toBe(201);
    await api('POST', `${NET}/metalloadbalancerbgppeers`, {apiVersion: 'network.deckhouse.io/v1alpha1', kind: 'MetalLoadBalancerBGPPeer', metadata: {name: 'peer-0'}, spec: {peerAddress: '192.0.2.99', peerASN: 1, myASN: 2}});
    const r = await d8('migrate', '--to', '3');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('metalloadbalancerpool.network.deckhouse.io/legacy created\nmetalloadbalancerconfiguration.network.deckhouse.io/migrated-bgp created\n');
    expect(r.stderr).toContain('MetalLoadBalancerBGPPeer peer-0 exists already: the migration leaves it as it is.');
    expect(r.stderr).toContain('settings.bgpPeers.0.password: peer 192.0.2.1 (peer-0): password is dropped');
    const cfg = await api('GET', `${NET}/metalloadbalancerconfigurations/migrated-bgp`);
    expect(cfg.body.spec).toEqual({mode: 'BGP', bgp: {peerNames: ['peer-0']}, advertisements: [{poolNames: ['legacy']}]});
    expect((cfg.body.metadata as {labels: unknown}).labels).toEqual({heritage: 'deckhouse', 'auto-generated-by': 'd8-migration-hook'});
    expect(((await api('GET', `${NET}/metalloadbalancerbgppeers/peer-0`)).body.spec as {peerAddress: string}).peerAddress).toBe('192.0.2.99');
    await clean();
    await api('DELETE', '/apis/deckhouse.io/v1alpha1/moduleconfigs/metallb');
  });
});

describe('status with BGP', () => {
  // MetalLB's ServiceBGPStatus (api/v1beta1/servicebgpstatus_types.go) and Deckhouse's ClusterAlert, with open schemas:
  // the test control plane has neither controller nor Prometheus, so the test writes what they would.
  const crd = (group: string, kind: string, plural: string, scope: 'Namespaced' | 'Cluster', version: string) => ({
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: {name: `${plural}.${group}`},
    spec: {group, scope, names: {kind, plural, singular: kind.toLowerCase(), listKind: `${kind}List`}, versions: [{name: version, served: true, storage: true, schema: {openAPIV3Schema: {type: 'object', 'x-kubernetes-preserve-unknown-fields': true}}}]},
  });
  const waitServed = async (path: string) => {
    for (let i = 0; i < 100 && (await api('GET', path)).status !== 200; i++) await new Promise((r) => setTimeout(r, 100));
  };

  it('shows the workloads, the configuration, who advertises each Service, and what MetalLB reports', async () => {
    await clean();
    await api('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd('metallb.io', 'ServiceBGPStatus', 'servicebgpstatuses', 'Namespaced', 'v1beta1'));
    await api('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd('deckhouse.io', 'ClusterAlert', 'clusteralerts', 'Cluster', 'v1alpha1'));
    await waitServed('/apis/metallb.io/v1beta1/servicebgpstatuses');
    await waitServed('/apis/deckhouse.io/v1alpha1/clusteralerts');
    await api('DELETE', '/apis/deckhouse.io/v1alpha1/moduleconfigs/metallb');
    await api('POST', '/apis/deckhouse.io/v1alpha1/moduleconfigs', {apiVersion: 'deckhouse.io/v1alpha1', kind: 'ModuleConfig', metadata: {name: 'metallb'}, spec: {enabled: true, version: 3}});
    await api('POST', '/api/v1/namespaces', {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'd8-metallb'}});
    for (const [app, node] of [['controller', 'n1'], ['speaker', 'n1'], ['speaker', 'n2']] as const) {
      const name = `${app}-${node}`;
      await api('POST', '/api/v1/namespaces/d8-metallb/pods', {metadata: {name, labels: {app}}, spec: {nodeName: node, containers: [{name: 'c', image: 'example.invalid/c'}]}});
      await api('PATCH', `/api/v1/namespaces/d8-metallb/pods/${name}/status`, {status: {conditions: [{type: 'Ready', status: 'True'}]}});
    }
    for (const n of ['n1', 'n2']) await api('POST', '/api/v1/nodes', {apiVersion: 'v1', kind: 'Node', metadata: {name: n, labels: {'kubernetes.io/hostname': n}}});
    await api('POST', `${NET}/metalloadbalancerpools`, {apiVersion: 'network.deckhouse.io/v1alpha1', kind: 'MetalLoadBalancerPool', metadata: {name: 'public'}, spec: {addresses: ['192.0.2.0/28']}});
    await api('POST', `${NET}/metalloadbalancerbgppeers`, {apiVersion: 'network.deckhouse.io/v1alpha1', kind: 'MetalLoadBalancerBGPPeer', metadata: {name: 'r1'}, spec: {peerAddress: '198.51.100.1', peerASN: 64601, myASN: 64600}});
    await api('POST', `${NET}/metalloadbalancerconfigurations`, {apiVersion: 'network.deckhouse.io/v1alpha1', kind: 'MetalLoadBalancerConfiguration', metadata: {name: 'edge'}, spec: {mode: 'BGP', bgp: {peerNames: ['r1']}, advertisements: [{poolNames: ['public']}]}});
    await api('DELETE', '/api/v1/namespaces/default/services/web');
    await api('POST', '/api/v1/namespaces/default/services', {apiVersion: 'v1', kind: 'Service', metadata: {name: 'web'}, spec: {type: 'LoadBalancer', ports: [{port: 80}]}});
    await api('PATCH', '/api/v1/namespaces/default/services/web/status', {status: {loadBalancer: {ingress: [{ip: '192.0.2.0'}]}}});
    // The speaker on n1 reports it; the one on n2 does not.
    await api('POST', '/apis/metallb.io/v1beta1/namespaces/d8-metallb/servicebgpstatuses', {apiVersion: 'metallb.io/v1beta1', kind: 'ServiceBGPStatus', metadata: {name: 'web-n1'}, status: {node: 'n1', serviceName: 'web', serviceNamespace: 'default', peers: ['r1-edge']}});

    const r = await d8('status', '-o', 'json');
    const report = JSON.parse(r.stdout);
    expect(report.bgp.workloads).toEqual([{name: 'controller', ready: 1, total: 1}, {name: 'speaker', ready: 2, total: 2}]);
    expect(report.bgp.configuration).toEqual({controller: 'accepted', speaker: 'accepted', alerts: []});
    // Without a selector there is no EndpointSlice, so nobody advertises: the plan says it, status warns.
    expect(report.bgp.services).toEqual([{service: 'default/web', pool: 'public', status: 'assigned', addresses: [{ip: '192.0.2.0', advertisedBy: [], reported: [{node: 'n1', peers: ['r1']}]}]}]);
    expect(report.problems).toContainEqual(expect.objectContaining({subject: 'Service default/web', cause: '192.0.2.0 is assigned but not advertised: the Service has no ready endpoint'}));
    expect(report.bgp.sessions.error).toMatch(/^the speakers' metrics could not be read through the API server's pod proxy/);

    await api('POST', '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices', {metadata: {name: 'web-1', labels: {'kubernetes.io/service-name': 'web'}}, addressType: 'IPv4', endpoints: [{addresses: ['10.1.0.5'], nodeName: 'n1', conditions: {ready: true}}], ports: [{port: 80}]});
    await api('POST', '/apis/deckhouse.io/v1alpha1/clusteralerts', {apiVersion: 'deckhouse.io/v1alpha1', kind: 'ClusterAlert', metadata: {name: 'a1'}, alert: {name: 'D8MetallbConfigNotLoaded', severityLevel: '4'}, status: {alertStatus: 'firing'}});
    const after = JSON.parse((await d8('status', '-o', 'json')).stdout);
    expect(after.bgp.services[0].addresses[0].advertisedBy).toEqual([{node: 'n1', peer: 'r1'}, {node: 'n2', peer: 'r1'}]);
    expect(after.bgp.configuration.alerts).toEqual(['D8MetallbConfigNotLoaded']);
    expect(after.problems).toContainEqual(expect.objectContaining({severity: 'error', subject: 'BGP', cause: 'the alert D8MetallbConfigNotLoaded is firing: MetalLB runs without the latest configuration'}));
    expect(after.problems).toContainEqual(expect.objectContaining({subject: 'Service default/web', cause: "the module's rules have node n2 advertise 192.0.2.0, but MetalLB's speaker there reports no advertisement (no ServiceBGPStatus)"}));
    // No L2 finding about a Service the L2 classes do not take, and no missing L2 workloads in a BGP-only cluster.
    expect(after.services).toEqual([]);
    expect(after.problems.filter((p: {subject: string}) => /l2lb/.test(p.subject))).toEqual([]);
    const table = await d8('status');
    expect(table.code).toBe(1);
    expect(table.stdout).toContain('default/web   public   192.0.2.0   n1→r1, n2→r1');
  });
});
