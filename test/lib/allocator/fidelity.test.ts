// The plan follows the real code where it was found to differ (issue 11). Each case names the function of the
// module's hook (deckhouse/deckhouse ee/se/modules/380-metallb/hooks/discovery_l2_load_balancers.go, templates
// l2lb/l2lbservice/l2lbservice.yaml and l2lb/controller/ipaddresspools.yaml) or of MetalLB v0.15.2 (controller/service.go,
// internal/allocator, internal/config) whose behaviour it asserts.
import {describe, expect, it} from 'vitest';
import {configurationRejection} from '../../../src/lib/allocator/configuration.js';
import {plan} from '../../../src/lib/allocator/engine.js';
import {engineObjects} from '../../../src/lib/allocator/from-manifests.js';
import type {EngineClass, EngineNode, EngineService} from '../../../src/lib/allocator/types.js';
import {parseFile} from '../../../src/lib/input/documents.js';
import {Pool, summarize, tryParsePoolEntry} from '../../../src/lib/net/index.js';

const klass = (name: string, pools: string[], extra: Partial<EngineClass> = {}): EngineClass => ({name, pool: Pool.parseAll(pools).pool, addressPool: pools, isDefault: false, ...extra});
const NODES: EngineNode[] = [{name: 'n1', labels: {}}, {name: 'n2', labels: {}}];
const svc = (name: string, extra: Partial<EngineService> = {}): EngineService => ({namespace: 'web', name, ports: [{port: 80, protocol: 'TCP'}], specClass: 'lb', ...extra});
const only = (p: ReturnType<typeof plan>, name = 'a') => p.services.find((s) => s.name === name)!;
const ips = (p: ReturnType<typeof plan>, name = 'a') => only(p, name).addresses.map((a) => a.ip);

describe('address families (allocator.go getFreeIPsFromPool, allocation.go selectIPsForFamilyAndPolicy)', () => {
  const mixed = klass('lb', ['2001:db8::/126', '192.0.2.0/30']);

  it('an IPv4 Service takes the first free IPv4 address, skipping the IPv6 entries before it', () => {
    expect(ips(plan({classes: [mixed], nodes: NODES, services: [svc('a', {family: 4, countAnnotation: '2'})]}))).toEqual(['192.0.2.0', '192.0.2.1']);
  });

  it('an IPv6 Service takes IPv6 addresses; a Service without a family is the primary family (IPv4 unless told)', () => {
    expect(ips(plan({classes: [mixed], nodes: NODES, services: [svc('a', {family: 6})]}))).toEqual(['2001:db8::']);
    expect(ips(plan({classes: [mixed], nodes: NODES, services: [svc('a')]}))).toEqual(['192.0.2.0']);
    expect(ips(plan({classes: [mixed], nodes: NODES, services: [svc('a')], primaryFamily: 6}))).toEqual(['2001:db8::']);
  });

  it('an IPv4 Service in an IPv6-only class stays pending with MetalLB\'s reason, its preferred node named', () => {
    const result = only(plan({classes: [klass('lb', ['2001:db8::/64'])], nodes: NODES, services: [svc('a', {family: 4})]}));
    expect(result.status).toBe('pending');
    expect(result.reason).toMatchObject({code: 'no-family-in-pool', family: 'IPv4', metallb: '["<nil>"] is not allowed in config'});
    expect(result.addresses[0]!.preferredNode).not.toBeNull();
  });

  it('a requested address of the other family is refused with "does not match the ipFamily" (controller/service.go allocateIPs)', () => {
    const result = only(plan({classes: [mixed], nodes: NODES, services: [svc('a', {family: 4, requestedIps: '2001:db8::1'})]}));
    expect(result.reason).toMatchObject({code: 'requested-wrong-family', metallb: 'requested loadBalancer IP(s) ["2001:db8::1"] does not match the ipFamily of the service'});
  });

  it('the family comes from clusterIP, then clusterIPs, then ipFamilies (the template copies clusterIP only)', () => {
    const doc = (spec: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: a, namespace: web}\nspec:\n  type: LoadBalancer\n${spec}`;
    const family = (spec: string) => engineObjects(parseFile('x.yaml', doc(spec)).documents).services[0]!.family;
    expect(family('  clusterIP: 10.0.0.5\n  clusterIPs: [fd00::5, 10.0.0.5]\n')).toBe(4);
    expect(family('  clusterIPs: [fd00::5, 10.0.0.5]\n  ipFamilies: [IPv4, IPv6]\n')).toBe(6);
    expect(family('  ipFamilies: [IPv6]\n')).toBe(6);
    expect(family('  ports: [{port: 80}]\n')).toBeUndefined();
  });
});

describe('whole-configuration rejection (config.go poolsFor, ParseCIDR)', () => {
  it('an overlap in any class refuses every new address, with MetalLB\'s message and the CIDRs it computes; status addresses stay', () => {
    const classes = [klass('lb', ['192.0.2.10-192.0.2.20']), klass('other', ['192.0.2.16/28'])];
    const result = plan({classes, nodes: NODES, services: [svc('a'), svc('b', {statusIps: ['192.0.2.12']})]});
    expect(result.rejection).toMatchObject({pool: 'other', entry: '192.0.2.16/28', metallbMessage: 'CIDR "192.0.2.16/28" in pool "other" overlaps with already defined CIDR "192.0.2.16/30"'});
    expect(only(result, 'a')).toMatchObject({status: 'pending', reason: {code: 'config-rejected', entry: '192.0.2.16/28'}});
    expect(ips(result, 'b')).toEqual(['192.0.2.12']);
  });

  it('"1.2.3.4-::1" is "start after end" and refuses the configuration; "::1-1.2.3.4" passes with no addresses', () => {
    expect(configurationRejection([{name: 'lb', entries: ['1.2.3.4-::1']}])?.metallbMessage)
      .toBe('parsing address pool lb: invalid CIDR "1.2.3.4-::1" in pool "lb": invalid IP range "1.2.3.4-::1": start IP "1.2.3.4" is after the end IP "::1"');
    expect(configurationRejection([{name: 'lb', entries: ['::1-1.2.3.4', '192.0.2.0/24']}])).toBeUndefined();
    expect(tryParsePoolEntry('::1-1.2.3.4').error?.code).toBe('mixed-families');
  });

  it('summarises a range into the CIDRs MetalLB names (ipaddr.Summarize)', () => {
    expect(summarize(tryParsePoolEntry('192.0.2.10-192.0.2.20').entry!.range)).toEqual(['192.0.2.10/31', '192.0.2.12/30', '192.0.2.16/30', '192.0.2.20/32']);
    expect(summarize(tryParsePoolEntry('2001:db8::/64').entry!.range)).toEqual(['2001:db8::/64']);
  });

  it('finds the first overlap in a class of 200,000 single addresses without comparing every pair', () => {
    const entries = Array.from({length: 200_000}, (_, i) => `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}/32`);
    const start = performance.now();
    expect(configurationRejection([{name: 'lb', entries: [...entries, '10.1.0.0/16']}])?.metallbMessage).toBe('CIDR "10.1.0.0/16" in pool "lb" overlaps with already defined CIDR "10.1.0.0/32"');
    expect(performance.now() - start).toBeLessThan(5000);
  });
});

describe('current versus requested address (controller/service.go convergeBalancer)', () => {
  it('releases the status address when load-balancer-ips asks for another one at that index', () => {
    const result = plan({classes: [klass('lb', ['192.0.2.0/28'])], nodes: NODES, services: [svc('a', {statusIps: ['192.0.2.1'], requestedIps: '192.0.2.7'})]});
    expect(only(result).addresses[0]).toMatchObject({ip: '192.0.2.7', source: 'requested'});
  });

  it('releases a status address of the other family or outside the class\'s pool', () => {
    const result = plan({classes: [klass('lb', ['192.0.2.0/28'])], nodes: NODES, services: [svc('a', {countAnnotation: '2', statusIps: ['2001:db8::1', '198.51.100.1']})]});
    expect(only(result).addresses.map((a) => a.source)).toEqual(['first-free', 'first-free']);
  });
});

describe('load-balancer-ips entries (hook: split at ","; MetalLB getDesiredLbIPs: TrimSpace; template: no annotation when empty)', () => {
  const classes = [klass('lb', ['192.0.2.60/30'])];
  it('honours an entry with spaces, and lets an empty entry take the first free address', () => {
    expect(ips(plan({classes, nodes: NODES, services: [svc('a', {countAnnotation: '3', requestedIps: '192.0.2.61,, 192.0.2.63'})]}))).toEqual(['192.0.2.61', '192.0.2.60', '192.0.2.63']);
    expect(ips(plan({classes, nodes: NODES, services: [svc('a', {countAnnotation: '2', requestedIps: '192.0.2.62,'})]}))).toEqual(['192.0.2.62', '192.0.2.60']);
  });

  it('an entry of spaces only is rendered and refused by MetalLB', () => {
    expect(only(plan({classes, nodes: NODES, services: [svc('a', {requestedIps: '  '})]})).reason).toMatchObject({code: 'requested-invalid', metallb: 'invalid metallb.io/loadBalancerIPs: "  "'});
  });

  it('an address of another class is "not compatible with requested address pool" (the pool annotation is the class)', () => {
    const result = only(plan({classes: [...classes, klass('other', ['198.51.100.0/30'])], nodes: NODES, services: [svc('a', {requestedIps: '198.51.100.1'})]}));
    expect(result.reason).toMatchObject({code: 'requested-outside-pool', class: 'other', metallb: 'requested loadBalancer IP(s) ["198.51.100.1"] is not compatible with requested address pool lb'});
  });
});

describe('the hook\'s reading of a Service (applyServiceFilter, handleL2LoadBalancers)', () => {
  const doc = (extra: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  namespace: web\n  annotations:\n    network.deckhouse.io/load-balancer-shared-ip-key: ""\nspec:\n  type: LoadBalancer\n  loadBalancerClass: lb\n  ports: [{port: 80}]\n${extra}`;
  const read = (extra = '') => engineObjects(parseFile('x.yaml', doc(extra)).documents).services[0]!;

  it('an empty sharing key is no sharing (the template renders no allow-shared-ip)', () => {
    expect(read().sharingKey).toBeUndefined();
  });

  it('a binding is the load-balancer-class condition by its type alone, its message untrimmed', () => {
    const condition = (reason: string, message: string) => `status:\n  conditions:\n  - type: network.deckhouse.io/load-balancer-class\n    status: "True"\n    reason: ${reason}\n    message: "${message}"\n`;
    expect(read(condition('Anything', 'other')).boundClass).toBe('other');
    expect(read(condition('LoadBalancerClassBound', ' other')).boundClass).toBe(' other');
    expect(read(condition('LoadBalancerClassBound', '')).boundClass).toBeUndefined();
    const result = plan({classes: [klass('lb', ['192.0.2.0/30']), klass('other', ['198.51.100.0/30'])], nodes: NODES, services: [read(condition('X', ' other'))]});
    expect(only(result).reason).toMatchObject({code: 'bound-class-deleted', class: ' other'});
  });

  it('a pending address still names its preferred node (the hook sets one for every index)', () => {
    const result = only(plan({classes: [klass('lb', ['192.0.2.0/32'])], nodes: NODES, services: [svc('a', {countAnnotation: '2'})]}));
    expect(result.addresses[1]).toMatchObject({ip: null, reason: {code: 'pool-exhausted'}});
    expect(result.addresses[1]!.preferredNode).toMatch(/^n[12]$/);
    expect(result.addresses[1]!.preferredNode).not.toBe(result.addresses[0]!.preferredNode);
  });
});

describe('endpoints decide who announces (speaker/layer2_controller.go ShouldAnnounce with the module\'s preferred-node patch)', () => {
  const nodes: EngineNode[] = ['n1', 'n2', 'n3'].map((name) => ({name, labels: {}}));
  const classes = [klass('lb', ['192.0.2.0/28'])];
  const first = (extra: Partial<EngineService>) => only(plan({classes, nodes, services: [svc('a', extra)]})).addresses[0]!;

  it('no serving endpoint: the address is assigned but no node announces it, under either policy', () => {
    for (const externalTrafficPolicy of ['Cluster', 'Local'] as const) {
      expect(first({externalTrafficPolicy, endpoints: {serving: false, nodes: []}})).toMatchObject({ip: '192.0.2.0', announcer: null, announcerNote: expect.stringContaining('no ready endpoint')});
    }
  });

  it('Local: only a node with a ready endpoint announces; the preferred node when it has one', () => {
    const preferred = first({}).preferredNode!;
    const others = nodes.map((n) => n.name).filter((n) => n !== preferred);
    expect(first({externalTrafficPolicy: 'Local', endpoints: {serving: true, nodes: [preferred]}}).announcer).toBe(preferred);
    expect(first({externalTrafficPolicy: 'Local', endpoints: {serving: true, nodes: [others[1]!]}}).announcer).toBe(others[1]);
    expect(first({externalTrafficPolicy: 'Local', endpoints: {serving: true, nodes: ['elsewhere']}})).toMatchObject({announcer: null, announcerNote: expect.stringContaining('Local')});
  });

  it('Cluster: any endpoint anywhere lets the preferred node announce', () => {
    const preferred = first({}).preferredNode!;
    expect(first({externalTrafficPolicy: 'Cluster', endpoints: {serving: true, nodes: ['elsewhere']}}).announcer).toBe(preferred);
  });

  it('reads EndpointSlices as epslices.EndpointCanServe does: ready unset or true, or serving', () => {
    const slice = (conditions: string) => `apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: a-x\n  namespace: web\n  labels: {kubernetes.io/service-name: a}\naddressType: IPv4\nendpoints:\n- addresses: [10.1.0.5]\n  nodeName: n2\n  conditions: ${conditions}\n`;
    const service = 'apiVersion: v1\nkind: Service\nmetadata: {name: a, namespace: web}\nspec: {type: LoadBalancer, ports: [{port: 80}]}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: b, namespace: web}\nspec: {type: LoadBalancer, ports: [{port: 80}]}\n';
    const read = (conditions: string) => engineObjects(parseFile('x.yaml', `${service}---\n${slice(conditions)}`).documents);
    expect(read('{}').services.map((s) => s.endpoints)).toEqual([{serving: true, nodes: ['n2']}, {serving: false, nodes: []}]);
    expect(read('{ready: false, serving: true}').services[0]!.endpoints).toEqual({serving: true, nodes: ['n2']});
    expect(read('{ready: false}').services[0]!.endpoints).toEqual({serving: false, nodes: []});
    expect(engineObjects(parseFile('x.yaml', service).documents).endpointsKnown).toBeUndefined();
  });
});
