// The status judgement on read results: what is healthy, what is a warning, what is an error, and why.
import {describe, expect, it} from 'vitest';
import {type StatusReads, judge} from '../../../src/lib/status/status.js';

const ok = <T>(value: T) => ({ok: true as const, value});
const klass = (name: string, pool: string, extra: Record<string, unknown> = {}) => ({metadata: {name}, spec: {type: 'L2', addressPool: [pool], nodeSelector: {lb: ''}, ...extra}});
const node = (name: string) => ({metadata: {name, labels: {lb: ''}}, status: {conditions: [{type: 'Ready', status: 'True'}]}});
const service = (name: string, count: number, ips: string[]) => ({
  metadata: {name, namespace: 'web', annotations: {'network.deckhouse.io/l2-load-balancer-external-ips-count': String(count)}},
  spec: {type: 'LoadBalancer', loadBalancerClass: 'ingress', ports: [{port: 80}]},
  status: {loadBalancer: {ingress: ips.map((ip) => ({ip}))}},
});
const pod = (app: string) => ({metadata: {name: `${app}-x`, labels: {app}}, status: {conditions: [{type: 'Ready', status: 'True'}]}});

function reads(overrides: Partial<StatusReads> = {}): StatusReads {
  return {
    moduleConfig: ok({metadata: {name: 'metallb'}, spec: {enabled: true, version: 2}}),
    module: ok({metadata: {name: 'metallb'}, status: {phase: 'Ready'}}),
    classes: ok([klass('ingress', '192.0.2.0/28')]),
    nodes: ok([node('n1'), node('n2')]),
    services: ok([service('a', 2, ['192.0.2.0', '192.0.2.1'])]),
    internal: ok([]),
    pods: ok([pod('l2lb-controller'), pod('l2lb-speaker')]),
    events: ok([]),
    ...overrides,
  } as StatusReads;
}

describe('status judgement', () => {
  it('is OK when the module is ready and every Service has its addresses', () => {
    const report = judge(reads());
    expect(report.overall).toBe('OK');
    expect(report.problems).toEqual([]);
    expect(report.classes).toEqual([{name: 'ingress', default: false, size: '16', used: '2', free: '14', utilisation: '12.5', nodes: 2}]);
  });

  it('says why a Service is pending, with the controller\'s own event when there is one', () => {
    const events = ok([{metadata: {name: 'e'}, involvedObject: {kind: 'SDNInternalL2LBService', namespace: 'web', name: 'a-ingress-1'}, reason: 'AllocationFailed', message: 'Failed to allocate IP for "web/a": no available IPs'}]);
    const report = judge(reads({services: ok([service('a', 2, ['192.0.2.0'])]), events} as Partial<StatusReads>));
    expect(report.overall).toBe('ERROR');
    expect(report.problems).toContainEqual(expect.objectContaining({subject: 'Service web/a', cause: '1 of 2 addresses assigned: Failed to allocate IP for "web/a": no available IPs'}));
  });

  it('warns when a pool is 90 % used and errs when it is full', () => {
    const ips = (n: number) => Array.from({length: n}, (_, i) => `192.0.2.${i}`);
    const nearly = judge(reads({services: ok([service('a', 15, ips(15))])} as Partial<StatusReads>));
    expect(nearly.problems).toEqual([expect.objectContaining({severity: 'warning', subject: 'Class ingress', cause: 'its pool is nearly exhausted: 15 of 16 addresses in use'})]);
    const full = judge(reads({services: ok([service('a', 16, ips(16))])} as Partial<StatusReads>));
    expect(full.problems).toEqual([expect.objectContaining({severity: 'error', subject: 'Class ingress', cause: 'its pool is exhausted: 16 of 16 addresses in use'})]);
  });

  it('reports two default classes and overlapping pools', () => {
    const report = judge(reads({classes: ok([klass('ingress', '192.0.2.0/28', {isDefault: true}), klass('other', '192.0.2.8/29', {isDefault: true})])} as Partial<StatusReads>));
    const causes = report.problems.map((p) => p.cause);
    expect(causes).toContain('2 classes are default (ingress, other); the module uses the last one');
    // The plan's verdict (allocator/configuration.ts, after MetalLB's config.go poolsFor), with MetalLB's words.
    expect(causes).toContain('MetalLB refuses the whole configuration, so no Service gets a new address: class other: "192.0.2.8/29" overlaps "192.0.2.0/28" of class ingress (MetalLB logs: CIDR "192.0.2.8/29" in pool "other" overlaps with already defined CIDR "192.0.2.0/28")');
  });

  it('shows a section it could not read as an error line, never as zeros', () => {
    const report = judge(reads({pods: {ok: false, error: 'list pods: forbidden (403)'}}));
    expect(report.workloads).toEqual({error: 'list pods: forbidden (403)'});
    expect(report.overall).toBe('ERROR');
  });
});
