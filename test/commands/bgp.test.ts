// BGP mode in the offline commands: ip allocate | usage | free | inspect from manifests, lint, generators, migrate.
import {describe, expect, it} from 'vitest';
import {metallb, runBin} from '../helpers/cli.js';

const WORLD = 'test/fixtures/bgp/world.yaml';

describe('ip commands with BGP objects', () => {
  it('ip allocate -o json: BGP Services beside L2 ones, with who advertises each address', async () => {
    const r = await metallb('ip', 'allocate', '-f', WORLD, '-o', 'json');
    expect(r.code, r.stderr).toBe(0);
    const data = JSON.parse(r.stdout);
    const web = data.services.find((s: {name: string}) => s.name === 'web');
    expect(web).toEqual({
      namespace: 'default', name: 'web', mode: 'bgp', pool: 'p1', family: 'IPv4', status: 'assigned', reason: null, orderDependent: false,
      addresses: [{index: 0, ip: '192.0.2.16', advertisedBy: [
        {node: 'w1', peer: 'r2', peerAddress: '10.0.0.2', prefix: '192.0.2.16/32', communities: ['65000:100'], localPref: 150},
        {node: 'w1', peer: 'r3', peerAddress: '10.0.0.3', prefix: '192.0.2.16/32', communities: ['65000:100'], localPref: null},
        {node: 'w2', peer: 'r2', peerAddress: '10.0.0.2', prefix: '192.0.2.16/32', communities: ['65000:100'], localPref: 150},
        {node: 'w2', peer: 'r3', peerAddress: '10.0.0.3', prefix: '192.0.2.16/32', communities: ['65000:100'], localPref: null},
      ]}],
    });
    // externalTrafficPolicy Local: only w2 has an endpoint (and w3, with the other's endpoint, runs no session).
    const local = data.services.find((s: {name: string}) => s.name === 'local');
    expect(local.addresses[0].ip).toBe('192.0.2.18');
    expect(local.addresses[0].advertisedBy.map((a: {node: string}) => a.node)).toEqual(['w2', 'w2']);
    expect(data.services.find((s: {name: string}) => s.name === 'other')).toMatchObject({status: 'ignored', pool: null, addresses: []});
    expect(data.bgp).toEqual({configuration: {controller: {accepted: true}, speaker: {accepted: true}}, pools: [{name: 'p1', size: '4', used: '2', free: '2'}]});
  });

  it('ip allocate: one table row per address with its nodes and peers', async () => {
    const r = await metallb('ip', 'allocate', '-f', WORLD);
    expect(r.stdout).toContain('default/web      p1     0   192.0.2.16   w1, w2   r2 (10.0.0.2), r3 (10.0.0.3)   advertised: 4 routes');
    expect(r.stdout).toContain('default/other    -      -   -            -        -                              ignored: another loadBalancerClass');
  });

  it('ip usage, ip free and ip inspect know BGP pools and Services', async () => {
    const usage = JSON.parse((await metallb('ip', 'usage', '-f', WORLD, '-o', 'json')).stdout);
    expect(usage.bgpPools).toEqual([{name: 'p1', entries: 1, size: '4', used: '2', free: '2', utilisation: '50.0', largestFree: '192.0.2.17'}]);
    expect(JSON.parse((await metallb('ip', 'free', 'p1', '-f', WORLD, '-o', 'json')).stdout)).toEqual({pool: 'p1', free: ['192.0.2.17', '192.0.2.19'], addresses: '2'});
    const service = await metallb('ip', 'inspect', 'default/local', '-f', WORLD);
    expect(service.stdout).toContain('Pool:    p1 — requested 192.0.2.18');
    expect(service.stdout).toContain('      w2 → r2 (10.0.0.2): 192.0.2.18/32, communities 65000:100, LOCAL_PREF 150');
    const address = await metallb('ip', 'inspect', '192.0.2.17', '-f', WORLD, '-o', 'json');
    expect(JSON.parse(address.stdout)).toMatchObject({state: 'free', bgpPools: [{pool: 'p1', entry: '192.0.2.16/30'}], bgpHolders: []});
  });

  it('a Service that stays pending makes ip allocate exit 1, with MetalLB\'s words', async () => {
    const extra = '---\napiVersion: v1\nkind: Service\nmetadata: {name: far, namespace: default, annotations: {network.deckhouse.io/load-balancer-ips: 203.0.113.9}}\nspec: {type: LoadBalancer, ports: [{port: 80}]}\n';
    const r = await runBin('run.js', ['metallb', 'ip', 'allocate', '-f', WORLD, '-f', '-', '-o', 'json'], {input: extra});
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).services.find((s: {name: string}) => s.name === 'far')).toMatchObject({status: 'pending', metallbReason: '["203.0.113.9"] is not allowed in config'});
  });

  it('lint calls the fixture clean, and migrate prints the objects of the documentation-style version 2 settings', async () => {
    // The one finding: Service other names a class nobody handles (neither a MetalLoadBalancerClass nor BGP's).
    const lint = await metallb('lint', '-o', 'json', WORLD);
    expect(JSON.parse(lint.stdout).diagnostics.map((d: {rule: string; line: number}) => `${d.rule}:${d.line}`)).toEqual(['service-unknown-class:52']);
    const migrate = await metallb('migrate', '--to', '3', '-f', 'test/fixtures/bgp/moduleconfig-v2.yaml', '--dry-run=client', '-o', 'json');
    expect(migrate.code).toBe(0);
    const list = JSON.parse(migrate.stdout);
    expect(list.items.map((o: {kind: string; metadata: {name: string}}) => `${o.kind}/${o.metadata.name}`)).toEqual(['MetalLoadBalancerPool/mypool', 'MetalLoadBalancerBGPPeer/peer-0', 'MetalLoadBalancerConfiguration/migrated-bgp']);
    expect(migrate.stderr).toContain('[WARN] settings.addressPools.0.auto-assign: pool mypool: auto-assign: false is dropped');
  });

  it('generators refuse what MetalLB would refuse, one sentence per value, exit 2', async () => {
    const r = await metallb('bgp', 'config', 'create', 'edge', '--pool', 'p1', '--community', 'no-export', '--aggregation-length', '33', '--dry-run=client');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      '[ERROR] --community "no-export": the CRD takes this name, but the module renders no Community object for it and MetalLB\'s speaker then refuses the whole configuration; write it as its value (no-export is 65535:65281, no-advertise 65535:65282, local-as 65535:65283).',
      '[ERROR] --aggregation-length "33": it is not a whole number from 1 to 32; give a number in that range.',
    ]);
    const missing = await metallb('bgp', 'peer', 'create', 'r1', '--no-input');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--peer-address.*--peer-asn.*--my-asn/s);
  });
});
