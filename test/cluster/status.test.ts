// status on a control plane of its own (a clean world): healthy, exhausted, split, and --wait.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {type ControlPlane, startControlPlane} from '../harness/control-plane.js';
import {runBin} from '../helpers/cli.js';

let plane: ControlPlane;
const d8 = (...args: string[]) => runBin('run.js', ['metallb', ...args], {env: {KUBECONFIG: plane.kubeconfig}});
const ok = async (method: string, path: string, body?: unknown) => {
  const r = await plane.request(method, path, body);
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r;
};

beforeAll(async () => {
  plane = await startControlPlane();
  await ok('POST', '/apis/deckhouse.io/v1alpha1/moduleconfigs', {apiVersion: 'deckhouse.io/v1alpha1', kind: 'ModuleConfig', metadata: {name: 'metallb'}, spec: {enabled: true, version: 2}});
  await ok('POST', '/apis/modules.deckhouse.io/v1alpha1/modules', {apiVersion: 'modules.deckhouse.io/v1alpha1', kind: 'Module', metadata: {name: 'metallb'}});
  await ok('PATCH', '/apis/modules.deckhouse.io/v1alpha1/modules/metallb/status', {status: {phase: 'Ready'}});
  await ok('POST', '/api/v1/namespaces', {metadata: {name: 'd8-metallb'}});
  for (const app of ['l2lb-controller', 'l2lb-speaker']) {
    await ok('POST', '/api/v1/namespaces/d8-metallb/pods', {metadata: {name: `${app}-0`, labels: {app}}, spec: {containers: [{name: 'c', image: 'example.invalid/c'}]}});
    await ok('PATCH', `/api/v1/namespaces/d8-metallb/pods/${app}-0/status`, {status: {conditions: [{type: 'Ready', status: 'True'}]}});
  }
  for (const n of ['lb-1', 'lb-2']) await ok('POST', '/api/v1/nodes', {metadata: {name: n, labels: {lb: ''}}});
  await ok('POST', '/apis/network.deckhouse.io/v1alpha1/metalloadbalancerclasses', {apiVersion: 'network.deckhouse.io/v1alpha1', kind: 'MetalLoadBalancerClass', metadata: {name: 'ingress'}, spec: {type: 'L2', addressPool: ['192.0.2.0/30'], nodeSelector: {lb: ''}}});
  await ok('POST', '/api/v1/namespaces/default/services', {metadata: {name: 'web', annotations: {'network.deckhouse.io/l2-load-balancer-external-ips-count': '2'}}, spec: {type: 'LoadBalancer', loadBalancerClass: 'ingress', ports: [{port: 80}]}});
  await ok('PATCH', '/api/v1/namespaces/default/services/web/status', {status: {loadBalancer: {ingress: [{ip: '192.0.2.0'}, {ip: '192.0.2.1'}]}}});
  // A clean world has ready endpoints (this control plane runs no controller-manager to write them).
  for (const service of ['web', 'api']) await ok('POST', '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices', {metadata: {name: `${service}-1`, labels: {'kubernetes.io/service-name': service}}, addressType: 'IPv4', endpoints: [{addresses: ['10.1.0.5'], conditions: {ready: true}}], ports: [{port: 80}]});
}, 120_000);

afterAll(async () => plane?.stop());

describe('status in a clean world', () => {
  it('is OK (exit 0) when the module is ready and every Service has its addresses', async () => {
    const r = await d8('status');
    expect(r.stdout.trimEnd().endsWith('Overall: OK')).toBe(true);
    expect(r.stdout).not.toContain('Problems');
    expect(r.code).toBe(0);
  });

  it('reports a split: an address announced from another node than the module\'s rules pick', async () => {
    const plan = JSON.parse((await d8('ip', 'allocate', '-o', 'json')).stdout);
    const expected = plan.services[0].addresses[0].announcer as string;
    const other = expected === 'lb-1' ? 'lb-2' : 'lb-1';
    await ok('POST', '/apis/internal.network.deckhouse.io/v1alpha1/namespaces/default/sdninternall2lbservices', {apiVersion: 'internal.network.deckhouse.io/v1alpha1', kind: 'SDNInternalL2LBService', metadata: {name: 'web-ingress-0', labels: {'parent-service': 'web'}}});
    await ok('POST', '/api/v1/namespaces/default/events', {metadata: {name: 'web-ingress-0.node'}, involvedObject: {kind: 'SDNInternalL2LBService', namespace: 'default', name: 'web-ingress-0'}, reason: 'nodeAssigned', message: `announcing from node "${other}" with protocol "layer2"`, type: 'Normal'});
    const r = await d8('status', '-o', 'json');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.overall).toBe('WARNING');
    expect(report.problems).toEqual([expect.objectContaining({severity: 'warning', subject: 'Service default/web', cause: `192.0.2.0 is announced from node ${other}, but the module's rules pick ${expected}: a stale announcer, or two nodes answering for it (split brain)`})]);
    await ok('DELETE', '/api/v1/namespaces/default/events/web-ingress-0.node');
  });

  it('an assigned address without a ready endpoint: not announced, a warning with the fix', async () => {
    await ok('PATCH', '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/web-1', {endpoints: [{addresses: ['10.1.0.5'], conditions: {ready: false}}]});
    try {
      const report = JSON.parse((await d8('status', '-o', 'json')).stdout);
      expect(report.problems).toContainEqual(expect.objectContaining({severity: 'warning', subject: 'Service default/web', cause: '192.0.2.0 is assigned but not announced: the Service has no ready endpoint'}));
      expect(report.services.find((s: {service: string}) => s.service === 'default/web').addresses[0].node).toBeNull();
    } finally {
      await ok('PATCH', '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/web-1', {endpoints: [{addresses: ['10.1.0.5'], conditions: {ready: true}}]});
    }
  });

  it('--wait waits until a new Service gets its addresses, then reports the exhausted pool', async () => {
    await ok('POST', '/api/v1/namespaces/default/services', {metadata: {name: 'api', annotations: {'network.deckhouse.io/l2-load-balancer-external-ips-count': '2'}}, spec: {type: 'LoadBalancer', loadBalancerClass: 'ingress', ports: [{port: 443}]}});
    const started = Date.now();
    const waiting = d8('status', '--wait', '--timeout', '30s', '-o', 'json');
    await new Promise((r) => setTimeout(r, 2500));
    await ok('PATCH', '/api/v1/namespaces/default/services/api/status', {status: {loadBalancer: {ingress: [{ip: '192.0.2.2'}, {ip: '192.0.2.3'}]}}});
    const r = await waiting;
    expect(Date.now() - started).toBeGreaterThan(2500);
    const report = JSON.parse(r.stdout);
    expect(report.services.every((s: {status: string}) => s.status === 'assigned')).toBe(true);
    expect(report.problems).toEqual([expect.objectContaining({severity: 'error', subject: 'Class ingress', cause: 'its pool is exhausted: 4 of 4 addresses in use'})]);
    expect(r.code).toBe(1);
  });
});
