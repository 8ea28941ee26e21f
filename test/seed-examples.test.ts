// Every YAML example of the Deckhouse page the project starts from must come out of our commands, object for object.
import {readFileSync} from 'node:fs';
import {parse} from 'yaml';
import {describe, expect, it} from 'vitest';
import {metallb} from './helpers/cli.js';

const docs = readFileSync(new URL('./fixtures/metallb-docs.md', import.meta.url), 'utf8');
const examples = [...docs.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => parse(m[1]!.replace(/^ {3}/gm, '')) as {kind: string; metadata: {name: string}; spec: Record<string, unknown>});

/** How a user produces each example with our tool. */
const COMMANDS: {title: string; matches: (o: (typeof examples)[number]) => boolean; argv: string[]}[] = [
  {
    title: 'the L2 ModuleConfig (no settings)',
    matches: (o) => o.kind === 'ModuleConfig' && o.spec.settings === undefined,
    argv: ['enable', '--dry-run=client', '-o', 'yaml'],
  },
  {
    title: 'the BGP ModuleConfig, from flags',
    matches: (o) => o.kind === 'ModuleConfig' && o.spec.settings !== undefined,
    argv: [
      'enable',
      '--address-pool', 'name=mypool,protocol=bgp,addresses=192.168.219.100-192.168.219.200',
      '--bgp-peer', 'peer-address=172.18.18.10,peer-asn=64601,my-asn=64600,hold-time=3s',
      '--speaker-node-selector', 'node-role.deckhouse.io/metallb=',
      '--dry-run=client', '-o', 'yaml',
    ],
  },
  {
    title: 'the MetalLoadBalancerClass',
    matches: (o) => o.kind === 'MetalLoadBalancerClass',
    argv: ['class', 'create', 'ingress', '--pool', '192.168.2.100-192.168.2.150', '--node-selector', 'node-role.kubernetes.io/loadbalancer=', '--dry-run=client', '-o', 'yaml'],
  },
  {
    title: 'the Service with three public addresses',
    matches: (o) => o.kind === 'Service',
    argv: ['service', 'create', 'nginx-deployment', '--class', 'ingress', '--port', '8000:80/TCP', '--selector', 'app=nginx', '--ips', '3', '--dry-run=client', '-o', 'yaml'],
  },
];

describe('the seed documentation examples', () => {
  it('has the four YAML examples we expect (a new example needs a command below)', () => {
    expect(examples).toHaveLength(4);
    for (const example of examples) expect(COMMANDS.filter((c) => c.matches(example))).toHaveLength(1);
  });

  it.each(COMMANDS)('reproduces $title', async ({matches, argv}) => {
    const example = examples.find(matches)!;
    const result = await metallb(...argv);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(parse(result.stdout)).toEqual(example);
  });

  it('reproduces the JSON form of the same objects with -o json', async () => {
    const example = examples.find((o) => o.kind === 'Service')!;
    const result = await metallb('service', 'create', 'nginx-deployment', '--class', 'ingress', '--port', '8000:80/TCP', '--selector', 'app=nginx', '--ips', '3', '--dry-run=client', '-o', 'json');
    expect(JSON.parse(result.stdout)).toEqual(example);
  });

  it('init without questions prints the three L2 objects of the walkthrough, in apply order', async () => {
    const result = await metallb('init', '--pool', '192.168.2.100-192.168.2.150', '--no-input');
    expect(result.code).toBe(0);
    const docsOut = result.stdout.split(/^---$/m).map((d) => parse(d));
    const l2 = [examples.find(COMMANDS[0]!.matches), examples.find(COMMANDS[2]!.matches), examples.find(COMMANDS[3]!.matches)];
    expect(docsOut).toEqual(l2);
  });
});
