import {parse} from 'yaml';
import {describe, expect, it} from 'vitest';
import {metallb} from '../helpers/cli.js';

const create = (...args: string[]) => metallb('class', 'create', ...args, '--dry-run=client');

describe('d8 metallb class create', () => {
  it('writes every option into the class: pools in order, selector, interfaces, default', async () => {
    const r = await create('public', '--pool', '192.0.2.0/28', '--pool', '2001:db8::/124', '--node-selector', 'zone=a', '--node-selector', 'lb=', '--interface', 'eth1', '--default');
    expect(r.code).toBe(0);
    expect(parse(r.stdout)).toEqual({
      apiVersion: 'network.deckhouse.io/v1alpha1',
      kind: 'MetalLoadBalancerClass',
      metadata: {name: 'public'},
      spec: {addressPool: ['192.0.2.0/28', '2001:db8::/124'], isDefault: true, l2: {interfaces: ['eth1']}, nodeSelector: {zone: 'a', lb: ''}, type: 'L2'},
    });
  });

  it('quotes the empty label value so that YAML keeps it a string', async () => {
    const r = await create('ingress', '--pool', '192.0.2.0/28', '--node-selector', 'node-role.kubernetes.io/loadbalancer=');
    expect(r.stdout).toContain('node-role.kubernetes.io/loadbalancer: ""');
  });

  it('keeps the NAME argument apart from a repeatable flag (non-greedy)', async () => {
    const r = await metallb('class', 'create', '--pool', '192.0.2.0/28', 'ingress', '--dry-run=client');
    expect(r.code).toBe(0);
    expect(parse(r.stdout).metadata.name).toBe('ingress');
  });

  it('warns (and still writes the pool as given) when a CIDR has host bits set', async () => {
    const r = await create('x', '--pool', '192.168.1.5/24');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('[WARN] --pool "192.168.1.5/24": host bits are set, so MetalLB uses the network 192.168.1.0/24; write 192.168.1.0/24 to say so.\n');
    expect(parse(r.stdout).spec.addressPool).toEqual(['192.168.1.5/24']);
  });

  it('warns about an interface MetalLB never announces on', async () => {
    const r = await create('x', '--pool', '192.0.2.0/28', '--interface', 'veth12');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^\[WARN\] --interface "veth12": MetalLB never announces on interfaces matching \^veth/);
  });

  it.each([
    ['a reversed range', ['--pool', '192.0.2.9-192.0.2.1'], '[ERROR] --pool "192.0.2.9-192.0.2.1": start IP 192.0.2.9 is after the end IP 192.0.2.1; swap them.'],
    ['a bad start address', ['--pool', '192.0.2.300-192.0.2.301'], '[ERROR] --pool "192.0.2.300-192.0.2.301": invalid start IP "192.0.2.300"; write the start as an IPv4 or IPv6 address.'],
    ['a bare address', ['--pool', '192.0.2.1'], '[ERROR] --pool "192.0.2.1": not a CIDR (no "/prefix") and not a range (no "-"); write 192.0.2.1/32 for a single address.'],
    ['a mixed-family range', ['--pool', '192.0.2.1-2001:db8::1'], '[ERROR] --pool "192.0.2.1-2001:db8::1": start IP 192.0.2.1 is IPv4 but end IP 2001:db8::1 is IPv6; use two addresses of the same family.'],
    ['overlapping pools', ['--pool', '192.0.2.0/24', '--pool', '192.0.2.10-192.0.2.20'], '[ERROR] --pool "192.0.2.10-192.0.2.20": overlaps --pool "192.0.2.0/24" in the same class, and MetalLB then rejects the whole configuration (no class gets new addresses); remove or narrow one of them.'],
    ['a label without "="', ['--pool', '192.0.2.0/28', '--node-selector', 'lb'], '[ERROR] --node-selector "lb": expected key=value; write "lb=" for an empty value or "lb=VALUE".'],
    ['a bad label key', ['--pool', '192.0.2.0/28', '--node-selector', 'a b=c'], '[ERROR] --node-selector "a b=c": the key name "a b" is not valid; use at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit.'],
    ['a key given twice', ['--pool', '192.0.2.0/28', '--node-selector', 'a=1', '--node-selector', 'a=2'], '[ERROR] --node-selector "a=2": the key a is already set to "1"; give each key once (a node selector matches all of its labels).'],
    ['a type other than L2', ['--pool', '192.0.2.0/28', '--type', 'BGP'], '[ERROR] --type "BGP": type "BGP" is not supported; use L2 (BGP pools are MetalLoadBalancerPool objects, not classes).'],
    ['a bad interface name', ['--pool', '192.0.2.0/28', '--interface', 'eth0:1'], '[ERROR] --interface "eth0:1": it is not a Linux interface name; use 1 to 15 characters without spaces, "/" or ":".'],
  ])('refuses %s with one sentence and exit 2', async (_, flags, message) => {
    const r = await create('x', ...flags);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${message}\n`);
  });

  it('refuses a name Kubernetes would refuse', async () => {
    const r = await create('Ingress_1', '--pool', '192.0.2.0/28');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('[ERROR] NAME "Ingress_1": it is not a valid name; use lowercase letters, digits, "-" and ".", starting and ending with a letter or digit.\n');
  });

  it('lists every invalid value at once', async () => {
    const r = await create('x', '--pool', 'nope', '--pool', '192.0.2.9-192.0.2.1', '--node-selector', 'k');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(3);
  });
});
