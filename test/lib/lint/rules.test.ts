// Every rule: a manifest that fires it (at an exact line and column) and one that does not.
// The line is the one marked "# here"; the column is given.
import {describe, expect, it} from 'vitest';
import {lint} from '../../../src/lib/lint/lint.js';
import {RULES} from '../../../src/lib/lint/registry.js';

const CLASS = (name: string, pool: string, extra = '') => `apiVersion: network.deckhouse.io/v1alpha1
kind: MetalLoadBalancerClass
metadata:
  name: ${name}
spec:
  addressPool:
  - ${pool}
  type: L2${extra}
`;
const SVC = (name: string, annotations: string, spec = '', cls = 'ingress') => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: web
  annotations:
    x: "y"${annotations}
spec:
  type: LoadBalancer
  loadBalancerClass: ${cls}
  ports:
  - port: 80
    protocol: TCP${spec}
  selector:
    app: ${name}
`;
const INGRESS = CLASS('ingress', '192.0.2.0/28');
const MC = (settings: string, version = 2) => `apiVersion: deckhouse.io/v1alpha1
kind: ModuleConfig
metadata:
  name: metallb
spec:
  enabled: true
  version: ${version}
  settings:
${settings}`;
const PEER = (extra = '') => `    bgpPeers:
    - peer-address: 192.0.2.1
      peer-asn: 64601
      my-asn: 64600${extra}
`;
const POOLS = `    addressPools:
    - name: bgp
      protocol: bgp
      addresses: [198.51.100.0/28]
`;

interface Case {
  rule: string;
  bad: string;
  column: number;
  good: string;
  severity?: 'error' | 'warning' | 'info';
}

const CASES: Case[] = [
  {rule: 'yaml-syntax', bad: 'a: [1, 2\nb: 3 # here\n', column: 1, good: 'a: [1, 2]\n'},
  {rule: 'duplicate-key', bad: `${INGRESS}---\napiVersion: v1\nkind: Node\nmetadata:\n  name: n\nmetadata: {} # here\n`, column: 1, good: INGRESS},
  {rule: 'alias-expansion', bad: `a: &a [x,x,x,x,x,x,x,x,x,x] # here\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]\n`, column: 1, good: 'a: &a [x]\nb: *a\n'},
  {rule: 'not-an-object', bad: `${INGRESS}---\n- just # here\n- a list\n`, column: 1, good: INGRESS},
  {rule: 'schema-violation', bad: INGRESS.replace('  type: L2', '  isDefault: "yes" # here\n  type: L2'), column: 14, good: INGRESS},
  {rule: 'unknown-field', bad: INGRESS.replace('  type: L2', '  nodeSelectors: {} # here\n  type: L2'), column: 3, good: INGRESS},
  {rule: 'pool-syntax', bad: CLASS('a', '192.0.2.9-192.0.2.1 # here'), column: 5, good: CLASS('a', '192.0.2.1-192.0.2.9')},
  {rule: 'pool-mixed-family', bad: CLASS('a', '192.0.2.1-2001:db8::1 # here'), column: 5, good: CLASS('a', '2001:db8::1-2001:db8::9')},
  {rule: 'pool-host-bits', bad: CLASS('a', '192.0.2.5/24 # here'), column: 5, good: CLASS('a', '192.0.2.0/24'), severity: 'warning'},
  {rule: 'pool-overlap', bad: `${INGRESS}---\n${CLASS('other', '192.0.2.8-192.0.2.20 # here')}`, column: 5, good: `${INGRESS}---\n${CLASS('other', '192.0.2.16-192.0.2.20')}`},
  {rule: 'pool-overlap', bad: `${INGRESS}---\n${MC(POOLS.replace('198.51.100.0/28', '192.0.2.8/29 # here').replace('addresses: [192.0.2.8/29 # here]', 'addresses:\n      - 192.0.2.8/29 # here'))}`, column: 9, good: `${INGRESS}---\n${MC(POOLS)}`},
  {rule: 'pool-contains-node-address', bad: `${CLASS('a', '192.0.2.0/28 # here')}---\napiVersion: v1\nkind: Node\nmetadata: {name: n1}\nstatus:\n  addresses:\n  - {type: InternalIP, address: 192.0.2.5}\n`, column: 5, good: `${CLASS('a', '192.0.2.16/28')}---\napiVersion: v1\nkind: Node\nmetadata: {name: n1}\nstatus:\n  addresses:\n  - {type: InternalIP, address: 192.0.2.5}\n`},
  {rule: 'duplicate-class', bad: `${INGRESS}---\n${CLASS('ingress', '198.51.100.0/28').replace('  name: ingress', '  name: ingress # here')}`, column: 9, good: `${INGRESS}---\n${CLASS('other', '198.51.100.0/28')}`},
  {rule: 'multiple-default-classes', bad: `${CLASS('a', '192.0.2.0/28', '\n  isDefault: true')}---\n${CLASS('b', '198.51.100.0/28', '\n  isDefault: true # here')}`, column: 14, good: `${CLASS('a', '192.0.2.0/28', '\n  isDefault: true')}---\n${CLASS('b', '198.51.100.0/28', '\n  isDefault: false')}`},
  {rule: 'class-type', bad: INGRESS.replace('  type: L2', '  type: BGP # here'), column: 9, good: INGRESS},
  {rule: 'class-excluded-interface', bad: CLASS('a', '192.0.2.0/28', '\n  l2:\n    interfaces:\n    - eth0\n    - veth1 # here'), column: 7, good: CLASS('a', '192.0.2.0/28', '\n  l2:\n    interfaces: [eth0]'), severity: 'warning'},
  {rule: 'class-no-matching-nodes', bad: `${CLASS('a', '192.0.2.0/28', '\n  nodeSelector: # here\n    role: lb')}---\napiVersion: v1\nkind: Node\nmetadata:\n  name: n1\n  labels: {role: worker}\n`, column: 3, good: `${CLASS('a', '192.0.2.0/28', '\n  nodeSelector:\n    role: lb')}---\napiVersion: v1\nkind: Node\nmetadata:\n  name: n1\n  labels: {role: lb}\n`, severity: 'warning'},
  {rule: 'class-empty-pool', bad: 'apiVersion: network.deckhouse.io/v1alpha1\nkind: MetalLoadBalancerClass\nmetadata: {name: a}\nspec:\n  addressPool: [] # here\n', column: 16, good: INGRESS},
  {rule: 'service-unknown-class', bad: CLASS('d', '198.51.100.0/28', '\n  isDefault: true') + '---\n' + SVC('s', '', '', 'nope').replace('loadBalancerClass: nope', 'loadBalancerClass: nope # here'), column: 22, good: `${INGRESS}---\n${SVC('s', '')}`, severity: 'warning'},
  {rule: 'service-unknown-class', bad: SVC('s', '', '', 'nope').replace('loadBalancerClass: nope', 'loadBalancerClass: nope # here'), column: 22, good: `${INGRESS}---\n${SVC('s', '')}`, severity: 'error'},
  {rule: 'class-on-non-loadbalancer', bad: `${INGRESS}---\n${SVC('s', '').replace('type: LoadBalancer', 'type: ClusterIP').replace('loadBalancerClass: ingress', 'loadBalancerClass: ingress # here')}`, column: 22, good: `${INGRESS}---\n${SVC('s', '')}`},
  {rule: 'ips-count-invalid', bad: `${INGRESS}---\n${SVC('s', '\n    network.deckhouse.io/l2-load-balancer-external-ips-count: "three" # here')}`, column: 63, good: `${INGRESS}---\n${SVC('s', '\n    network.deckhouse.io/l2-load-balancer-external-ips-count: "3"')}`},
  {rule: 'ips-count-exceeds-pool', bad: `${INGRESS}---\n${SVC('s', '\n    network.deckhouse.io/l2-load-balancer-external-ips-count: "17" # here')}`, column: 63, good: `${INGRESS}---\n${SVC('s', '\n    network.deckhouse.io/l2-load-balancer-external-ips-count: "16"')}`},
  // The hook's name for address 1 of a 40-letter Service in class ingress: 40 + "-ingress-1" = 50 characters, fine;
  // a 56-letter one makes 66 (handleL2LoadBalancers names it <service>-<class>-<index>).
  {rule: 'derived-name-too-long', bad: `${INGRESS}---\n${SVC('s'.repeat(56), '\n    network.deckhouse.io/l2-load-balancer-external-ips-count: "2"').replace(`  name: ${'s'.repeat(56)}`, `  name: ${'s'.repeat(56)} # here`)}`, column: 9, good: `${INGRESS}---\n${SVC('s'.repeat(40), '\n    network.deckhouse.io/l2-load-balancer-external-ips-count: "2"')}`},
  {rule: 'pool-exhausted', bad: `${CLASS('ingress', '192.0.2.0/31').replace('  addressPool:', '  addressPool: # here')}---\n${SVC('a', '\n    network.deckhouse.io/l2-load-balancer-external-ips-count: "2"')}---\n${SVC('b', '')}`, column: 3, good: `${CLASS('ingress', '192.0.2.0/30')}---\n${SVC('a', '\n    network.deckhouse.io/l2-load-balancer-external-ips-count: "2"')}---\n${SVC('b', '')}`},
  {rule: 'lb-ips-empty', bad: `${INGRESS}---\n${SVC('s', '\n    network.deckhouse.io/l2-load-balancer-external-ips-count: "2"\n    network.deckhouse.io/load-balancer-ips: "192.0.2.1," # here')}`, column: 45, good: `${INGRESS}---\n${SVC('s', '\n    network.deckhouse.io/l2-load-balancer-external-ips-count: "2"\n    network.deckhouse.io/load-balancer-ips: "192.0.2.1,192.0.2.2"')}`},
  {rule: 'lb-ips-wrong-family', bad: `${INGRESS}---\n${SVC('s', '\n    network.deckhouse.io/load-balancer-ips: "2001:db8::1" # here')}`, column: 45, good: `${INGRESS}---\n${SVC('s', '\n    network.deckhouse.io/load-balancer-ips: "192.0.2.1"')}`},
  {rule: 'service-family-not-in-class', bad: `${CLASS('ingress', '2001:db8::/64')}---\n${SVC('s', '', '\n  ipFamilies:\n  - IPv4 # here')}`, column: 5, good: `${CLASS('ingress', '2001:db8::/64')}---\n${SVC('s', '', '\n  ipFamilies:\n  - IPv6')}`},
  {rule: 'lb-ips-spaces', bad: `${INGRESS}---\n${SVC('s', '\n    network.deckhouse.io/l2-load-balancer-external-ips-count: "2"\n    network.deckhouse.io/load-balancer-ips: "192.0.2.1, 192.0.2.2" # here')}`, column: 45, good: `${INGRESS}---\n${SVC('s', '\n    network.deckhouse.io/l2-load-balancer-external-ips-count: "2"\n    network.deckhouse.io/load-balancer-ips: "192.0.2.1,192.0.2.2"')}`},
  {rule: 'lb-ips-invalid', bad: `${INGRESS}---\n${SVC('s', '\n    network.deckhouse.io/load-balancer-ips: "192.0.2.x" # here')}`, column: 45, good: `${INGRESS}---\n${SVC('s', '\n    network.deckhouse.io/load-balancer-ips: "192.0.2.3"')}`},
  {rule: 'lb-ips-outside-pool', bad: `${INGRESS}---\n${SVC('s', '\n    network.deckhouse.io/load-balancer-ips: 198.51.100.1 # here')}`, column: 45, good: `${INGRESS}---\n${SVC('s', '\n    network.deckhouse.io/load-balancer-ips: 192.0.2.1')}`},
  {rule: 'lb-ips-extra', bad: `${INGRESS}---\n${SVC('s', '\n    network.deckhouse.io/load-balancer-ips: 192.0.2.1,192.0.2.2 # here')}`, column: 45, good: `${INGRESS}---\n${SVC('s', '\n    network.deckhouse.io/l2-load-balancer-external-ips-count: "2"\n    network.deckhouse.io/load-balancer-ips: 192.0.2.1,192.0.2.2')}`, severity: 'warning'},
  {rule: 'lb-ips-taken', bad: `${INGRESS}---\n${SVC('a', '\n    network.deckhouse.io/load-balancer-ips: 192.0.2.1')}---\n${SVC('b', '\n    network.deckhouse.io/load-balancer-ips: 192.0.2.1 # here')}`, column: 45, good: `${INGRESS}---\n${SVC('a', '\n    network.deckhouse.io/load-balancer-ips: 192.0.2.1\n    network.deckhouse.io/load-balancer-shared-ip-key: k')}---\n${SVC('b', '\n    network.deckhouse.io/load-balancer-ips: 192.0.2.1\n    network.deckhouse.io/load-balancer-shared-ip-key: k').replace('port: 80', 'port: 81')}`},
  {rule: 'shared-ip-port-collision', bad: `${INGRESS}---\n${SVC('a', '\n    network.deckhouse.io/load-balancer-shared-ip-key: k')}---\n${SVC('b', '\n    network.deckhouse.io/load-balancer-shared-ip-key: k').replace('  - port: 80', '  - port: 80 # here')}`, column: 5, good: `${INGRESS}---\n${SVC('a', '\n    network.deckhouse.io/load-balancer-shared-ip-key: k')}---\n${SVC('b', '\n    network.deckhouse.io/load-balancer-shared-ip-key: k').replace('port: 80', 'port: 81')}`},
  {rule: 'shared-ip-local-selector', bad: `${INGRESS}---\n${SVC('a', '\n    network.deckhouse.io/load-balancer-shared-ip-key: k', '\n  externalTrafficPolicy: Local')}---\n${SVC('b', '\n    network.deckhouse.io/load-balancer-shared-ip-key: k', '\n  externalTrafficPolicy: Local').replace('port: 80', 'port: 81').replace('  selector:', '  selector: # here')}`, column: 3, good: `${INGRESS}---\n${SVC('a', '\n    network.deckhouse.io/load-balancer-shared-ip-key: k', '\n  externalTrafficPolicy: Local')}---\n${SVC('b', '\n    network.deckhouse.io/load-balancer-shared-ip-key: k', '\n  externalTrafficPolicy: Local').replace('port: 80', 'port: 81').replace('app: b', 'app: a')}`},
  {rule: 'unsupported-annotation', bad: `${INGRESS}---\n${SVC('s', '\n    metallb.universe.tf/allow-shared-ip: k # here')}`, column: 5, good: `${INGRESS}---\n${SVC('s', '\n    network.deckhouse.io/load-balancer-shared-ip-key: k')}`},
  {rule: 'load-balancer-ip', bad: `${INGRESS}---\n${SVC('s', '', '\n  loadBalancerIP: 192.0.2.1 # here')}`, column: 19, good: `${INGRESS}---\n${SVC('s', '\n    network.deckhouse.io/load-balancer-ips: 192.0.2.1')}`, severity: 'warning'},
  {rule: 'module-config-name', bad: MC(POOLS).replace('  name: metallb', '  name: metalb # here'), column: 9, good: MC(POOLS)},
  {rule: 'module-config-version', bad: MC(POOLS).replace('  version: 2', '  version: 4 # here'), column: 12, good: MC(POOLS)},
  {rule: 'module-config-settings', bad: MC(POOLS + PEER('\n      hold-time: 2s # here')), column: 18, good: MC(POOLS + PEER('\n      hold-time: 3s'))},
  {rule: 'bgp-password', bad: MC(POOLS + PEER('\n      password: s3cret # here')), column: 17, good: MC(POOLS + PEER()), severity: 'warning'},
  {rule: 'layer2-pool-ignored', bad: MC(POOLS.replace('protocol: bgp', 'protocol: layer2 # here')), column: 17, good: MC(POOLS, 1), severity: 'warning'},
  {rule: 'bgp-settings-deprecated', bad: MC(POOLS.replace('    addressPools:', '    addressPools: # here'), 3), column: 5, good: MC('    loadBalancerClass: ingress\n', 3), severity: 'warning'},
  {rule: 'unknown-community', bad: MC(`${POOLS}      bgp-advertisements:\n      - communities:\n        - no-export # here\n`), column: 11, good: MC(`${POOLS}      bgp-advertisements:\n      - communities: [no-export]\n    bgpCommunities:\n      no-export: "65535:65281"\n`)},
  {rule: 'bgp-peer-invalid', bad: 'apiVersion: network.deckhouse.io/v1alpha1\nkind: MetalLoadBalancerBGPPeer\nmetadata: {name: p}\nspec:\n  peerAddress: 192.0.2.1\n  peerASN: 64601\n  myASN: 64600\n  holdTime: 1s # here\n', column: 13, good: 'apiVersion: network.deckhouse.io/v1alpha1\nkind: MetalLoadBalancerBGPPeer\nmetadata: {name: p}\nspec:\n  peerAddress: 192.0.2.1\n  peerASN: 64601\n  myASN: 64600\n  holdTime: 3s\n'},
];

function markedLine(text: string): number {
  const index = text.split('\n').findIndex((line) => line.includes('# here'));
  if (index < 0) throw new Error('no "# here" marker');
  return index + 1;
}

describe('lint rules', () => {
  it('every registered rule has a case that fires and one that does not', () => {
    const inputOnly = ['unreadable-input']; // needs bytes, not text: tested in robustness.test.ts
    expect([...RULES.keys()].filter((id) => !inputOnly.includes(id) && !CASES.some((c) => c.rule === id))).toEqual([]);
  });

  it.each(CASES.map((c) => [c.rule, c] as const))('%s', (rule, c) => {
    const bad = lint([{file: 'bad.yaml', text: c.bad}]).diagnostics.filter((d) => d.rule === rule);
    expect(bad.map(({line, column, severity}) => ({line, column, severity}))).toContainEqual({line: markedLine(c.bad), column: c.column, severity: c.severity ?? RULES.get(rule)!.severity});
    expect(bad.every((d) => /[.?]$/.test(d.message))).toBe(true);
    const good = lint([{file: 'good.yaml', text: c.good}]).diagnostics;
    expect(good.filter((d) => d.rule === rule)).toEqual([]);
  });

  it('every rule description is one sentence ending in a period', () => {
    for (const rule of RULES.values()) expect(rule.description).toMatch(/^[A-Z].*\.$/);
  });
});
