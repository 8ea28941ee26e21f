// The ip commands on manifests, as a user runs them (also on `kubectl get … -o yaml` output, a List).
import {createHash} from 'node:crypto';
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {metallb, runBin} from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'd8-metallb-ip-'));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const NODES = ['lb-1', 'lb-2', 'lb-3'];
const ORDER = [...NODES].sort((a, b) => sha(`ingress#${a}`).localeCompare(sha(`ingress#${b}`)));

// The documentation's class and Service, plus three labelled Nodes, as `kubectl get -o yaml` prints them.
const seed = readFileSync(new URL('../fixtures/seed-examples.yaml', import.meta.url), 'utf8');
const nodes = `---\napiVersion: v1\nkind: List\nitems:\n${NODES.map((n) => `- apiVersion: v1\n  kind: Node\n  metadata:\n    name: ${n}\n    labels:\n      node-role.kubernetes.io/loadbalancer: ""\n`).join('')}`;
const CLUSTER = write('cluster.yaml', `${seed}${nodes}`);

describe('d8 metallb ip allocate', () => {
  it('gives the documentation\'s Service 192.168.2.100, .101, .102 (the JSON shape is exact)', async () => {
    const r = await metallb('ip', 'allocate', '-f', CLUSTER, '-o', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      configuration: {accepted: true},
      services: [{
        namespace: '', name: 'nginx-deployment', class: 'ingress', classSource: 'spec', family: 'IPv4', status: 'assigned', reason: null, orderDependent: false,
        addresses: [0, 1, 2].map((i) => ({index: i, ip: `192.168.2.${100 + i}`, preferredNode: ORDER[i], announcer: ORDER[i]})),
      }],
      classes: [{name: 'ingress', size: '51', used: '3', free: '48'}],
    });
  });

  it('prints a table for people', async () => {
    const r = await metallb('ip', 'allocate', '-f', CLUSTER);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^NAMESPACE\/NAME\s+CLASS\s+#\s+ADDRESS\s+PREFERRED NODE\s+ANNOUNCER\s+STATUS$/);
    expect(lines[1]).toMatch(new RegExp(`^nginx-deployment\\s+ingress\\s+0\\s+192\\.168\\.2\\.100\\s+${ORDER[0]}\\s+${ORDER[0]}\\s+assigned$`));
  });

  it('exits 1 and says why when a Service stays pending', async () => {
    const file = write('pending.yaml', seed.replace('"3"', '"60"'));
    const r = await metallb('ip', 'allocate', '-f', file, '-f', write('nodes.yaml', nodes), '-o', 'json');
    expect(r.code).toBe(1);
    const service = JSON.parse(r.stdout).services[0];
    expect(service.status).toBe('partial');
    expect(service.reason).toMatch(/^the pool of class ingress is exhausted: all 51 addresses are in use and this Service asks for 60; /);
  });

  it('--add shows what new Services get without changing the others', async () => {
    const added = write('new.yaml', 'apiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: prod}\nspec: {type: LoadBalancer, loadBalancerClass: ingress, ports: [{port: 443}]}\n');
    const r = await metallb('ip', 'allocate', '-f', CLUSTER, '--add', added, '-o', 'json');
    const out = JSON.parse(r.stdout);
    expect(out.services.map((s: {name: string}) => s.name)).toEqual(['api']);
    expect(out.services[0].addresses[0].ip).toBe('192.168.2.103');
  });

  it('--drain shows which address moves to which node', async () => {
    const r = await metallb('ip', 'allocate', '-f', CLUSTER, '--drain', ORDER[1]!, '-o', 'json');
    const ip = '192.168.2.101';
    const to = ORDER.filter((n) => n !== ORDER[1]).sort((a, b) => sha(`${a}#${ip}`).localeCompare(sha(`${b}#${ip}`)))[0];
    expect(JSON.parse(r.stdout)).toEqual({drained: [ORDER[1]], moves: [{service: 'nginx-deployment', index: 1, ip, from: ORDER[1], to}]});
  });

  it('reads stdin with -f -', async () => {
    const r = await runBin('run.js', ['metallb', 'ip', 'allocate', '-f', '-', '-o', 'yaml'], {input: readFileSync(CLUSTER, 'utf8')});
    expect(r.stdout).toContain('ip: 192.168.2.102');
  });
});

describe('d8 metallb ip usage / free / inspect', () => {
  it('usage: size, used, free, utilisation and the largest free range, with totals', async () => {
    const r = await metallb('ip', 'usage', '-f', CLUSTER, '-o', 'json');
    expect(JSON.parse(r.stdout)).toEqual({
      classes: [{name: 'ingress', entries: 1, size: '51', used: '3', free: '48', utilisation: '5.9', largestFree: '192.168.2.103-192.168.2.150'}],
      // The documentation's version 2 ModuleConfig has a bgp pool, which the module migrates to a MetalLoadBalancerPool.
      bgpPools: [{name: 'mypool', entries: 1, size: '101', used: '0', free: '101', utilisation: '0.0', largestFree: '192.168.219.100-192.168.219.200'}],
      total: {size: '152', used: '3', free: '149', utilisation: '2.0'},
    });
  });

  it('free: compact ranges in pool order', async () => {
    const r = await metallb('ip', 'free', 'ingress', '-f', CLUSTER);
    expect(r.stdout).toBe('192.168.2.103-192.168.2.150\n');
    const unknown = await metallb('ip', 'free', 'ingres', '-f', CLUSTER);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('[ERROR] class "ingres" is not in the manifests; did you mean ingress?\n');
  });

  it('inspect ADDRESS: pool entry and holder, free, or outside every pool', async () => {
    const held = JSON.parse((await metallb('ip', 'inspect', '192.168.2.101', '-f', CLUSTER, '-o', 'json')).stdout);
    expect(held).toEqual({address: '192.168.2.101', pools: [{class: 'ingress', entry: '192.168.2.100-192.168.2.150'}], holders: [{service: 'nginx-deployment', index: 1, preferredNode: ORDER[1], announcer: ORDER[1]}], bgpPools: [], bgpHolders: [], state: 'held'});
    expect(JSON.parse((await metallb('ip', 'inspect', '192.168.219.150', '-f', CLUSTER, '-o', 'json')).stdout)).toMatchObject({bgpPools: [{pool: 'mypool', entry: '192.168.219.100-192.168.219.200'}], state: 'free'});
    expect(JSON.parse((await metallb('ip', 'inspect', '192.168.2.140', '-f', CLUSTER, '-o', 'json')).stdout).state).toBe('free');
    expect(JSON.parse((await metallb('ip', 'inspect', '198.51.100.1', '-f', CLUSTER, '-o', 'json')).stdout).state).toBe('outside every pool');
  });

  it('inspect NS/NAME: how the class was chosen, each address, the node ranking with hashes', async () => {
    const r = await metallb('ip', 'inspect', 'nginx-deployment', '-f', CLUSTER);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Class:   ingress (spec.loadBalancerClass names it)');
    expect(r.stdout).toContain(`  0  ${ORDER[0]}  ${sha(`ingress#${ORDER[0]}`).slice(0, 16)}…`);
    expect(r.stdout).toContain(`  #2  192.168.2.102  first-free, preferred ${ORDER[2]}, announced by ${ORDER[2]}`);
  });

  it('reads the cluster without -f (exit 3 without a kubeconfig), and refuses broken YAML with exit 2', async () => {
    const none = await runBin('run.js', ['metallb', 'ip', 'usage'], {env: {KUBECONFIG: '/nonexistent/kubeconfig'}});
    expect(none.code).toBe(3);
    expect(none.stderr).toBe('[ERROR] no kubeconfig at /nonexistent/kubeconfig; give one with --kubeconfig or KUBECONFIG.\n');
    const broken = await metallb('ip', 'usage', '-f', write('broken.yaml', 'a: [1\n'));
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/broken\.yaml:\d+:\d+: .*; run 'd8 metallb lint' on it for details\.\n$/);
  });
});

describe('lint and the plan say the same (issue 11)', () => {
  const CLASSES = `apiVersion: network.deckhouse.io/v1alpha1
kind: MetalLoadBalancerClass
metadata: {name: ingress}
spec: {type: L2, isDefault: true, addressPool: [192.0.2.10-192.0.2.20]}
---
apiVersion: network.deckhouse.io/v1alpha1
kind: MetalLoadBalancerClass
metadata: {name: other}
spec: {type: L2, addressPool: [192.0.2.16/28]}
---
apiVersion: v1
kind: Node
metadata: {name: n1}
---
apiVersion: v1
kind: Service
metadata: {name: a, namespace: web}
spec: {type: LoadBalancer, ports: [{port: 80}]}
`;

  it('an overlap between two classes: lint quotes MetalLB, the plan shows the configuration refused and the Service pending', async () => {
    const file = write('overlap.yaml', CLASSES);
    const linted = await metallb('lint', file, '-o', 'json');
    const overlap = JSON.parse(linted.stdout).diagnostics.find((d: {rule: string}) => d.rule === 'pool-overlap');
    expect(overlap.message).toContain('CIDR "192.0.2.16/28" in pool "other" overlaps with already defined CIDR "192.0.2.16/30"');
    const planned = await metallb('ip', 'allocate', '-f', file, '-o', 'json');
    expect(planned.code).toBe(1);
    const out = JSON.parse(planned.stdout);
    expect(out.configuration).toMatchObject({accepted: false, class: 'other', metallb: 'CIDR "192.0.2.16/28" in pool "other" overlaps with already defined CIDR "192.0.2.16/30"'});
    expect(out.services[0]).toMatchObject({status: 'pending', metallbReason: out.configuration.metallb});
    const table = await metallb('ip', 'allocate', '-f', file);
    expect(table.stderr).toMatch(/^\[WARN\] MetalLB refuses the whole configuration, so no Service gets a new address/m);
  });

  it('spaces in load-balancer-ips: lint says harmless (info), the plan honours the address', async () => {
    const file = write('spaces.yaml', CLASSES.replace('192.0.2.16/28', '198.51.100.0/28').replace('metadata: {name: a, namespace: web}', 'metadata: {name: a, namespace: web, annotations: {network.deckhouse.io/load-balancer-ips: " 192.0.2.15"}}'));
    const linted = JSON.parse((await metallb('lint', file, '-o', 'json')).stdout);
    expect(linted.diagnostics.map((d: {rule: string; severity: string}) => `${d.rule}:${d.severity}`)).toEqual(['lb-ips-spaces:info']);
    const out = JSON.parse((await metallb('ip', 'allocate', '-f', file, '-o', 'json')).stdout);
    expect(out.services[0].addresses[0].ip).toBe('192.0.2.15');
  });

  it('--ip-family IPv6: a Service without a family is IPv6 for lint and the plan alike', async () => {
    const file = write('v6.yaml', CLASSES.replace('192.0.2.16/28', '198.51.100.0/28').replace('192.0.2.10-192.0.2.20', '2001:db8::/126'));
    expect(JSON.parse((await metallb('lint', file, '-o', 'json')).stdout).diagnostics.map((d: {rule: string; severity: string}) => `${d.rule}:${d.severity}`)).toEqual(['service-family-not-in-class:warning']);
    expect(JSON.parse((await metallb('lint', file, '--ip-family', 'IPv6', '-o', 'json')).stdout).diagnostics).toEqual([]);
    const out = JSON.parse((await metallb('ip', 'allocate', '-f', file, '--ip-family', 'IPv6', '-o', 'json')).stdout);
    expect(out.services[0]).toMatchObject({family: 'IPv6', addresses: [{ip: '2001:db8::'}]});
    const assumed = JSON.parse((await metallb('ip', 'allocate', '-f', file, '-o', 'json')).stdout);
    expect(assumed.services[0]).toMatchObject({family: 'IPv4', status: 'pending', metallbReason: '["<nil>"] is not allowed in config'});
  });
});
