// Every cluster command against a real kube-apiserver (test/harness/control-plane.ts): applying, the checks before
// applying, and every kind of failure, each one sentence with exit code 3.
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {parse} from 'yaml';
import {describe, expect, inject, it} from 'vitest';
import {type CliResult, runBin} from '../helpers/cli.js';

const kubeconfig = inject('kubeconfig');
const dir = mkdtempSync(join(tmpdir(), 'd8-metallb-cluster-'));

const d8 = (args: string[], env: Record<string, string> = {}): Promise<CliResult> => runBin('run.js', ['metallb', ...args], {env: {KUBECONFIG: kubeconfig, ...env}});

async function api(method: string, path: string, body?: unknown): Promise<{status: number; body: Record<string, unknown>}> {
  const {request} = await import('node:https');
  const server = inject('apiServer');
  const token = inject('adminToken');
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(`${server}${path}`, {method, rejectUnauthorized: false, headers: {authorization: `Bearer ${token}`, ...(payload ? {'content-type': method === 'PATCH' ? 'application/merge-patch+json' : 'application/json'} : {})}}, (res) => {
      let data = '';
      res.on('data', (c) => (data += c));
      res.on('end', () => {
        let parsed: Record<string, unknown> = {};
        try {
          parsed = data ? JSON.parse(data) : {};
        } catch {
          parsed = {text: data}; // e.g. "404 page not found" once a CRD is gone
        }
        resolve({status: res.statusCode ?? 0, body: parsed});
      });
    });
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

const MC = '/apis/deckhouse.io/v1alpha1/moduleconfigs';
const MLBC = '/apis/network.deckhouse.io/v1alpha1/metalloadbalancerclasses';

describe('enable / disable on a cluster', () => {
  it('never drops what the ModuleConfig already has: settings, labels, annotations, other fields', async () => {
    await api('DELETE', `${MC}/metallb`);
    const before = {
      apiVersion: 'deckhouse.io/v1alpha1', kind: 'ModuleConfig',
      metadata: {name: 'metallb', labels: {team: 'network'}, annotations: {'example.com/owner': 'platform'}},
      spec: {
        enabled: false, version: 2, updatePolicy: 'manual', source: 'deckhouse',
        settings: {
          addressPools: [{name: 'first', protocol: 'bgp', addresses: ['198.51.100.0/28']}],
          bgpPeers: [{'peer-address': '192.0.2.1', 'peer-asn': 64601, 'my-asn': 64600, 'hold-time': '3s'}],
          bgpCommunities: {'no-advertise': '65535:65282'},
          speaker: {nodeSelector: {'node-role.deckhouse.io/metallb': ''}},
          nodeSelector: {zone: 'a'},
        },
      },
    };
    expect((await api('POST', MC, before)).status).toBe(201);
    const r = await d8(['enable', '--address-pool', 'name=second,addresses=198.51.100.16/28']);
    expect(r.stderr).toBe("[INFO] Module 'metallb' enabled.\n[INFO] ModuleConfig 'metallb': changed settings.addressPools.\n");
    expect(r.code).toBe(0);
    const after = (await api('GET', `${MC}/metallb`)).body as typeof before & {metadata: Record<string, unknown>};
    const expected = structuredClone(before);
    expected.spec.enabled = true;
    expected.spec.settings.addressPools.push({addresses: ['198.51.100.16/28'], name: 'second', protocol: 'bgp'} as never);
    expect(after.spec).toEqual(expected.spec);
    expect(after.metadata).toMatchObject(before.metadata);
  });

  it('says "already enabled" when nothing changes, and shows a diff with --diff', async () => {
    const again = await d8(['enable']);
    expect(again.stderr).toBe("[INFO] Module 'metallb' is already enabled; nothing changed.\n");
    const diff = await d8(['enable', '--config-version', '3', '--diff', '--dry-run=server']);
    // A unified diff of what changes, as kubectl diff prints it, not the whole object.
    expect(diff.stdout.split('\n').slice(0, 2)).toEqual(['--- a/moduleconfig.deckhouse.io/metallb', '+++ b/moduleconfig.deckhouse.io/metallb']);
    expect(diff.stdout.split('\n').filter((l) => /^[-+][^-+]/.test(l))).toEqual(['-  version: 2', '+  version: 3']);
    expect(diff.stdout).not.toContain('apiVersion');
    expect(diff.stderr).toContain('(server dry run: nothing was saved)');
    expect(((await api('GET', `${MC}/metallb`)).body.spec as {version: number}).version).toBe(2);
  });

  it('disable changes only enabled, and -o name prints the object reference', async () => {
    const r = await d8(['disable', '-o', 'name']);
    expect(r.stdout).toBe('moduleconfig.deckhouse.io/metallb\n');
    expect(r.stderr).toBe("[INFO] Module 'metallb' disabled.\n");
    const spec = (await api('GET', `${MC}/metallb`)).body.spec as Record<string, unknown>;
    expect(spec.enabled).toBe(false);
    expect(spec.settings).toBeDefined();
  });

  it('creates the ModuleConfig when there is none, with version 2', async () => {
    await api('DELETE', `${MC}/metallb`);
    const r = await d8(['enable', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).spec).toEqual({enabled: true, version: 2});
  });
});

describe('classes on a cluster', () => {
  it('creates a class, refuses a second one with the same name, replaces it with --overwrite', async () => {
    const create = await d8(['class', 'create', 'ingress', '--pool', '192.0.2.100-192.0.2.150', '--node-selector', 'node-role.kubernetes.io/loadbalancer=']);
    expect(create.stderr).toBe("[INFO] MetalLoadBalancerClass 'ingress' created.\n");
    const again = await d8(['class', 'create', 'ingress', '--pool', '192.0.2.100-192.0.2.150']);
    expect(again.code).toBe(3);
    expect(again.stderr).toBe('[ERROR] MetalLoadBalancerClass "ingress" already exists in the cluster; choose another name, or add --overwrite to replace it.\n');
    const replace = await d8(['class', 'create', 'ingress', '--pool', '192.0.2.100-192.0.2.160', '--overwrite']);
    expect(replace.stderr).toBe("[INFO] MetalLoadBalancerClass 'ingress' replaced.\n");
    expect(((await api('GET', `${MLBC}/ingress`)).body.spec as {addressPool: string[]}).addressPool).toEqual(['192.0.2.100-192.0.2.160']);
  });

  it('refuses a class whose pool overlaps another class, naming both', async () => {
    const r = await d8(['class', 'create', 'other', '--pool', '192.0.2.150-192.0.2.200']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('[ERROR] --pool "192.0.2.150-192.0.2.200" overlaps "192.0.2.100-192.0.2.160" of class ingress, and MetalLB would then reject the whole configuration (no class gets new addresses); choose addresses outside the other classes\' pools.\n');
  });

  it('refuses a second default class with the webhook\'s message', async () => {
    expect((await d8(['class', 'create', 'first-default', '--pool', '198.51.100.0/28', '--default'])).code).toBe(0);
    const r = await d8(['class', 'create', 'second-default', '--pool', '203.0.113.0/28', '--default']);
    expect(r.stderr).toMatch(/^\[ERROR\] there is another default MetalLoadBalancerClass; set its "isDefault" flag to "false" \(class first-default is the default now\)/);
  });

  it('lists classes with size, matched nodes and the Services using them; gets one', async () => {
    await api('POST', '/api/v1/nodes', {metadata: {name: 'lb-1', labels: {'node-role.kubernetes.io/loadbalancer': ''}}});
    const svc = await d8(['service', 'create', 'web', '-n', 'default', '--class', 'ingress', '--port', '80']);
    expect(svc.stderr).toBe("[INFO] Service 'default/web' created.\n");
    const list = JSON.parse((await d8(['class', 'list', '-o', 'json'])).stdout) as {name: string; size: string; nodes: number; services: string[]}[];
    expect(list.find((c) => c.name === 'ingress')).toMatchObject({size: '61', nodes: 1, services: ['default/web']});
    const get = await d8(['class', 'get', 'ingress', '-o', 'yaml']);
    expect(parse(get.stdout).spec.addressPool).toEqual(['192.0.2.100-192.0.2.160']);
  });

  it('refuses to delete a class Services use, unless --force', async () => {
    const refused = await d8(['class', 'delete', 'ingress']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe('[ERROR] class ingress is used by 1 Service (default/web), which would lose their addresses; move them to another class first, or add --force.\n');
    const forced = await d8(['class', 'delete', 'ingress', '--force']);
    expect(forced.stderr).toBe("[INFO] MetalLoadBalancerClass 'ingress' deleted.\n");
    expect((await api('GET', `${MLBC}/ingress`)).status).toBe(404);
  });

  it('warns when a Service names a class the cluster does not have', async () => {
    const r = await d8(['service', 'create', 'lonely', '-n', 'default', '--class', 'missing', '--port', '80']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^\[WARN\] class "missing" does not exist in the cluster/);
  });
});

describe('ip commands on the live cluster', () => {
  it('plans from the cluster and says where the cluster\'s assignment differs', async () => {
    await api('POST', MLBC, {apiVersion: 'network.deckhouse.io/v1alpha1', kind: 'MetalLoadBalancerClass', metadata: {name: 'live'}, spec: {type: 'L2', addressPool: ['203.0.113.200-203.0.113.210'], nodeSelector: {'node-role.kubernetes.io/loadbalancer': ''}}});
    const svc = await api('POST', '/api/v1/namespaces/default/services', {metadata: {name: 'live-web', annotations: {'network.deckhouse.io/l2-load-balancer-external-ips-count': '2'}}, spec: {type: 'LoadBalancer', loadBalancerClass: 'live', ports: [{port: 80}]}});
    expect(svc.status).toBe(201);
    // What the module's controller would write; here a stale second address.
    const status = await api('PATCH', '/api/v1/namespaces/default/services/live-web/status', {status: {loadBalancer: {ingress: [{ip: '203.0.113.200'}, {ip: '203.0.113.199'}]}}});
    expect(status.status).toBe(200);
    const r = await d8(['ip', 'allocate', '-o', 'json']);
    const planned = JSON.parse(r.stdout).services.find((s: {name: string}) => s.name === 'live-web');
    expect(planned.addresses.map((a: {ip: string}) => a.ip)).toEqual(['203.0.113.200', '203.0.113.201']);
    expect(r.stderr).toContain('[WARN] default/live-web: the cluster has 203.0.113.200, 203.0.113.199, the module\'s rules give 203.0.113.200, 203.0.113.201; the controller may be behind, or the assignment is stale.');
    const usage = JSON.parse((await d8(['ip', 'usage', '-o', 'json'])).stdout);
    expect(usage.classes.find((c: {name: string}) => c.name === 'live')).toMatchObject({size: '11', used: '2', free: '9'});
  });
});

describe('lint --cluster', () => {
  it('checks files together with the live classes: overlaps with them, and classes only the cluster has', async () => {
    const file = join(dir, 'new.yaml');
    writeFileSync(file, `apiVersion: network.deckhouse.io/v1alpha1
kind: MetalLoadBalancerClass
metadata:
  name: newcomer
spec:
  addressPool:
  - 203.0.113.205/32
---
apiVersion: v1
kind: Service
metadata: {name: uses-live, namespace: default}
spec: {type: LoadBalancer, loadBalancerClass: live, ports: [{port: 80}]}
`);
    const alone = JSON.parse((await d8(['lint', file, '-o', 'json'])).stdout);
    expect(alone.diagnostics.map((d: {rule: string}) => d.rule)).toEqual(['service-unknown-class']);
    const r = await d8(['lint', '--cluster', file, '-o', 'json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.diagnostics).toEqual([expect.objectContaining({file, line: 7, column: 5, rule: 'pool-overlap', message: expect.stringContaining('overlaps "203.0.113.200-203.0.113.210" in class live')})]);
  });
});

describe('status on the live cluster', () => {
  it('shows every section and the problems with their causes and fixes; exit 1 when not OK', async () => {
    await api('POST', '/api/v1/namespaces', {metadata: {name: 'd8-metallb'}});
    await api('POST', '/apis/modules.deckhouse.io/v1alpha1/modules', {apiVersion: 'modules.deckhouse.io/v1alpha1', kind: 'Module', metadata: {name: 'metallb'}});
    await api('PATCH', '/apis/modules.deckhouse.io/v1alpha1/modules/metallb/status', {status: {phase: 'Ready'}});
    for (const app of ['l2lb-controller', 'l2lb-speaker']) {
      await api('POST', '/api/v1/namespaces/d8-metallb/pods', {metadata: {name: `${app}-0`, labels: {app}}, spec: {containers: [{name: 'c', image: 'example.invalid/c'}]}});
      await api('PATCH', `/api/v1/namespaces/d8-metallb/pods/${app}-0/status`, {status: {conditions: [{type: 'Ready', status: app === 'l2lb-controller' ? 'True' : 'False'}]}});
    }
    await api('POST', '/api/v1/nodes', {metadata: {name: 'lb-down', labels: {'node-role.kubernetes.io/loadbalancer': ''}}});
    await api('PATCH', '/api/v1/nodes/lb-down/status', {status: {conditions: [{type: 'Ready', status: 'False', reason: 'KubeletNotReady', message: 'down', lastHeartbeatTime: new Date().toISOString(), lastTransitionTime: new Date().toISOString()}]}});
    // What the module writes for live-web (2 addresses requested, 2 in status): internal objects and their events.
    for (const i of [0, 1]) {
      await api('POST', '/apis/internal.network.deckhouse.io/v1alpha1/namespaces/default/sdninternall2lbservices', {apiVersion: 'internal.network.deckhouse.io/v1alpha1', kind: 'SDNInternalL2LBService', metadata: {name: `live-web-live-${i}`, labels: {heritage: 'deckhouse', module: 'metallb', 'parent-service': 'live-web'}}});
      await api('POST', '/api/v1/namespaces/default/events', {
        metadata: {name: `live-web-live-${i}.node`}, involvedObject: {kind: 'SDNInternalL2LBService', namespace: 'default', name: `live-web-live-${i}`},
        reason: 'nodeAssigned', message: `announcing from node "${i === 0 ? 'lb-down' : 'lb-1'}" with protocol "layer2"`, type: 'Normal',
      });
    }
    await api('POST', '/api/v1/namespaces/default/events', {
      metadata: {name: 'lonely-first-default-0.failed'}, involvedObject: {kind: 'SDNInternalL2LBService', namespace: 'default', name: 'lonely-first-default-0'}, // <service>-<resolved class>-<i>
      reason: 'AllocationFailed', message: 'Failed to allocate IP for "default/lonely": no available IPs', type: 'Warning',
    });
    const r = await d8(['status', '-o', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.overall).toBe('ERROR');
    expect(report.module).toEqual({enabled: true, version: 2, phase: 'Ready', message: null});
    expect(report.workloads).toEqual([{name: 'l2lb-controller', ready: 1, total: 1}, {name: 'l2lb-speaker', ready: 0, total: 1}]);
    expect(report.services.find((s: {service: string}) => s.service === 'default/live-web')).toEqual({
      service: 'default/live-web', class: 'live', requested: 2, assigned: 2, status: 'assigned',
      addresses: [{ip: '203.0.113.200', node: 'lb-down'}, {ip: '203.0.113.199', node: 'lb-1'}],
    });
    const causes = report.problems.map((p: {subject: string; cause: string}) => `${p.subject}: ${p.cause}`);
    expect(causes).toContain('Workload l2lb-speaker: 0 of 1 pods are ready, so no address is announced');
    expect(causes).toContain('Service default/live-web: 203.0.113.200 is announced from node lb-down, which is not Ready');
    expect(causes).toContain('Service default/lonely: 0 of 1 addresses assigned: Failed to allocate IP for "default/lonely": no available IPs');
    const table = await d8(['status']);
    expect(table.stdout).toMatch(/^Module\n/);
    expect(table.stdout).toContain("Fix: look at the pods: 'd8 k -n d8-metallb get pods -l app=l2lb-speaker'.");
    expect(table.stdout.trimEnd().endsWith('Overall: ERROR')).toBe(true);
  });

  it('--watch prints a JSON line per change until interrupted', async () => {
    const {spawn} = await import('node:child_process');
    const child = spawn(process.execPath, ['bin/run.js', 'metallb', 'status', '--watch', '-o', 'json'], {env: {...process.env, KUBECONFIG: kubeconfig}});
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const lines = async (n: number) => {
      for (let i = 0; i < 200 && out.split('\n').filter(Boolean).length < n; i++) await new Promise((r) => setTimeout(r, 100));
    };
    await lines(1);
    await api('PATCH', '/api/v1/namespaces/d8-metallb/pods/l2lb-speaker-0/status', {status: {conditions: [{type: 'Ready', status: 'True'}]}});
    await lines(2);
    child.kill('SIGINT');
    await new Promise((r) => child.on('close', r));
    expect(out).not.toMatch(/\n\n/); // JSON lines, one after the other: no blank line between them
    const reports = out.split('\n').filter(Boolean).map((l) => JSON.parse(l));
    expect(reports.length).toBe(2);
    expect(reports[0].workloads[1]).toEqual({name: 'l2lb-speaker', ready: 0, total: 1});
    expect(reports[1].workloads[1]).toEqual({name: 'l2lb-speaker', ready: 1, total: 1});
  });

  it('renders the sections it can read when others are forbidden, and says which', async () => {
    const r = await d8(['status', '--context', 'restricted', '-o', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.module.error).toMatch(/forbidden \(403\)/);
    expect(report.workloads.error).toMatch(/forbidden \(403\)/);
    expect(report.problems.map((p: {subject: string}) => p.subject)).toEqual(expect.arrayContaining(['Module', 'Workloads', 'Nodes']));
  });
});

describe('cluster errors: one sentence, exit code 3', () => {
  const kubeconfigWith = (change: (config: Record<string, any>) => void) => {
    const config = JSON.parse(readFileSync(kubeconfig, 'utf8'));
    change(config);
    const path = join(dir, `kubeconfig-${Math.random().toString(36).slice(2)}`);
    writeFileSync(path, JSON.stringify(config));
    return path;
  };

  it('403: names the verb and resource the identity lacks', async () => {
    const r = await d8(['class', 'create', 'denied', '--pool', '203.0.113.64/28', '--context', 'restricted']);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('[ERROR] create metalloadbalancerclasses.network.deckhouse.io "denied": forbidden (403): user restricted may not create metalloadbalancerclasses.network.deckhouse.io; ask an administrator for that permission or use another context.\n');
  });

  it('401: bad credentials', async () => {
    const path = kubeconfigWith((c) => (c.users[0].user.token = 'wrong'));
    const r = await d8(['class', 'list'], {KUBECONFIG: path});
    expect(r.code).toBe(3);
    // class list asks for classes, Nodes and Services at once: whichever answers first reports.
    expect(r.stderr).toMatch(/^\[ERROR\] list (metalloadbalancerclasses\.network\.deckhouse\.io|nodes|services): the cluster rejected the credentials \(401 Unauthorized\); refresh the token or certificate in your kubeconfig\.\n$/);
  });

  it('TLS: a certificate the kubeconfig does not trust', async () => {
    const path = kubeconfigWith((c) => (c.clusters[0].cluster['certificate-authority-data'] = readFileSync(new URL('../fixtures/untrusted-ca.pem', import.meta.url)).toString('base64')));
    const r = await d8(['class', 'list'], {KUBECONFIG: path});
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^\[ERROR\] list (metalloadbalancerclasses\.network\.deckhouse\.io|nodes|services): TLS failed for https:\/\/127\.0\.0\.1:\d+ \([A-Z_]+\): its certificate is not trusted by the kubeconfig's certificate authority; fix certificate-authority-data in the kubeconfig\.\n$/);
  });

  it('409: creating a Service that exists', async () => {
    expect((await d8(['service', 'create', 'twice', '-n', 'default', '--port', '80'])).code).toBe(0);
    const r = await d8(['service', 'create', 'twice', '-n', 'default', '--port', '80']);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('[ERROR] create services "twice": conflict (409): services "twice" already exists; get it again and retry, or use --overwrite where offered.\n');
  });

  it('timeout: a server that accepts and never answers', async () => {
    const {createServer} = await import('node:net');
    const silent = createServer(() => {}); // accepts the connection, never says a word
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as {port: number}).port;
    const path = kubeconfigWith((c) => (c.clusters[0].cluster.server = `https://127.0.0.1:${port}`));
    const r = await d8(['class', 'get', 'ingress', '--request-timeout', '1s'], {KUBECONFIG: path});
    silent.close();
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(`[ERROR] get metalloadbalancerclasses.network.deckhouse.io "ingress": https://127.0.0.1:${port} did not answer in time; check the network or retry.\n`);
  });

  it('unreachable server', async () => {
    const path = kubeconfigWith((c) => (c.clusters[0].cluster.server = 'https://127.0.0.1:1'));
    const r = await d8(['enable'], {KUBECONFIG: path});
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('[ERROR] get moduleconfigs.deckhouse.io "metallb": cannot reach https://127.0.0.1:1 (ECONNREFUSED); check that the cluster is up and the kubeconfig\'s server address.\n');
  });

  it('the module\'s CRDs not served although the module says Ready: says so and where to look (runs last)', async () => {
    expect((await api('DELETE', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/metalloadbalancerclasses.network.deckhouse.io')).status).toBe(200);
    for (let i = 0; i < 100 && (await api('GET', MLBC)).status !== 404; i++) await new Promise((r) => setTimeout(r, 100));
    const r = await d8(['class', 'list']);
    expect(r.code).toBe(3);
    // The other states (disabled, starting, failed): test/cluster/behaviour.test.ts.
    expect(r.stderr).toBe("[ERROR] list metalloadbalancerclasses.network.deckhouse.io: the metallb module is enabled and Ready, but its CRDs are not served (phase Ready); see 'd8 k get module metallb -o yaml' and the Deckhouse log.\n");
  });
});
