import {describe, expect, it} from 'vitest';
import {holdTimeSeconds, validateSettings} from '../../../src/lib/manifests/module-config/index.js';

const pool = {name: 'p', protocol: 'bgp', addresses: ['192.0.2.0/28']};
const peer = {'peer-address': '192.0.2.1', 'peer-asn': 64601, 'my-asn': 64600};

describe('ModuleConfig settings validation', () => {
  it('accepts the documentation\'s BGP settings in versions 1 and 2', async () => {
    const settings = {addressPools: [{addresses: ['192.168.219.100-192.168.219.200'], name: 'mypool', protocol: 'bgp'}], bgpPeers: [{'hold-time': '3s', 'my-asn': 64600, 'peer-address': '172.18.18.10', 'peer-asn': 64601}], speaker: {nodeSelector: {'node-role.deckhouse.io/metallb': ''}}};
    expect(await validateSettings(settings, 2)).toEqual([]);
    expect(await validateSettings(settings, 1)).toEqual([]);
  });

  it('warns about layer2 pools from version 2 on, not in version 1 where they still work', async () => {
    const settings = {addressPools: [{...pool, protocol: 'layer2'}]};
    expect(await validateSettings(settings, 1)).toEqual([]);
    expect(await validateSettings(settings, 2)).toMatchObject([{severity: 'warning', subject: 'spec.settings.addressPools[0].protocol'}]);
  });

  // Deckhouse converts older settings to the latest version and checks them against its schema
  // (openapi/config-values.yaml, x-config-version 3), which requires no addressPools and no speaker.nodeSelector.
  it('requires no addressPools in any version, and no nodeSelector in speaker', async () => {
    for (const version of [1, 2, 3] as const) expect((await validateSettings({loadBalancerClass: 'ingress', speaker: {tolerations: []}}, version)).filter((p) => p.severity === 'error')).toEqual([]);
  });

  it.each([
    [{bgpPeers: [{'peer-address': '2001:db8::1', 'peer-asn': 1, 'my-asn': 2}]}, 'spec.settings.bgpPeers[0].peer-address', 'is not an IPv4 address'],
    [{bgpPeers: [{'peer-address': '192.0.2.1', 'peer-asn': 1, 'my-asn': 2, 'source-address': 'eth0'}]}, 'spec.settings.bgpPeers[0].source-address', 'is not an IPv4 address'],
    [{addressPools: [{name: 'p', protocol: 'bgp', addresses: ['192.0.2.10 - 192.0.2.20']}]}, 'spec.settings.addressPools[0].addresses[0]', 'no spaces'],
  ])('holds settings to the schema\'s patterns: %j', async (settings, subject, message) => {
    expect(await validateSettings(settings, 2)).toContainEqual(expect.objectContaining({severity: 'error', subject, message: expect.stringContaining(message)}));
  });

  it.each([
    [{operator: 'In', key: 'a'}, 'operator In needs values; add at least one value.'],
    [{operator: 'Exists', key: 'a', values: ['x']}, 'operator Exists takes no values; remove them.'],
  ])('checks node-selector operators: %j', async (expression, message) => {
    const problems = await validateSettings({addressPools: [pool], bgpPeers: [{...peer, 'node-selector': {matchExpressions: [expression]}}]}, 2);
    expect(problems).toMatchObject([{severity: 'error', subject: 'spec.settings.bgpPeers[0].node-selector.matchExpressions[0].values', message}]);
  });

  it('accepts advertisement communities that are keys of bgpCommunities or literal values, and nothing else', async () => {
    const settings = (communities: string[]) => ({
      addressPools: [{...pool, 'bgp-advertisements': [{communities}]}],
      bgpCommunities: {'no-advertise': '65535:65282'},
    });
    expect(await validateSettings(settings(['no-advertise', '64600:1']), 2)).toEqual([]);
    expect(await validateSettings(settings(['no-export']), 2)).toMatchObject([{subject: 'spec.settings.addressPools[0].bgp-advertisements[0].communities[0]'}]);
  });

  it('finds overlaps between pools, naming both', async () => {
    const problems = await validateSettings({addressPools: [pool, {...pool, name: 'q', addresses: ['192.0.2.8-192.0.2.20']}]}, 2);
    expect(problems).toMatchObject([{severity: 'error', subject: 'spec.settings.addressPools[1].addresses[0] "192.0.2.8-192.0.2.20"', message: expect.stringContaining('overlaps spec.settings.addressPools[0].addresses[0] "192.0.2.0/28"')}]);
  });

  it.each([
    ['3s', 3], ['90s', 90], ['1m30s', 90], ['0', 0], [90, 90], ['1500ms', 1.5], ['3x', undefined], ['', undefined],
  ])('reads hold time %j as %j seconds', (text, seconds) => {
    expect(holdTimeSeconds(text)).toBe(seconds);
  });

  it('accepts a hold time of 0 (no keepalives) and refuses 1s', async () => {
    expect(await validateSettings({addressPools: [pool], bgpPeers: [{...peer, 'hold-time': '0'}]}, 2)).toEqual([]);
    expect(await validateSettings({addressPools: [pool], bgpPeers: [{...peer, 'hold-time': '1s'}]}, 2)).toMatchObject([{message: 'invalid hold time "1s": must be 0 or >=3s; the documentation recommends 3s.'}]);
  });
});
