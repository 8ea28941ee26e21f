// Which addresses announce takes from manifests: those the engine gives a node, a class or a Service.
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {addressesFromFlags} from '../../../src/cli/announce-addresses.js';
import {plan} from '../../../src/lib/allocator/engine.js';
import {engineObjects} from '../../../src/lib/allocator/from-manifests.js';
import {readDocuments} from '../../../src/cli/manifest-inputs.js';

const CLUSTER = fileURLToPath(new URL('../../fixtures/seed-examples.yaml', import.meta.url));
const NODES = fileURLToPath(new URL('../../fixtures/lb-nodes.yaml', import.meta.url));

describe('announce addresses from manifests', () => {
  it('takes exactly the addresses the module gives a node', () => {
    const result = plan(engineObjects(readDocuments([CLUSTER, NODES], '')));
    const node = result.services[0]!.addresses[1]!.announcer!;
    const expected = result.services[0]!.addresses.filter((a) => a.announcer === node).map((a) => a.ip);
    expect(addressesFromFlags({filename: [CLUSTER, NODES], node})).toEqual(expected);
    expect(addressesFromFlags({filename: [CLUSTER, NODES], class: 'ingress'})).toEqual(['192.168.2.100', '192.168.2.101', '192.168.2.102']);
    expect(addressesFromFlags({filename: [CLUSTER, NODES], service: 'nginx-deployment'})).toHaveLength(3);
  });

  it('says what is missing when no choice is given, and takes --ip as given (IPv4 and IPv6)', () => {
    expect(() => addressesFromFlags({filename: [CLUSTER, NODES]})).toThrow(/with -f, say which addresses: --node NAME/);
    expect(addressesFromFlags({ip: ['192.0.2.10', '2001:DB8::10']})).toEqual(['192.0.2.10', '2001:db8::10']);
  });
});
