// The wizards, driven through inquirer's own test screen: real prompts, our validators, typed answers.
import {screen} from '@inquirer/testing/vitest';
import {describe, expect, it} from 'vitest';
import {createInquirerPrompter} from '../../../src/lib/prompts/prompter.js';
import {askBgpConfiguration, askBgpPeer, askBgpPool, askClass, askService} from '../../../src/lib/prompts/wizards.js';
import {buildInitManifests, completeInit} from '../../../src/lib/prompts/init-wizard.js';

async function answer(text: string): Promise<void> {
  if (text) screen.type(text);
  screen.keypress('enter');
  await screen.next();
}

describe('class wizard', () => {
  it('asks only for what is missing, rejects an invalid pool with the library\'s message, and accepts a fixed one', async () => {
    const prompter = await createInquirerPrompter();
    const result = askClass({name: 'ingress'}, prompter);
    expect(screen.getScreen()).toContain('Address pool (CIDRs or ranges, comma-separated)');
    await answer('192.0.2.9-192.0.2.1');
    expect(screen.getScreen()).toContain('"192.0.2.9-192.0.2.1": start IP 192.0.2.9 is after the end IP 192.0.2.1; swap them.');
    for (let i = 0; i < '192.0.2.9-192.0.2.1'.length; i++) screen.keypress('backspace');
    await answer('192.0.2.1-192.0.2.9, 192.0.2.64/27');
    expect(screen.getScreen()).toContain('Announcing nodes');
    await answer('node-role.kubernetes.io/loadbalancer=');
    expect(screen.getScreen()).toContain('Default class');
    await answer('y');
    expect(screen.getScreen()).toContain('Interfaces');
    screen.keypress('enter');
    await expect(result).resolves.toEqual({
      name: 'ingress',
      pools: ['192.0.2.1-192.0.2.9', '192.0.2.64/27'],
      nodeSelector: ['node-role.kubernetes.io/loadbalancer='],
      isDefault: true,
      interfaces: [],
      type: 'L2',
    });
  });
});

describe('service wizard', () => {
  it('offers the known classes as choices and a default selector from the name', async () => {
    const prompter = await createInquirerPrompter();
    const result = askService({ports: ['80']}, prompter, {classChoices: ['ingress', 'public']});
    await answer('web');
    expect(screen.getScreen()).toContain('public');
    screen.keypress('down');
    await answer('');
    expect(screen.getScreen()).toContain('app=web');
    await answer('');
    expect(screen.getScreen()).toContain('Number of public IP addresses');
    await answer('x');
    expect(screen.getScreen()).toContain('"x" is not a positive whole number (the module would silently use 1)');
    screen.keypress('backspace');
    await answer('2');
    screen.keypress('enter'); // namespace: empty
    await expect(result).resolves.toEqual({name: 'web', ports: ['80'], className: 'public', selector: ['app=web'], ipsCount: '2'});
  });
});

describe('init wizard', () => {
  it('walks through the documentation\'s example with its defaults, asking only for the pool', async () => {
    const prompter = await createInquirerPrompter();
    const result = completeInit({class: {}, service: {}}, prompter);
    expect(screen.getScreen()).toContain('ModuleConfig settings version');
    await answer(''); // 2
    expect(screen.getScreen()).toContain('MetalLoadBalancerClass name');
    await answer(''); // ingress
    await answer('192.168.2.100-192.168.2.150');
    await answer(''); // node-role.kubernetes.io/loadbalancer=
    await answer(''); // not default
    await answer(''); // all interfaces
    expect(screen.getScreen()).toContain('Service name');
    await answer(''); // nginx-deployment
    await answer(''); // 8000:80/TCP
    await answer(''); // app=nginx
    await answer(''); // 3
    screen.keypress('enter'); // no namespace
    const answers = await result;
    const {manifests} = await buildInitManifests(answers);
    expect(manifests.map((m) => m.kind)).toEqual(['ModuleConfig', 'MetalLoadBalancerClass', 'Service']);
    expect(manifests[2]).toMatchObject({metadata: {name: 'nginx-deployment', annotations: {'network.deckhouse.io/l2-load-balancer-external-ips-count': '3'}}, spec: {loadBalancerClass: 'ingress'}});
  });
});

describe('BGP wizards', () => {
  it('pool: refuses an IPv6 entry with the CRD\'s reason, then takes IPv4 ones', async () => {
    const prompter = await createInquirerPrompter();
    const result = askBgpPool({name: 'public'}, prompter);
    expect(screen.getScreen()).toContain('IPv4 addresses (CIDRs or ranges, comma-separated)');
    await answer('2001:db8::/64');
    expect(screen.getScreen()).toContain('MetalLoadBalancerPool takes IPv4 CIDRs and ranges only');
    for (let i = 0; i < '2001:db8::/64'.length; i++) screen.keypress('backspace');
    screen.type('192.0.2.0/28');
    screen.keypress('enter');
    await expect(result).resolves.toEqual({name: 'public', addresses: ['192.0.2.0/28']});
  });

  it('peer: asks for the address and both ASNs, refusing an ASN of 0', async () => {
    const prompter = await createInquirerPrompter();
    const result = askBgpPeer({name: 'r1'}, prompter);
    await answer('192.0.2.1');
    expect(screen.getScreen()).toContain('Router ASN');
    await answer('0');
    expect(screen.getScreen()).toContain('it is not a whole number from 1 to 4294967295');
    screen.keypress('backspace');
    await answer('64601');
    expect(screen.getScreen()).toContain('Cluster ASN');
    screen.type('64600');
    screen.keypress('enter');
    await expect(result).resolves.toEqual({name: 'r1', peerAddress: '192.0.2.1', peerASN: '64601', myASN: '64600'});
  });

  it('configuration: pools, peers (the cluster\'s shown as choices) and speaker nodes', async () => {
    const prompter = await createInquirerPrompter();
    const result = askBgpConfiguration({name: 'edge'}, prompter, {pools: ['public'], peers: ['r1', 'r2']});
    expect(screen.getScreen()).toContain('Pools to advertise, comma-separated (public)');
    await answer('public');
    expect(screen.getScreen()).toContain('Peers (empty: every peer session on the nodes), comma-separated (r1, r2)');
    await answer('r1');
    expect(screen.getScreen()).toContain('Speaker nodes');
    screen.keypress('enter');
    await expect(result).resolves.toEqual({name: 'edge', pools: ['public'], peers: ['r1'], nodeSelector: []});
  });
});
