// The engine's decisions, story by story. Expected addresses are written out; expected nodes are ranked here with
// node:crypto directly (not with the engine's helpers).
import {createHash} from 'node:crypto';
import {describe, expect, it} from 'vitest';
import {plan} from '../../../src/lib/allocator/engine.js';
import type {EngineClass, EngineNode, EngineService} from '../../../src/lib/allocator/types.js';
import {Pool} from '../../../src/lib/net/index.js';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const rank = (klass: string, nodes: string[]) => [...nodes].sort((a, b) => sha(`${klass}#${a}`).localeCompare(sha(`${klass}#${b}`)));
const fallback = (nodes: string[], ip: string) => [...nodes].sort((a, b) => sha(`${a}#${ip}`).localeCompare(sha(`${b}#${ip}`)))[0];

const klass = (name: string, pools: string[], extra: Partial<EngineClass> = {}): EngineClass => ({name, pool: Pool.parse(pools), isDefault: false, ...extra});
const node = (name: string, labels: Record<string, string> = {lb: ''}, extra: Partial<EngineNode> = {}): EngineNode => ({name, labels, ...extra});
const svc = (name: string, extra: Partial<EngineService> = {}): EngineService => ({namespace: 'web', name, ports: [{port: 80, protocol: 'TCP'}], specClass: 'ingress', ...extra});
const NODES = [node('n1'), node('n2'), node('n3')];
const INGRESS = klass('ingress', ['192.168.2.100-192.168.2.150'], {nodeSelector: {lb: ''}});
const ips = (p: ReturnType<typeof plan>, name: string) => p.services.find((s) => s.name === name)!.addresses.map((a) => a.ip);

describe('the documentation\'s L2 example', () => {
  it('gives 192.168.2.100, .101, .102, each preferred by the node the class hash ranks at i mod n', () => {
    const result = plan({classes: [INGRESS], nodes: NODES, services: [svc('nginx-deployment', {countAnnotation: '3'})]});
    const order = rank('ingress', ['n1', 'n2', 'n3']);
    expect(result.services[0]).toMatchObject({class: 'ingress', classSource: 'spec', status: 'assigned', reason: null});
    expect(result.services[0]!.addresses).toEqual([0, 1, 2].map((i) => ({
      index: i, ip: `192.168.2.${100 + i}`, source: 'first-free', preferredNode: order[i], announcer: order[i],
    })));
    expect(result.classes).toEqual([{name: 'ingress', size: 51n, used: 3n, nodes: order}]);
  });
});

describe('class resolution', () => {
  const classes = [klass('ingress', ['192.0.2.0/28']), klass('other', ['198.51.100.0/28']), klass('fallback', ['203.0.113.0/28'], {isDefault: true})];
  it.each([
    ['the default class when none is named', {specClass: undefined}, 'fallback', 'default'],
    ['the annotation over the default', {specClass: undefined, annotationClass: 'other'}, 'other', 'annotation'],
    ['spec.loadBalancerClass over the annotation', {specClass: 'ingress', annotationClass: 'other'}, 'ingress', 'spec'],
    ['the default when spec names a class that does not exist', {specClass: 'nope'}, 'fallback', 'default'],
    ['the binding over everything', {specClass: 'ingress', boundClass: 'other'}, 'other', 'binding'],
  ])('picks %s', (_, extra, expected, source) => {
    const result = plan({classes, nodes: NODES, services: [svc('s', extra)]});
    expect(result.services[0]).toMatchObject({class: expected, classSource: source, status: 'assigned'});
  });

  it('takes the last of several default classes, as the module does', () => {
    const result = plan({classes: [klass('a', ['192.0.2.0/28'], {isDefault: true}), klass('b', ['198.51.100.0/28'], {isDefault: true})], nodes: NODES, services: [svc('s', {specClass: undefined})]});
    expect(result.services[0]!.class).toBe('b');
  });

  it.each([
    ['a bound class that was deleted', {boundClass: 'gone'}, 'bound-class-deleted'],
    ['no class and no default', {specClass: 'nope'}, 'no-class'],
  ])('skips the Service for %s', (_, extra, code) => {
    const result = plan({classes: [klass('ingress', ['192.0.2.0/28'])], nodes: NODES, services: [svc('s', extra)]});
    expect(result.services[0]).toMatchObject({status: 'pending', reason: {code}});
    expect(result.classes[0]!.used).toBe(0n);
  });

  it('skips a Service whose class selects no node', () => {
    const result = plan({classes: [klass('ingress', ['192.0.2.0/28'], {nodeSelector: {role: 'lb'}})], nodes: NODES, services: [svc('s')]});
    expect(result.services[0]).toMatchObject({status: 'pending', reason: {code: 'no-nodes', class: 'ingress'}});
  });
});

describe('address choice', () => {
  it.each([
    ['garbage', 'three', 1], ['zero', '0', 1], ['one', '1', 1], ['a plus sign (Go\'s Atoi accepts it)', '+3', 3], ['four', '4', 4],
  ])('reads a count of %s as %i', (_, annotation, count) => {
    const result = plan({classes: [INGRESS], nodes: NODES, services: [svc('s', {countAnnotation: annotation})]});
    expect(result.services[0]!.addresses).toHaveLength(count);
  });

  it('scans pool entries in their written order, each from its lowest address', () => {
    const result = plan({classes: [klass('ingress', ['192.0.2.200-192.0.2.201', '192.0.2.1-192.0.2.2'])], nodes: NODES, services: [svc('a', {countAnnotation: '3'})]});
    expect(ips(result, 'a')).toEqual(['192.0.2.200', '192.0.2.201', '192.0.2.1']);
  });

  it('keeps addresses from status first (a later Service keeps its address), then fills the rest in name order', () => {
    const result = plan({classes: [INGRESS], nodes: NODES, services: [svc('b', {statusIps: ['192.168.2.100']}), svc('a', {countAnnotation: '2'}), svc('c')]});
    expect(ips(result, 'b')).toEqual(['192.168.2.100']);
    expect(ips(result, 'a')).toEqual(['192.168.2.101', '192.168.2.102']);
    expect(ips(result, 'c')).toEqual(['192.168.2.103']);
    expect(result.services.find((s) => s.name === 'b')!.addresses[0]!.source).toBe('status');
  });

  it('gives requested addresses by index and ignores the extras beyond the count', () => {
    const result = plan({classes: [INGRESS], nodes: NODES, services: [svc('a', {countAnnotation: '2', requestedIps: '192.168.2.140,192.168.2.141,192.168.2.142'})]});
    expect(ips(result, 'a')).toEqual(['192.168.2.140', '192.168.2.141']);
  });

  it.each([
    ['that is not an address', '192.168.2.140,192.168.2.1x', 1, 'requested-invalid'],
    ['outside the pool', '192.168.2.140,192.168.3.1', 1, 'requested-outside-pool'],
  ])('leaves an index pending for a requested address %s', (_, requested, index, code) => {
    const result = plan({classes: [INGRESS], nodes: NODES, services: [svc('a', {countAnnotation: '2', requestedIps: requested})]});
    expect(result.services[0]).toMatchObject({status: 'partial', reason: {code}});
    expect(result.services[0]!.addresses[index]!.ip).toBeNull();
  });

  it('refuses a requested address another Service holds without a common key', () => {
    const result = plan({classes: [INGRESS], nodes: NODES, services: [svc('a'), svc('b', {requestedIps: '192.168.2.100'})]});
    expect(result.services[1]).toMatchObject({status: 'pending', reason: {code: 'requested-taken', ip: '192.168.2.100', holder: 'web/a'}});
  });

  it('reports an exhausted pool with the numbers', () => {
    const result = plan({classes: [klass('ingress', ['192.0.2.0/31'])], nodes: NODES, services: [svc('a'), svc('b', {countAnnotation: '2'})]});
    expect(ips(result, 'b')).toEqual(['192.0.2.1', null]);
    expect(result.services[1]!.reason).toMatchObject({code: 'pool-exhausted', requested: 2, size: '2', used: '2'});
  });

  it('works in an IPv6 /64 without enumerating it', () => {
    const result = plan({classes: [klass('v6', ['2001:db8::/64'])], nodes: NODES, services: [svc('a', {specClass: 'v6', family: 6, countAnnotation: '2', statusIps: ['2001:db8::ffff:ffff:ffff:fffe']})]});
    expect(ips(result, 'a')).toEqual(['2001:db8::ffff:ffff:ffff:fffe', '2001:db8::']);
    expect(result.classes[0]!.size).toBe(2n ** 64n);
  });
});

describe('IP sharing by key', () => {
  const key = 'network-key';
  it('puts Services with one key and different ports on the same addresses', () => {
    const result = plan({classes: [INGRESS], nodes: NODES, services: [svc('a', {sharingKey: key}), svc('b', {sharingKey: key, ports: [{port: 443, protocol: 'TCP'}]})]});
    expect(ips(result, 'b')).toEqual(ips(result, 'a'));
    expect(result.services[1]!.addresses[0]!.source).toBe('shared');
  });

  it('gives a new address when the ports collide, and refuses a requested one with the rule', () => {
    const auto = plan({classes: [INGRESS], nodes: NODES, services: [svc('a', {sharingKey: key}), svc('b', {sharingKey: key})]});
    expect(ips(auto, 'b')).toEqual(['192.168.2.101']);
    const requested = plan({classes: [INGRESS], nodes: NODES, services: [svc('a', {sharingKey: key}), svc('b', {sharingKey: key, requestedIps: '192.168.2.100'})]});
    expect(requested.services[1]!.reason).toMatchObject({code: 'sharing-refused', rule: 'port-collision', holder: 'web/a'});
  });

  it('refuses to share under externalTrafficPolicy Local when the selectors differ', () => {
    const local = {sharingKey: key, externalTrafficPolicy: 'Local' as const};
    const result = plan({classes: [INGRESS], nodes: NODES, services: [
      svc('a', {...local, selector: {app: 'a'}}),
      svc('b', {...local, selector: {app: 'b'}, ports: [{port: 443, protocol: 'TCP'}], requestedIps: '192.168.2.100'}),
      svc('c', {...local, selector: {app: 'a'}, ports: [{port: 8443, protocol: 'TCP'}]}),
    ]});
    expect(result.services[1]!.reason).toMatchObject({code: 'sharing-refused', rule: 'selector-mismatch'});
    expect(ips(result, 'c')).toEqual(['192.168.2.100']);
  });
});

describe('announcing node', () => {
  const ip = '192.168.2.100';
  const preferred = rank('ingress', ['n1', 'n2', 'n3'])[0]!;
  const others = ['n1', 'n2', 'n3'].filter((n) => n !== preferred);

  it.each([
    ['NetworkUnavailable', (n: EngineNode) => (n.name === preferred ? {...n, networkUnavailable: true} : n), undefined],
    ['the exclude-from-external-load-balancers label', (n: EngineNode) => (n.name === preferred ? {...n, labels: {...n.labels, 'node.kubernetes.io/exclude-from-external-load-balancers': ''}} : n), undefined],
    ['a drain', (n: EngineNode) => n, new Set([preferred])],
  ])('falls back to the lowest sha256(node#ip) among available nodes when the preferred one has %s', (_, change, unavailable) => {
    const result = plan({classes: [INGRESS], nodes: NODES.map(change), services: [svc('a')], ...(unavailable ? {unavailable} : {})});
    expect(result.services[0]!.addresses[0]).toMatchObject({ip, preferredNode: preferred, announcer: fallback(others, ip)});
  });

  it('has no announcer when no node of the class is available', () => {
    const result = plan({classes: [INGRESS], nodes: NODES, services: [svc('a')], unavailable: new Set(['n1', 'n2', 'n3'])});
    expect(result.services[0]!.addresses[0]).toMatchObject({ip, announcer: null});
  });
});

describe('purity', () => {
  it('does not change its input', () => {
    const services = [svc('a', {countAnnotation: '2', statusIps: ['192.168.2.120']})];
    const copy = structuredClone(services);
    plan({classes: [INGRESS], nodes: NODES, services});
    expect(services).toEqual(copy);
  });
});

describe('what-if additions', () => {
  it('plans later Services after all others, so the existing plan does not change', () => {
    const existing = [svc('m'), svc('z')];
    const before = plan({classes: [INGRESS], nodes: NODES, services: existing});
    const after = plan({classes: [INGRESS], nodes: NODES, services: existing, later: [svc('a', {countAnnotation: '2'})]});
    // The same addresses and nodes; only the list of who competes for free addresses grows.
    const withoutCompetition = (services: typeof before.services) => services.map(({competition: _, ...rest}) => rest);
    expect(withoutCompetition(after.services.slice(0, 2))).toEqual(withoutCompetition(before.services));
    expect(after.services[0]!.competition!.services).toEqual(['web/m', 'web/z', 'web/a']);
    expect(ips(after, 'a')).toEqual(['192.168.2.102', '192.168.2.103']);
  });
});
