// Flags and messages as a new user meets them: one duration syntax, suggestions for mistypes, kubectl's -o name,
// the executable's own name in help and errors, help wrapped once.
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {metallb, runBin} from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'd8-metallb-messages-'));
const only = (stderr: string) => {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0]!;
};

describe('durations: one parser, naming its flag, checked even where unused', () => {
  it.each([
    [['status', '--timeout', 'forever'], '[ERROR] --timeout "forever": not a duration; write it like 500ms, 30s, 1m30s or 2h.'],
    [['announce', '--interface', 'lo', '--ip', '192.0.2.1', '--refresh', 'never'], '[ERROR] --refresh "never": not a duration; write it like 500ms, 30s, 1m30s or 2h.'],
    [['announce', '--interface', 'lo', '--ip', '192.0.2.1', '--probe-timeout', 'x'], '[ERROR] --probe-timeout "x": not a duration; write it like 500ms, 30s, 1m30s or 2h.'],
    [['ip', 'probe', '--interface', 'lo', '--ip', '192.0.2.1', '--timeout', 'x'], '[ERROR] --timeout "x": not a duration; write it like 500ms, 30s, 1m30s or 2h.'],
    [['class', 'create', 'x', '--pool', '192.0.2.0/28', '--request-timeout', '5x', '--dry-run=client'], '[ERROR] --request-timeout "5x": not a duration; write it like 500ms, 30s, 1m30s or 2h (0: no limit).'],
  ])('%j', async (args, message) => {
    const r = await metallb(...args);
    expect(r.code).toBe(2);
    expect(only(r.stderr)).toBe(message);
  });

  it('1m30s is a duration', async () => {
    expect((await metallb('class', 'create', 'x', '--pool', '192.0.2.0/28', '--request-timeout', '1m30s', '--dry-run=client')).code).toBe(0);
  });
});

describe('did you mean', () => {
  it.each([
    [['enabel'], '[ERROR] unknown command "d8 metallb enabel"; did you mean \'d8 metallb enable\'?'],
    [['class', 'crate'], '[ERROR] unknown command "d8 metallb class crate"; did you mean \'d8 metallb class create\'?'],
    [['class', 'create', 'x', '--pol', '192.0.2.0/28'], "[ERROR] unknown flag --pol; did you mean --pool? see 'd8 metallb class create --help' for the flags."],
    [['class', 'create', 'x', '--pool', '192.0.2.0/28', '--dryrun=client'], "[ERROR] unknown flag --dryrun; did you mean --dry-run? see 'd8 metallb class create --help' for the flags."],
    [['enable', '--version', '3'], "[ERROR] unknown flag --version; did you mean --config-version? see 'd8 metallb enable --help' for the flags."],
  ])('%j', async (args, message) => {
    const r = await metallb(...args);
    expect(r.code).toBe(2);
    expect(only(r.stderr)).toBe(message);
  });
});

describe('the executable the user ran', () => {
  it('d8-metallb and kubectl-metallb name themselves in errors and help, not "d8 metallb"', async () => {
    const error = await runBin('d8-metallb.js', ['class', 'crate']);
    expect(only(error.stderr)).toBe('[ERROR] unknown command "d8-metallb class crate"; did you mean \'d8-metallb class create\'?');
    const usage = await runBin('kubectl-metallb.js', ['class', 'create', '--help']);
    expect(usage.stdout).toContain('$ kubectl metallb class create');
    expect(usage.stdout).not.toContain('d8 metallb');
    const flag = await runBin('d8-metallb.js', ['lint', '--strictt', 'x']);
    expect(only(flag.stderr)).toBe("[ERROR] unknown flag --strictt; did you mean --strict? see 'd8-metallb lint --help' for the flags.");
  });

  it('help wraps a description once: no line ends early in the middle of a paragraph', async () => {
    const help = (await metallb('lint', '--help')).stdout;
    const description = help.slice(help.indexOf('DESCRIPTION'), help.indexOf('EXAMPLES')).split('\n').slice(1);
    const paragraph = description.slice(description.findIndex((l) => l.includes('Files, directories')));
    // Every line but a paragraph's last fills the width (80 columns) to within one word.
    const ragged = paragraph.filter((l, i) => l.trim() !== '' && paragraph[i + 1]?.trim() && l.length < 60);
    expect(ragged).toEqual([]);
  });

  it('the ip topic does not claim to be offline only', async () => {
    const help = (await metallb('--help')).stdout;
    expect(help).not.toContain('offline, from manifests');
  });
});

describe('kubectl conventions offline', () => {
  it('-o name with --dry-run=client prints the resource name as kubectl does', async () => {
    expect((await metallb('class', 'create', 'ingress', '--pool', '192.0.2.0/28', '--dry-run=client', '-o', 'name')).stdout).toBe('metalloadbalancerclass.network.deckhouse.io/ingress\n');
    expect((await metallb('service', 'create', 'web', '--port', '80', '--dry-run=client', '-o', 'name')).stdout).toBe('service/web\n');
    expect((await metallb('enable', '--dry-run=client', '-o', 'name')).stdout).toBe('moduleconfig.deckhouse.io/metallb\n');
  });
});

describe('inputs the tool used to accept silently', () => {
  const cluster = join(dir, 'cluster.yaml');
  writeFileSync(cluster, `${readFileSync(new URL('../fixtures/seed-examples.yaml', import.meta.url), 'utf8')}---\napiVersion: v1\nkind: Node\nmetadata:\n  name: lb-1\n  labels:\n    node-role.kubernetes.io/loadbalancer: ""\n`);

  it('ip allocate --drain of a node that is not in the input is exit 2, naming the nodes there are', async () => {
    const r = await metallb('ip', 'allocate', '-f', cluster, '--drain', 'nosuch');
    expect(r.code).toBe(2);
    expect(only(r.stderr)).toBe('[ERROR] --drain "nosuch": no such node in the input; the nodes are lb-1.');
    const near = await metallb('ip', 'allocate', '-f', cluster, '--drain', 'lb-11');
    expect(only(near.stderr)).toBe('[ERROR] --drain "lb-11": no such node in the input; did you mean lb-1? the nodes are lb-1.');
  });

  it('a List whose items is not a list is an error, not a silent skip', async () => {
    const r = await runBin('run.js', ['metallb', 'lint', '-o', 'json', '-'], {input: 'apiVersion: v1\nkind: List\nitems: 3\n---\napiVersion: v1\nkind: List\nitems: [1]\n'});
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).diagnostics.map((d: {rule: string; message: string}) => [d.rule, d.message])).toEqual([
      ['not-an-object', "this List's items is not a list, so it holds no object; write the objects under items: as a list."],
      ['not-an-object', 'items[0] of this List is not a Kubernetes object (a mapping with apiVersion and kind); remove it or fix it.'],
    ]);
  });

  it('init never writes what lint rejects: three addresses asked of a /31', async () => {
    const r = await metallb('init', '--ips', '10', '--pool', '192.0.2.0/30', '--no-input');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe('[ERROR] these answers make manifests the module cannot serve: the 1 Service of class ingress request 10 addresses but its pool has 4, so 6 stay pending; grow the pool or lower the counts.');
  });

  it.each([
    ['0.0.0.0', 'the unspecified'], ['255.255.255.255', 'the broadcast'], ['224.0.0.1', 'a multicast'], ['127.0.0.2', 'a loopback'],
    ['169.254.0.9', 'a link-local'], ['fe80::1', 'a link-local'], ['ff02::1', 'a multicast'], ['::', 'the unspecified'],
  ])('announce refuses --ip %s (%s address)', async (address, kind) => {
    const r = await metallb('announce', '--interface', 'lo', '--allow-excluded', '--ip', address);
    expect(r.code).toBe(2);
    expect(only(r.stderr)).toBe(`[ERROR] --ip "${address}": ${kind} address, which no speaker announces; give a unicast address of the link's network.`);
  });
});

describe('names as the module derives them', () => {
  it('class create refuses a name no Service could use (the derived label value exceeds 63 characters)', async () => {
    const name = 'c'.repeat(60);
    const r = await metallb('class', 'create', name, '--pool', '192.0.2.0/28', '--dry-run=client');
    expect(r.code).toBe(2);
    expect(only(r.stderr)).toContain(`it is 60 characters long: the module names each address's object <service>-${name}-<index>, which MetalLB writes into a label value of at most 63 characters`);
    expect((await metallb('class', 'create', 'c'.repeat(59), '--pool', '192.0.2.0/28', '--dry-run=client')).code).toBe(0);
  });

  it('service create and lint refuse a Service whose <service>-<class>-<index> is too long', async () => {
    const service = 's'.repeat(40);
    const klass = 'k'.repeat(20);
    const r = await metallb('service', 'create', service, '--class', klass, '--port', '80', '--ips', '11', '--dry-run=client');
    expect(r.code).toBe(2);
    expect(only(r.stderr)).toContain(`the module names an address's object ${service}-${klass}-10 (64 characters)`);
    expect((await metallb('service', 'create', service, '--class', klass, '--port', '80', '--ips', '10', '--dry-run=client')).code).toBe(0);
    const file = join(dir, 'long.yaml');
    writeFileSync(file, `apiVersion: network.deckhouse.io/v1alpha1\nkind: MetalLoadBalancerClass\nmetadata:\n  name: ${klass}\nspec:\n  type: L2\n  addressPool:\n  - 192.0.2.0/24\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: ${service}\n  annotations:\n    network.deckhouse.io/l2-load-balancer-external-ips-count: "11"\nspec:\n  type: LoadBalancer\n  loadBalancerClass: ${klass}\n  ports:\n  - port: 80\n`);
    const lint = JSON.parse((await metallb('lint', '-o', 'json', file)).stdout);
    expect(lint.diagnostics.map((d: {rule: string}) => d.rule)).toEqual(['derived-name-too-long']);
  });

  it('lint reports two ModuleConfig peers for the same session (peer-address and my-asn)', async () => {
    const file = join(dir, 'peers.yaml');
    writeFileSync(file, 'apiVersion: deckhouse.io/v1alpha1\nkind: ModuleConfig\nmetadata:\n  name: metallb\nspec:\n  version: 2\n  enabled: true\n  settings:\n    addressPools:\n    - name: p\n      protocol: bgp\n      addresses: [198.51.100.0/28]\n    bgpPeers:\n    - {peer-address: 192.0.2.1, peer-asn: 64601, my-asn: 64600}\n    - {peer-address: 192.0.2.1, peer-asn: 64601, my-asn: 64600}\n    - {peer-address: 192.0.2.1, peer-asn: 64601, my-asn: 64700}\n');
    const lint = JSON.parse((await metallb('lint', '-o', 'json', file)).stdout);
    expect(lint.diagnostics.filter((d: {message: string}) => /second peer/.test(d.message))).toEqual([
      expect.objectContaining({rule: 'module-config-settings', line: 15, message: expect.stringContaining('a second peer with peer-address 192.0.2.1, my-asn 64600 (also bgpPeers[0])')}),
    ]);
  });
});
