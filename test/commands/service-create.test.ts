import {parse} from 'yaml';
import {describe, expect, it} from 'vitest';
import {metallb} from '../helpers/cli.js';

const create = (...args: string[]) => metallb('service', 'create', ...args, '--dry-run=client');

describe('d8 metallb service create', () => {
  it('writes annotations as strings and the spec in the documentation\'s order', async () => {
    const r = await create('web', '-n', 'prod', '--class', 'ingress', '--port', '443:8443', '--ips', '2', '--load-balancer-ips', '192.0.2.10,192.0.2.11', '--shared-ip-key', 'k1', '--external-traffic-policy', 'Local', '--selector', 'app=web');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('network.deckhouse.io/l2-load-balancer-external-ips-count: "2"');
    const service = parse(r.stdout);
    expect(service).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'web',
        namespace: 'prod',
        annotations: {
          'network.deckhouse.io/l2-load-balancer-external-ips-count': '2',
          'network.deckhouse.io/load-balancer-ips': '192.0.2.10,192.0.2.11',
          'network.deckhouse.io/load-balancer-shared-ip-key': 'k1',
        },
      },
      spec: {type: 'LoadBalancer', loadBalancerClass: 'ingress', externalTrafficPolicy: 'Local', ports: [{port: 443, protocol: 'TCP', targetPort: 8443}], selector: {app: 'web'}},
    });
    expect(Object.keys(service.spec)).toEqual(['type', 'loadBalancerClass', 'externalTrafficPolicy', 'ports', 'selector']);
  });

  it('names ports when there are several, as kubectl does, with the protocol where two would clash', async () => {
    const r = await create('dns', '--port', '53/UDP', '--port', '53/TCP', '--port', '8080:http');
    expect(parse(r.stdout).spec.ports).toEqual([
      {name: '53-53-udp', port: 53, protocol: 'UDP'},
      {name: '53-53-tcp', port: 53, protocol: 'TCP'},
      {name: '8080-http', port: 8080, protocol: 'TCP', targetPort: 'http'},
    ]);
  });

  it('puts the class in the mutable annotation with --class-annotation', async () => {
    const service = parse((await create('web', '--class', 'ingress', '--class-annotation', '--port', '80')).stdout);
    expect(service.spec.loadBalancerClass).toBeUndefined();
    expect(service.metadata.annotations).toEqual({'network.deckhouse.io/metal-load-balancer-class': 'ingress'});
  });

  it('removes spaces the module would not trim from --load-balancer-ips, and asks for as many IPs as given', async () => {
    const r = await create('web', '--port', '80', '--load-balancer-ips', '192.0.2.10, 192.0.2.11');
    expect(r.code).toBe(0);
    const annotations = parse(r.stdout).metadata.annotations;
    expect(annotations['network.deckhouse.io/load-balancer-ips']).toBe('192.0.2.10,192.0.2.11');
    expect(annotations['network.deckhouse.io/l2-load-balancer-external-ips-count']).toBe('2');
    expect(r.stderr).toMatch(/^\[INFO\] --load-balancer-ips "192.0.2.10, 192.0.2.11": spaces removed/m);
  });

  it('omits the class when none is given (the module then uses the default class)', async () => {
    const service = parse((await create('web', '--port', '80')).stdout);
    expect(service.spec).toEqual({type: 'LoadBalancer', ports: [{port: 80, protocol: 'TCP'}]});
  });

  it.each([
    ['a zero count', ['--port', '80', '--ips', '0'], '[ERROR] --ips "0": "0" is not a positive whole number (the module would silently use 1); give a number such as 3.'],
    ['a non-numeric count', ['--port', '80', '--ips', 'three'], '[ERROR] --ips "three": "three" is not a positive whole number (the module would silently use 1); give a number such as 3.'],
    ['more fixed IPs than the count', ['--port', '80', '--ips', '1', '--load-balancer-ips', '192.0.2.1,192.0.2.2'], '[ERROR] --load-balancer-ips "192.0.2.1,192.0.2.2": 2 addresses for 1 public IP, and the module silently ignores the extra 1; raise --ips to 2 or list 1 address.'],
    ['an invalid fixed IP', ['--port', '80', '--load-balancer-ips', '192.0.2.1,300.1.1.1'], '[ERROR] --load-balancer-ips "192.0.2.1,300.1.1.1": "300.1.1.1" is not an IP address; give addresses separated by commas, like 192.0.2.10,192.0.2.11.'],
    ['a port out of range', ['--port', '70000'], '[ERROR] --port "70000": port "70000" is not a number from 1 to 65535; write it like 8000:80/TCP.'],
    ['an unknown protocol', ['--port', '80/ICMP'], '[ERROR] --port "80/ICMP": protocol "ICMP" is not TCP, UDP or SCTP; use TCP, UDP or SCTP.'],
    ['a port given twice', ['--port', '80', '--port', '80:8080'], '[ERROR] --port "80:8080": port 80/TCP is given twice; give each port and protocol once.'],
    ['a bad namespace', ['--port', '80', '-n', 'Prod'], '[ERROR] --namespace "Prod": it is not a valid namespace name; use lowercase letters, digits and "-", starting and ending with a letter or digit.'],
    ['an empty sharing key', ['--port', '80', '--shared-ip-key', ' '], '[ERROR] --shared-ip-key " ": the key is empty; give the same non-empty key to every Service that shares addresses.'],
  ])('refuses %s with one sentence and exit 2', async (_, flags, message) => {
    const r = await create('web', ...flags);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${message}\n`);
  });

  it('refuses a Service name that starts with a digit (DNS-1035)', async () => {
    const r = await create('1web', '--port', '80');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^\[ERROR\] NAME "1web": it is not a valid Service name; /);
  });
});
