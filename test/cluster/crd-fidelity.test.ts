// Lint's schema rules accept exactly what the API server accepts, with the module's real CRDs installed
// (test/fixtures/crds/crds.yaml, written from deckhouse/deckhouse ee/se/modules/380-metallb/crds/): every object
// below — variants around each field's limits, the known differences of issue 11, and what the generators write —
// is created with dryRun=All and fieldValidation=Strict (kubectl apply's default), and the API server's verdict is
// compared with lint's schema-violation, unknown-field and class-type findings.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {stringify} from 'yaml';
import {type ControlPlane, startControlPlane} from '../harness/control-plane.js';
import {metallb} from '../helpers/cli.js';
import {parseAllDocuments} from 'yaml';
import {lint} from '../../src/lib/lint/lint.js';
import {CASES as LINT_CASES} from '../fixtures/lint-cases.js';

let plane: ControlPlane;
beforeAll(async () => {
  plane = await startControlPlane();
}, 120_000);
afterAll(async () => plane?.stop());

const PLURAL: Record<string, string> = {
  MetalLoadBalancerClass: 'metalloadbalancerclasses',
  MetalLoadBalancerPool: 'metalloadbalancerpools',
  MetalLoadBalancerBGPPeer: 'metalloadbalancerbgppeers',
  MetalLoadBalancerConfiguration: 'metalloadbalancerconfigurations',
};

const object = (kind: string, spec: unknown) => ({apiVersion: 'network.deckhouse.io/v1alpha1', kind, metadata: {name: 'x'}, spec});
const PEER = {peerAddress: '192.0.2.1', peerASN: 64512, myASN: 64513};

const CASES: [string, Record<string, unknown>][] = [
  // MetalLoadBalancerClass
  ['class: the documentation\'s', object('MetalLoadBalancerClass', {isDefault: true, type: 'L2', addressPool: ['192.0.2.0/24', '192.0.2.10-192.0.2.20'], nodeSelector: {role: 'lb'}, l2: {interfaces: ['eth1']}})],
  ['class: type BGP', object('MetalLoadBalancerClass', {type: 'BGP', addressPool: ['192.0.2.0/24']})],
  ['class: tolerations', object('MetalLoadBalancerClass', {addressPool: ['192.0.2.0/24'], tolerations: [{key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 5}]})],
  ['class: an unknown field', object('MetalLoadBalancerClass', {addressPool: ['192.0.2.0/24'], adressPool: ['192.0.2.0/24']})],
  ['class: isDefault as a string', object('MetalLoadBalancerClass', {isDefault: 'true'})],
  ['class: nodeSelector value a number', object('MetalLoadBalancerClass', {nodeSelector: {role: 1}})],
  // MetalLoadBalancerPool
  ['pool: a CIDR and a range', object('MetalLoadBalancerPool', {addresses: ['192.0.2.0/24', '198.51.100.10-198.51.100.20'], autoAssign: false, avoidBuggyIPs: true})],
  ['pool: IPv6', object('MetalLoadBalancerPool', {addresses: ['2001:db8::/64']})],
  ['pool: a range with spaces', object('MetalLoadBalancerPool', {addresses: ['198.51.100.10 - 198.51.100.20']})],
  ['pool: a single address', object('MetalLoadBalancerPool', {addresses: ['192.0.2.1']})],
  ['pool: /33', object('MetalLoadBalancerPool', {addresses: ['192.0.2.0/33']})],
  ['pool: no addresses', object('MetalLoadBalancerPool', {addresses: []})],
  ['pool: addresses missing', object('MetalLoadBalancerPool', {autoAssign: true})],
  // MetalLoadBalancerBGPPeer
  ['peer: the minimum', object('MetalLoadBalancerBGPPeer', PEER)],
  ['peer: everything', object('MetalLoadBalancerBGPPeer', {...PEER, peerPort: 17000, routerID: '192.0.2.9', holdTime: '1m30s', passwordSecretRef: {name: 's', namespace: 'd8-metallb'}, sourceAddresses: [{nodeName: 'n1', address: '192.0.2.5'}], bfd: {receiveInterval: 300, echoMode: false}})],
  ['peer: port 0', object('MetalLoadBalancerBGPPeer', {...PEER, peerPort: 0})],
  ['peer: port 65536', object('MetalLoadBalancerBGPPeer', {...PEER, peerPort: 65536})],
  ['peer: ASN 0', object('MetalLoadBalancerBGPPeer', {...PEER, peerASN: 0})],
  ['peer: ASN 2^32', object('MetalLoadBalancerBGPPeer', {...PEER, myASN: 4294967296})],
  ['peer: an IPv6 peer address', object('MetalLoadBalancerBGPPeer', {...PEER, peerAddress: '2001:db8::1'})],
  ['peer: a peer address that is no address', object('MetalLoadBalancerBGPPeer', {...PEER, peerAddress: 'router-1'})],
  ['peer: hold time 90', object('MetalLoadBalancerBGPPeer', {...PEER, holdTime: '90'})],
  ['peer: passwordSecretRef without namespace', object('MetalLoadBalancerBGPPeer', {...PEER, passwordSecretRef: {name: 's'}})],
  ['peer: sourceAddresses without address', object('MetalLoadBalancerBGPPeer', {...PEER, sourceAddresses: [{nodeName: 'n1'}]})],
  ['peer: an IPv6 source address', object('MetalLoadBalancerBGPPeer', {...PEER, sourceAddresses: [{nodeName: 'n1', address: '2001:db8::5'}]})],
  ['peer: peerASN missing', object('MetalLoadBalancerBGPPeer', {peerAddress: '192.0.2.1', myASN: 1})],
  ['peer: an unknown bfd field', object('MetalLoadBalancerBGPPeer', {...PEER, bfd: {interval: 5}})],
  // MetalLoadBalancerConfiguration
  ['configuration: the full form', object('MetalLoadBalancerConfiguration', {mode: 'BGP', nodeSelector: {a: 'b'}, bgp: {peerNames: ['p']}, advertisements: [{poolNames: ['bgp'], bgp: {communities: ['64512:1', 'no-export'], localPref: 100, aggregationLength: 32}}]})],
  ['configuration: poolNames empty', object('MetalLoadBalancerConfiguration', {mode: 'BGP', advertisements: [{poolNames: []}]})],
  ['configuration: poolNames missing', object('MetalLoadBalancerConfiguration', {mode: 'BGP', advertisements: [{}]})],
  ['configuration: mode L2', object('MetalLoadBalancerConfiguration', {mode: 'L2'})],
  ['configuration: a community that is no community', object('MetalLoadBalancerConfiguration', {mode: 'BGP', advertisements: [{poolNames: ['a'], bgp: {communities: ['64512']}}]})],
  ['configuration: aggregationLength 129', object('MetalLoadBalancerConfiguration', {mode: 'BGP', advertisements: [{poolNames: ['a'], bgp: {aggregationLength: 129}}]})],
];

async function serverAccepts(doc: Record<string, unknown>): Promise<{accepted: boolean; why: string}> {
  const r = await plane.request('POST', `/apis/network.deckhouse.io/v1alpha1/${PLURAL[doc.kind as string]}?dryRun=All&fieldValidation=Strict`, doc);
  return {accepted: r.status === 201, why: `${r.status} ${JSON.stringify((r.body as {message?: string}).message ?? '')}`};
}

function lintAccepts(doc: Record<string, unknown>): {accepted: boolean; why: string} {
  // class-type reports the CRD's enum on a class's type (schema-violation leaves that one to it).
  const findings = lint([{file: 'x.yaml', text: stringify(doc)}]).diagnostics.filter((d) => ['schema-violation', 'unknown-field', 'class-type'].includes(d.rule));
  return {accepted: findings.length === 0, why: findings.map((d) => `${d.rule}: ${d.message}`).join('; ')};
}

describe('lint\'s schemas are the API server\'s, with the module\'s CRDs', () => {
  it.each(CASES)('%s', async (_, doc) => {
    const server = await serverAccepts(doc);
    const ours = lintAccepts(doc);
    expect({accepted: ours.accepted, lint: ours.why}).toEqual({accepted: server.accepted, lint: expect.any(String)});
  });

  it('every object of the module\'s kinds among the lint rule cases gets the same verdict from both', async () => {
    // Cases of the reading rules (an alias bomb, broken YAML) are not objects: skipped.
    const read = (text: string): Record<string, unknown>[] => {
      try {
        return parseAllDocuments(text).map((d) => d.toJS() as Record<string, unknown>);
      } catch {
        return [];
      }
    };
    const objects = LINT_CASES.flatMap((c) => [c.bad, c.good]).flatMap(read)
      .filter((doc) => doc && typeof doc === 'object' && typeof doc.kind === 'string' && PLURAL[doc.kind] !== undefined);
    expect(objects.length).toBeGreaterThan(20);
    const disagreements: string[] = [];
    for (const doc of objects) {
      const [server, ours] = [await serverAccepts(doc), lintAccepts(doc)];
      if (server.accepted !== ours.accepted) disagreements.push(`${JSON.stringify(doc.spec)}: API server ${server.why}, lint ${ours.why || 'accepts'}`);
    }
    expect(disagreements).toEqual([]);
  });

  it('the class init writes is accepted by both', async () => {
    const r = await metallb('init', '--no-input', '--pool', '192.0.2.0/28', '--node-selector', 'role=lb', '--interface', 'eth1', '--default', '-o', 'yaml');
    expect(r.code).toBe(0);
    const classes = parseAllDocuments(r.stdout).map((d) => d.toJS() as Record<string, unknown>).filter((d) => d?.kind === 'MetalLoadBalancerClass');
    expect(classes).toHaveLength(1);
    expect(await serverAccepts(classes[0]!)).toMatchObject({accepted: true});
    expect(lintAccepts(classes[0]!)).toMatchObject({accepted: true});
  });

  it('every class the generator writes is accepted by both', async () => {
    for (const args of [['--pool', '192.0.2.0/24'], ['--pool', '192.0.2.10-192.0.2.20', '--default', '--node-selector', 'role=lb', '--interface', 'eth1']]) {
      const r = await metallb('class', 'create', 'gen', ...args, '--dry-run=client', '-o', 'json');
      expect(r.code).toBe(0);
      const doc = JSON.parse(r.stdout);
      expect(await serverAccepts(doc)).toMatchObject({accepted: true});
      expect(lintAccepts(doc)).toMatchObject({accepted: true});
    }
  });

  it('every BGP object the generators and the migration write is accepted by both', async () => {
    const runs = [
      ['bgp', 'pool', 'create', 'gen', '--addresses', '192.0.2.0/27', '--addresses', '198.51.100.10-198.51.100.20', '--avoid-buggy-ips', '--no-auto-assign'],
      ['bgp', 'peer', 'create', 'gen', '--peer-address', '192.0.2.1', '--peer-asn', '64601', '--my-asn', '64600', '--hold-time', '9s', '--peer-port', '1179', '--router-id', '192.0.2.9', '--source-address', 'n1=192.0.2.11', '--password-secret', 'd8-metallb/pw'],
      ['bgp', 'config', 'create', 'gen', '--pool', 'a', '--pool', 'b', '--peer', 'r1', '--node-selector', 'role=edge', '--community', '65000:100', '--local-pref', '150', '--aggregation-length', '24'],
      ['migrate', '--to', '3', '-f', 'test/fixtures/bgp/moduleconfig-v2.yaml'],
    ];
    let checked = 0;
    for (const args of runs) {
      const r = await metallb(...args, '--dry-run=client', '-o', 'yaml');
      expect(r.code, r.stderr).toBe(0);
      for (const doc of parseAllDocuments(r.stdout).map((d) => d.toJS() as Record<string, unknown>)) {
        if (PLURAL[doc.kind as string] === undefined) continue;
        expect(await serverAccepts(doc), JSON.stringify(doc)).toMatchObject({accepted: true});
        expect(lintAccepts(doc)).toMatchObject({accepted: true});
        checked++;
      }
    }
    expect(checked).toBe(6);
  });

  it('the internal SDNInternalL2LBService as the module renders it is accepted, and one without serviceRef is not', async () => {
    // templates/l2lb/l2lbservice/l2lbservice.yaml, for one address of a Service web in class ingress.
    const rendered = {
      apiVersion: 'internal.network.deckhouse.io/v1alpha1', kind: 'SDNInternalL2LBService',
      metadata: {name: 'web-ingress-0', namespace: 'default', labels: {heritage: 'deckhouse', module: 'metallb', 'parent-service': 'web'}, annotations: {'metallb.io/preferredL2SpeakerNode': 'n1', 'metallb.io/address-pool': 'ingress'}},
      spec: {clusterIP: '10.96.0.10', serviceRef: {name: 'web', namespace: 'default'}, ports: [{port: 80, protocol: 'TCP', targetPort: 8080}], externalTrafficPolicy: 'Cluster', internalTrafficPolicy: 'Cluster', publishNotReadyAddresses: false, selector: {app: 'web'}, type: 'LoadBalancer', loadBalancerClass: 'l2-load-balancer-class.network.deckhouse.io'},
    };
    const path = '/apis/internal.network.deckhouse.io/v1alpha1/namespaces/default/sdninternall2lbservices?dryRun=All&fieldValidation=Strict';
    expect((await plane.request('POST', path, rendered)).status).toBe(201);
    const broken = {...rendered, spec: {...rendered.spec, serviceRef: {namespace: 'default'}}};
    expect((await plane.request('POST', path, broken)).status).toBe(422);
  });
});
