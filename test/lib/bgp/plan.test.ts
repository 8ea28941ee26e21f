// The BGP plan follows the real code (issue 12). Each case names the function of the module
// (deckhouse/deckhouse ee/modules/380-metallb: hooks/discovery_bgp.go handleBGP, hooks/migration_bgp.go migrateBGP,
// templates/controller/ipaddresspools.yaml, templates/speaker/bgp-advertisements.yaml, images/metallb/patches) or of
// MetalLB v0.15.2 (controller/service.go, internal/allocator, internal/config, speaker/bgp_controller.go,
// internal/bgp/native) whose behaviour it asserts.
import {describe, expect, it} from 'vitest';
import {bgpWorld} from '../../../src/lib/bgp/input.js';
import {planBgp} from '../../../src/lib/bgp/plan.js';
import {addressRoutes, bgpServicesJson} from '../../../src/lib/bgp/report.js';
import {parseFile} from '../../../src/lib/input/documents.js';

const pool = (name: string, addresses: string[], spec = '') => `apiVersion: network.deckhouse.io/v1alpha1\nkind: MetalLoadBalancerPool\nmetadata: {name: ${name}}\nspec: {addresses: ${JSON.stringify(addresses)}${spec}}\n---\n`;
const peer = (name: string, address: string, peerASN: number, extra = '') => `apiVersion: network.deckhouse.io/v1alpha1\nkind: MetalLoadBalancerBGPPeer\nmetadata: {name: ${name}}\nspec: {peerAddress: ${address}, peerASN: ${peerASN}, myASN: 65000${extra}}\n---\n`;
const config = (name: string, body: string) => `apiVersion: network.deckhouse.io/v1alpha1\nkind: MetalLoadBalancerConfiguration\nmetadata: {name: ${name}}\nspec:\n  mode: BGP\n${body}\n---\n`;
const node = (name: string, labels = '{}', extra = '') => `apiVersion: v1\nkind: Node\nmetadata: {name: ${name}, labels: ${labels}}\n${extra}---\n`;
const service = (name: string, extra = '', annotations = '{}') => `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: web, annotations: ${annotations}}\nspec: {type: LoadBalancer, ports: [{port: 80}]${extra}}\n---\n`;
const NODES = node('n1', '{role: edge}') + node('n2', '{role: edge}') + node('n3', '{role: app}');
const BASIC = pool('p1', ['192.0.2.0/29']) + peer('r-ibgp', '198.51.100.1', 65000) + peer('r-ebgp', '198.51.100.2', 65100) + NODES;

function run(text: string, options: {l2?: string[]} = {}) {
  const world = bgpWorld(parseFile('x.yaml', text).documents, {l2Handles: (ns, n) => (options.l2 ?? []).includes(`${ns}/${n}`)})!;
  const plan = planBgp(world.input);
  const json = bgpServicesJson(plan, world) as {name: string; status: string; pool: string | null; reason: string | null; metallbReason?: string; orderDependent: boolean; addresses: {ip: string; advertisedBy: {node: string; peer: string; prefix: string; communities: string[]; localPref: number | null}[]; advertisedByNote?: string}[]}[];
  const of = (name: string) => json.find((s) => s.name === name)!;
  return {world, plan, json, of};
}

describe('who advertises (speaker/bgp_controller.go ShouldAnnounce, SetBalancer, publishAds; native encodePathAttrs)', () => {
  const text = BASIC + config('edge', '  nodeSelector: {role: edge}\n  bgp: {peerNames: [r-ibgp, r-ebgp]}\n  advertisements:\n  - poolNames: [p1]\n    bgp: {communities: ["65000:100", "64512:7"], localPref: 150}') + service('a');

  it('every selected node sends the route to every peer session; LOCAL_PREF only on iBGP, communities in value order', () => {
    const a = run(text).of('a');
    expect(a.status).toBe('assigned');
    expect(a.addresses[0]!.ip).toBe('192.0.2.0');
    expect(a.addresses[0]!.advertisedBy.map((r) => `${r.node}>${r.peer}:${r.localPref}`)).toEqual(['n1>r-ebgp:null', 'n1>r-ibgp:150', 'n2>r-ebgp:null', 'n2>r-ibgp:150']);
    expect(a.addresses[0]!.advertisedBy[0]!.communities).toEqual(['64512:7', '65000:100']);
    expect(a.addresses[0]!.advertisedBy[0]!.prefix).toBe('192.0.2.0/32');
  });

  it('aggregationLength sets the prefix (SetBalancer masks the address); 0 is dropped by the template and means 32', () => {
    const agg = (n: number) => run(BASIC + config('edge', `  bgp: {peerNames: [r-ibgp]}\n  advertisements:\n  - poolNames: [p1]\n    bgp: {aggregationLength: ${n}}`) + service('a')).of('a').addresses[0]!.advertisedBy[0]!.prefix;
    expect(agg(29)).toBe('192.0.2.0/29');
    expect(agg(0)).toBe('192.0.2.0/32');
  });

  it('iBGP with no localPref sends LOCAL_PREF 0 (MetalLB sends the zero value), eBGP sends none', () => {
    const a = run(BASIC + config('edge', '  bgp: {peerNames: [r-ibgp, r-ebgp]}\n  advertisements:\n  - poolNames: [p1]') + service('a')).of('a');
    expect(new Set(a.addresses[0]!.advertisedBy.map((r) => r.localPref))).toEqual(new Set([0, null]));
  });

  it('a configuration without peerNames advertises to every session on its nodes, other configurations\' too (handleBGP renders no peers list: MatchesPeer)', () => {
    const a = run(BASIC + pool('p2', ['192.0.2.64/29']) + config('one', '  bgp: {peerNames: [r-ebgp]}\n  advertisements:\n  - poolNames: [p1]') + config('two', '  advertisements:\n  - poolNames: [p2]') + service('a', '', '{network.deckhouse.io/load-balancer-pool: p2}')).of('a');
    expect(a.addresses[0]!.advertisedBy.map((r) => `${r.node}>${r.peer}`)).toEqual(['n1>r-ebgp', 'n2>r-ebgp', 'n3>r-ebgp']);
  });

  it('sourceAddresses give that node its own session; other nodes use the fallback peer (handleBGP per-node peers, NotIn)', () => {
    const r = run(BASIC + peer('r-src', '198.51.100.3', 65100, ', sourceAddresses: [{nodeName: n1, address: 198.51.100.11}]') + config('edge', '  bgp: {peerNames: [r-src]}\n  advertisements:\n  - poolNames: [p1]') + service('a'));
    const routes = r.plan.services[0]!.addresses[0]!.routes.map((x) => `${x.node}>${x.session.name}`);
    expect(routes).toEqual(['n1>r-src-edge-node-n1', 'n2>r-src-edge', 'n3>r-src-edge']);
    expect(r.plan.services[0]!.addresses[0]!.routes[0]!.session.sourceAddress).toBe('198.51.100.11');
  });

  it('excluded and network-unavailable nodes do not advertise (k8snodes.IsNodeExcludedFromBalancers, IsNetworkUnavailable)', () => {
    const nodes = node('n1', '{node.kubernetes.io/exclude-from-external-load-balancers: ""}') + node('n2', '{}', 'status: {conditions: [{type: NetworkUnavailable, status: "True"}]}\n') + node('n3');
    const a = run(pool('p1', ['192.0.2.0/29']) + peer('r', '198.51.100.1', 65100) + nodes + config('c', '  bgp: {peerNames: [r]}\n  advertisements:\n  - poolNames: [p1]') + service('a')).of('a');
    expect(a.addresses[0]!.advertisedBy.map((r) => r.node)).toEqual(['n3']);
  });

  it('externalTrafficPolicy Local: only nodes with a ready endpoint; no ready endpoint: nobody (patched hasHealthyEndpoint)', () => {
    const slice = (ready: string) => `apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: s, namespace: web, labels: {kubernetes.io/service-name: a}}\nendpoints:\n- {addresses: [10.1.0.1], nodeName: n2, conditions: {ready: ${ready}}}\n---\n`;
    const base = BASIC + config('c', '  bgp: {peerNames: [r-ebgp]}\n  advertisements:\n  - poolNames: [p1]');
    expect(run(base + service('a', ', externalTrafficPolicy: Local') + slice('true')).of('a').addresses[0]!.advertisedBy.map((r) => r.node)).toEqual(['n2']);
    const none = run(base + service('a') + slice('false')).of('a');
    expect(none.status).toBe('assigned');
    expect(none.addresses[0]!.advertisedBy).toEqual([]);
    expect(none.addresses[0]!.advertisedByNote).toMatch(/no ready endpoint/);
  });
});

describe('which pool and address (controller/service.go allocateIPs; allocator Allocate, AllocateFromPool; patches 001, 005)', () => {
  const adv = config('c', '  bgp: {peerNames: [r-ebgp]}\n  advertisements:\n  - poolNames: [p1, p2]');
  const two = BASIC + pool('p2', ['192.0.2.64/29']) + adv;

  it('network.deckhouse.io/load-balancer-pool wins over metallb.io/address-pool, even empty (valueForAnnotation, patch 005)', () => {
    expect(run(two + service('a', '', '{network.deckhouse.io/load-balancer-pool: p2, metallb.io/address-pool: p1}')).of('a').pool).toBe('p2');
    const empty = run(two + service('a', '', '{network.deckhouse.io/load-balancer-pool: "", metallb.io/address-pool: p2}')).of('a');
    expect(empty.pool).toBe('p1');
    expect(empty.orderDependent).toBe(true);
  });

  it('network.deckhouse.io/load-balancer-ips wins over metallb.io/loadBalancerIPs, even empty (getDesiredLbIPs, patch 001)', () => {
    expect(run(two + service('a', '', '{network.deckhouse.io/load-balancer-ips: 192.0.2.66, metallb.io/loadBalancerIPs: 192.0.2.3}')).of('a').addresses[0]!.ip).toBe('192.0.2.66');
    expect(run(BASIC + adv + service('a', '', '{network.deckhouse.io/load-balancer-ips: "", metallb.io/loadBalancerIPs: 192.0.2.3}')).of('a').addresses[0]!.ip).toBe('192.0.2.0');
  });

  it('with two auto-assign pools the choice is not determined: orderDependent, and the other pool named', () => {
    const a = run(two + service('a')).json[0] as {orderDependent: boolean; otherPools?: string[]};
    expect(a.orderDependent).toBe(true);
    expect(a.otherPools).toEqual(['p2']);
  });

  it('avoidBuggyIPs skips .0 and .255 (getIPFromCIDR, ipConfusesBuggyFirmwares), and refuses them when requested (poolFor)', () => {
    const text = pool('p1', ['192.0.2.255/32', '198.51.100.0/31'], ', avoidBuggyIPs: true') + peer('r', '203.0.113.1', 65100) + NODES + config('c', '  bgp: {peerNames: [r]}\n  advertisements:\n  - poolNames: [p1]');
    expect(run(text + service('a')).of('a').addresses[0]!.ip).toBe('198.51.100.1');
    const asked = run(text + service('a', '', '{network.deckhouse.io/load-balancer-ips: 192.0.2.255}')).of('a');
    expect(asked.status).toBe('pending');
    expect(asked.metallbReason).toBe('["192.0.2.255"] is not allowed in config');
  });

  it('autoAssign: false renders as true: the template writes `autoAssign | default true`, and Helm\'s default takes false for unset', () => {
    const text = pool('p1', ['192.0.2.0/31'], ', autoAssign: false') + peer('r', '198.51.100.1', 65100) + NODES + config('c', '  bgp: {peerNames: [r]}\n  advertisements:\n  - poolNames: [p1]');
    expect(run(text + service('a')).of('a').pool).toBe('p1');
  });

  it('an address in status stays; a changed request releases it for the requested one (convergeBalancer)', () => {
    const status = ', clusterIP: 10.96.0.10}\nstatus: {loadBalancer: {ingress: [{ip: 192.0.2.5}]}'; // status after spec
    const kept = run(BASIC + adv + service('a', status)).of('a');
    expect(kept.addresses[0]!.ip).toBe('192.0.2.5');
    const moved = run(BASIC + adv + service('a', status, '{network.deckhouse.io/load-balancer-ips: 192.0.2.6}')).of('a');
    expect(moved.addresses[0]!.ip).toBe('192.0.2.6');
  });

  it('a request of the other family is refused with MetalLB\'s words (allocateIPs)', () => {
    const a = run(BASIC + adv + service('a', '', '{network.deckhouse.io/load-balancer-ips: "2001:db8::1"}')).of('a');
    expect(a.metallbReason).toBe('requested loadBalancer IP(s) ["2001:db8::1"] does not match the ipFamily of the service');
  });

  it('sharing: the network.deckhouse.io key wins; equal keys share an address when ports differ (SharingKey, checkSharing)', () => {
    const share = '{network.deckhouse.io/load-balancer-shared-ip-key: k, metallb.io/allow-shared-ip: other}';
    const r = run(BASIC + adv + service('a', '', share) + `apiVersion: v1\nkind: Service\nmetadata: {name: b, namespace: web, annotations: {metallb.io/allow-shared-ip: k}}\nspec: {type: LoadBalancer, ports: [{port: 443}]}\n---\n`);
    expect(r.of('a').addresses[0]!.ip).toBe('192.0.2.0');
    expect(r.of('b').addresses[0]!.ip).toBe('192.0.2.0');
  });

  it('with settings.loadBalancerClass, Services without it are ignored (filterByLoadBalancerClass)', () => {
    const mc = 'apiVersion: deckhouse.io/v1alpha1\nkind: ModuleConfig\nmetadata: {name: metallb}\nspec: {version: 3, settings: {loadBalancerClass: bgp}}\n---\n';
    const r = run(mc + BASIC + adv + service('a') + service('b', ', loadBalancerClass: bgp'));
    expect(r.of('a').status).toBe('ignored');
    expect(r.of('b').status).toBe('assigned');
  });
});

describe('rejections are split (pool_controller.go reads only pools; the speaker reads everything)', () => {
  it('a BGP pool overlapping a class stops the controller: nothing new is assigned (poolsFor)', () => {
    const klass = 'apiVersion: network.deckhouse.io/v1alpha1\nkind: MetalLoadBalancerClass\nmetadata: {name: lb}\nspec: {addressPool: [192.0.2.4/30]}\n---\n';
    const r = run(BASIC + klass + config('c', '  bgp: {peerNames: [r-ebgp]}\n  advertisements:\n  - poolNames: [p1]') + service('a'));
    expect(r.of('a').status).toBe('pending');
    // Pools in name order, as MetalLB lists them: the class lb comes first.
    expect(r.of('a').metallbReason).toBe('CIDR "192.0.2.0/29" in pool "p1" overlaps with already defined CIDR "192.0.2.4/30"');
    expect(r.plan.controllerRejection).toBeDefined();
  });

  it('a community name without a Community object: assigned, not advertised (getCommunityValue)', () => {
    const r = run(BASIC + config('c', '  bgp: {peerNames: [r-ebgp]}\n  advertisements:\n  - poolNames: [p1]\n    bgp: {communities: [no-export]}') + service('a'));
    expect(r.of('a').status).toBe('assigned');
    expect(r.of('a').addresses[0]!.advertisedBy).toEqual([]);
    expect(r.plan.speakerRejection?.metallbMessage).toBe('invalid community format: no-export\ninvalid community "no-export" in BGP advertisement');
  });

  it('an IPv6 pool in an advertisement (findIPv6BGPAdvertisement)', () => {
    const r = run(pool('p1', ['192.0.2.0/30', '2001:db8::/126']) + peer('r', '198.51.100.1', 65100) + NODES + config('c', '  bgp: {peerNames: [r]}\n  advertisements:\n  - poolNames: [p1]') + service('a'));
    expect(r.plan.speakerRejection?.metallbMessage).toBe('pool "p1" has ipv6 CIDR 2001:db8::/126, native bgp mode does not support ipv6');
  });

  it('an aggregation length shorter than a range pool\'s blocks (validateBGPAdvPerPool)', () => {
    const r = run(pool('p1', ['192.0.2.10-192.0.2.20']) + peer('r', '198.51.100.1', 65100) + NODES + config('c', '  bgp: {peerNames: [r]}\n  advertisements:\n  - poolNames: [p1]\n    bgp: {aggregationLength: 28}') + service('a'));
    expect(r.plan.speakerRejection?.metallbMessage).toBe('invalid aggregation length 28: prefix 30 in this pool is more specific than the aggregation length for addresses 192.0.2.10-192.0.2.20');
  });

  it('a password Secret without the password key rejects; an unlabelled one never reaches the hook: no MD5 (passwordFromSecretForPeer, handleBGP)', () => {
    const secret = (labels: string, data: string) => `apiVersion: v1\nkind: Secret\nmetadata: {name: pw, namespace: d8-metallb, labels: ${labels}}\ndata: ${data}\n---\n`;
    const text = (s: string) => pool('p1', ['192.0.2.0/30']) + peer('r', '198.51.100.1', 65100, ', passwordSecretRef: {name: pw, namespace: d8-metallb}') + NODES + s + config('c', '  bgp: {peerNames: [r]}\n  advertisements:\n  - poolNames: [p1]') + service('a');
    const noKey = run(text(secret('{network.deckhouse.io/metallb-bgp-password: "true"}', '{pass: eA==}')));
    expect(noKey.plan.speakerRejection?.metallbMessage).toMatch(/^parsing peer r-c password not specified in the secret "d8-metallb"\/"bgp-pwd-d8-metallb-pw"/);
    const unlabelled = run(text(secret('{}', '{password: eA==}')));
    expect(unlabelled.plan.speakerRejection).toBeUndefined();
    expect(unlabelled.world.input.metallb.skipped).toContainEqual({code: 'secret-not-found', peer: 'r', secret: 'd8-metallb/pw', reason: 'unlabelled'});
    expect(unlabelled.world.input.metallb.peers[0]!.passwordSecret).toBeUndefined();
  });

  it('a configuration whose mode is not BGP is skipped (handleBGP): its pools are assigned, not advertised', () => {
    const r = run(BASIC + 'apiVersion: network.deckhouse.io/v1alpha1\nkind: MetalLoadBalancerConfiguration\nmetadata: {name: c}\nspec: {mode: L2, bgp: {peerNames: [r-ebgp]}, advertisements: [{poolNames: [p1]}]}\n---\n' + service('a'));
    expect(r.of('a').addresses[0]!.advertisedBy).toEqual([]);
    expect(r.of('a').addresses[0]!.advertisedByNote).toBe('no configuration advertises pool p1');
  });
});

describe('version 2 settings, planned after the module\'s migration (migrateBGP)', () => {
  const mc = `apiVersion: deckhouse.io/v1alpha1
kind: ModuleConfig
metadata: {name: metallb}
spec:
  version: 2
  settings:
    speaker: {nodeSelector: {role: edge}}
    bgpCommunities: {mine: "65000:1"}
    bgpPeers:
    - {peer-address: 198.51.100.1, peer-asn: 65000, my-asn: 65000, password: secret}
    addressPools:
    - {name: legacy, protocol: bgp, addresses: [192.0.2.0/30], auto-assign: false, bgp-advertisements: [{communities: [mine, bad], localpref: 50}]}
---
`;
  it('peers peer-<i>, configuration migrated-bgp on the speaker nodeSelector, communities mapped, drops listed', () => {
    const r = run(mc + NODES + service('a'));
    const a = r.of('a');
    expect(a.pool).toBe('legacy');
    expect(a.addresses[0]!.advertisedBy.map((x) => `${x.node}>${x.peer}:${x.localPref}:${x.communities.join()}`)).toEqual(['n1>peer-0:50:65000:1', 'n2>peer-0:50:65000:1']);
    const dropped = r.world.objects.migration!.dropped.map((d) => d.path.join('.'));
    expect(dropped).toEqual(['addressPools.0.auto-assign', 'bgpPeers.0.password', 'addressPools.0.bgp-advertisements.0.communities.1']);
  });

  it('objects that exist already are left alone (existing_pools, existing_peers, existing_configs)', () => {
    const r = run(mc + pool('legacy', ['203.0.113.0/30']) + NODES + service('a'));
    expect(r.of('a').addresses[0]!.ip).toBe('203.0.113.0');
    expect(r.world.objects.migration!.kept).toEqual(['MetalLoadBalancerPool legacy']);
  });
});

describe('routes as the session keeps them', () => {
  it('one route per (node, session, prefix): two advertisements aggregating to one prefix send it once', () => {
    const r = run(BASIC + config('c', '  bgp: {peerNames: [r-ebgp]}\n  nodeSelector: {role: edge}\n  advertisements:\n  - poolNames: [p1]\n    bgp: {aggregationLength: 29}\n  - poolNames: [p1]\n    bgp: {aggregationLength: 29, communities: ["1:1"]}') + service('a') + service('b'));
    expect(addressRoutes(r.plan.services[0]!.addresses[0]!).map((x) => `${x.node}:${x.prefix}`)).toEqual(['n1:192.0.2.0/29', 'n2:192.0.2.0/29']);
  });
});
