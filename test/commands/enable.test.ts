import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {parse} from 'yaml';
import {describe, expect, it} from 'vitest';
import {metallb, runBin} from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'd8-metallb-enable-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('d8 metallb enable / disable', () => {
  it('writes spec.version from --config-version (not --version, which prints the tool\'s version)', async () => {
    const r = await metallb('enable', '--config-version', '3', '--dry-run=client');
    expect(parse(r.stdout).spec).toEqual({enabled: true, version: 3});
  });

  it('disable writes only enabled: false, so settings in the cluster stay as they are', async () => {
    const r = await metallb('disable', '--dry-run=client', '-o', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({apiVersion: 'deckhouse.io/v1alpha1', kind: 'ModuleConfig', metadata: {name: 'metallb'}, spec: {enabled: false}});
  });

  it('takes settings from a file (a whole ModuleConfig works too) and appends the flags\' pools', async () => {
    const path = file('mc.yaml', `apiVersion: deckhouse.io/v1alpha1
kind: ModuleConfig
metadata: {name: metallb}
spec:
  settings:
    addressPools:
    - {name: first, protocol: bgp, addresses: [192.0.2.0/26]}
    bgpCommunities: {no-advertise: "65535:65282"}
`);
    const r = await metallb('enable', '--settings-file', path, '--address-pool', 'name=second,addresses=192.0.2.64/26,auto-assign=false', '--dry-run=client');
    expect(r.code).toBe(0);
    expect(parse(r.stdout).spec.settings).toEqual({
      addressPools: [
        {name: 'first', protocol: 'bgp', addresses: ['192.0.2.0/26']},
        {addresses: ['192.0.2.64/26'], 'auto-assign': false, name: 'second', protocol: 'bgp'},
      ],
      bgpCommunities: {'no-advertise': '65535:65282'},
    });
  });

  it('reads settings from stdin with --settings-file -', async () => {
    const r = await runBin('run.js', ['metallb', 'enable', '--settings-file', '-', '--dry-run=client', '-o', 'json'], {input: 'addressPools:\n- name: p\n  protocol: bgp\n  addresses: [192.0.2.0/24]\n'});
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).spec.settings.addressPools[0].name).toBe('p');
  });

  it('points at file:line:column for every invalid setting, with MetalLB\'s own wording where it has one', async () => {
    const path = file('bad.yaml', `addressPools:
- name: mypool
  protocol: bgp
  addresses:
  - 192.168.219.100-192.168.219.200
  - 192.168.219.150/30
bgpPeer: []
bgpPeers:
- peer-address: 172.18.18.300
  peer-asn: 99999999999
  my-asn: 64600
  hold-time: 2s
`);
    const r = await metallb('enable', '--settings-file', path, '--dry-run=client');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toEqual(expect.arrayContaining([
      `[ERROR] ${path}:7:1: spec.settings.bgpPeer: is not a field of version 2 settings; did you mean bgpPeers?`,
      `[ERROR] ${path}:10:3: spec.settings.bgpPeers[0].peer-asn: 99999999999 must be <= 4294967295; change it.`,
      `[ERROR] ${path}:9:3: spec.settings.bgpPeers[0].peer-address: "172.18.18.300" is not an IPv4 address; write one like 192.0.2.1.`,
      `[ERROR] ${path}:12:3: spec.settings.bgpPeers[0].hold-time: invalid hold time "2s": must be 0 or >=3s; the documentation recommends 3s.`,
    ]));
    expect(r.stderr).toContain(`${path}:6:5: spec.settings.addressPools[0].addresses[1] "192.168.219.150/30": overlaps spec.settings.addressPools[0].addresses[0]`);
    expect(lines).toHaveLength(5);
  });

  it('warns about a plain-text BGP password and about layer2 pools that version 2 ignores', async () => {
    const r = await metallb('enable', '--address-pool', 'name=l2,protocol=layer2,addresses=192.0.2.0/28', '--bgp-peer', 'peer-address=192.0.2.1,peer-asn=64601,my-asn=64600,password=s3cret', '--dry-run=client');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('[WARN] spec.settings.addressPools[0].protocol: layer2 pools are ignored from version 2 on');
    expect(r.stderr).toContain('[WARN] spec.settings.bgpPeers[0].password: is stored in plain text');
  });

  it('warns that version 3 removes the BGP settings', async () => {
    const r = await metallb('enable', '--config-version', '3', '--address-pool', 'name=p,addresses=192.0.2.0/28', '--dry-run=client');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('[WARN] spec.settings.addressPools: is deprecated in version 3');
  });

  it.each([
    ['a version that does not exist', ['--config-version', '4'], '[ERROR] --config-version "4": the metallb module has settings versions 1, 2 and 3; use 2 (as in the documentation) or 3 (the latest).'],
    ['a misspelt key', ['--bgp-peer', 'peer-addres=192.0.2.1'], '[ERROR] --bgp-peer "peer-addres=192.0.2.1": unknown key "peer-addres"; did you mean peer-address?'],
    ['a missing required key', ['--bgp-peer', 'peer-address=192.0.2.1,peer-asn=1'], '[ERROR] --bgp-peer "peer-address=192.0.2.1,peer-asn=1": my-asn is missing; add my-asn=... (peer-address, peer-asn and my-asn are required).'],
    ['a non-numeric ASN', ['--bgp-peer', 'peer-address=192.0.2.1,peer-asn=x,my-asn=1'], '[ERROR] --bgp-peer "peer-address=192.0.2.1,peer-asn=x,my-asn=1": peer-asn "x" is not a whole number; write digits only.'],
    ['an ASN out of range', ['--address-pool', 'name=p,addresses=192.0.2.0/28', '--bgp-peer', 'peer-address=192.0.2.1,peer-asn=4294967296,my-asn=1'], '[ERROR] spec.settings.bgpPeers[0].peer-asn: 4294967296 must be <= 4294967295; change it.'],
    ['an IPv6 pool', ['--address-pool', 'name=p,addresses=2001:db8::/64'], '[ERROR] spec.settings.addressPools[0].addresses[0]: "2001:db8::/64" is IPv6, and ModuleConfig pools take IPv4 only; put IPv6 pools in a MetalLoadBalancerClass.'],
    ['a duplicate pool name', ['--address-pool', 'name=p,addresses=192.0.2.0/28', '--address-pool', 'name=p,addresses=192.0.2.16/28'], '[ERROR] --address-pool: two entries for name p; give each once.'],
    ['a bad pool name', ['--address-pool', 'name=My_Pool,addresses=192.0.2.0/28'], '[ERROR] spec.settings.addressPools[0].name: "My_Pool" is not a valid name; use lowercase letters, digits, "-" and ".".'],
    ['a bad community', ['--address-pool', 'name=p,addresses=192.0.2.0/28', '--bgp-community', 'x=70000:1'], '[ERROR] spec.settings.bgpCommunities.x: "70000:1" is not a BGP community; write it as ASN:VALUE, each from 0 to 65535, like 65535:65282.'],
    ['an unreadable settings file', ['--settings-file', '/nonexistent/settings.yaml'], '[ERROR] --settings-file "/nonexistent/settings.yaml": cannot read it (no such file or directory); check the path and its permissions.'],
  ])('refuses %s with one sentence and exit 2', async (_, flags, message) => {
    const r = await metallb('enable', ...flags, '--dry-run=client');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${message}\n`);
  });

  it('refuses a settings file with invalid YAML, naming the line', async () => {
    const r = await metallb('enable', '--settings-file', file('dup.yaml', 'addressPools: []\naddressPools: []\n'), '--dry-run=client');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`[ERROR] ${join(dir, 'dup.yaml')}:2:1: a key is repeated (map keys must be unique); fix the YAML and try again.\n`);
  });
});
