// Output is never cut off: a command that exits non-zero with megabytes on stdout writes all of it to a pipe whose
// reader is slow, byte for byte what it writes to a file. (oclif's exit was process.exit before stdout had drained:
// `lint -o json | jq` got 64 KiB.)
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {intoFile, throughSlowPipe} from '../helpers/streams.js';

const dir = mkdtempSync(join(tmpdir(), 'd8-metallb-output-'));

// 3,000 Services in a /24 class: 254 get addresses, the rest stay pending (exit 1), and every one is in the output.
// Each Service also breaks several lint rules, so that lint lists 1,000 findings of each (its cap per rule).
const services = Array.from({length: 3000}, (_, i) =>
  `---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web-${i}\n  namespace: ns\n  annotations:\n    network.deckhouse.io/load-balancer-ips: "192.0.2.${i % 250},,198.51.100.1"\n    network.deckhouse.io/l2-load-balancer-external-ips-count: "2"\n    metallb.universe.tf/address-pool: old\nspec:\n  type: LoadBalancer\n  loadBalancerClass: small\n  bogus: true\n  ports:\n  - port: 70000\n`).join('');
const BIG = join(dir, 'big.yaml');
writeFileSync(BIG, `apiVersion: network.deckhouse.io/v1alpha1\nkind: MetalLoadBalancerClass\nmetadata:\n  name: small\nspec:\n  type: L2\n  addressPool:\n  - 192.0.2.0/24\n  nodeSelector: {}\n---\napiVersion: v1\nkind: Node\nmetadata:\n  name: n1\n${services}`);

describe('output to a slow pipe is complete, whatever the exit code', () => {
  for (const args of [
    ['ip', 'allocate', '-f', BIG, '-o', 'json'],
    ['lint', '-o', 'json', BIG],
    ['lint', '-o', 'sarif', BIG],
    ['lint', '-o', 'junit', BIG],
  ]) {
    it(`${args.join(' ').replace(BIG, 'big.yaml')}: more than 1 MB, exit 1, byte-identical to a file`, async () => {
      const [piped, filed] = await Promise.all([throughSlowPipe(args), intoFile(args)]);
      expect(filed.code).toBe(1);
      expect(filed.stdout.length).toBeGreaterThan(1_000_000);
      expect(piped.code).toBe(1);
      expect(piped.stdout.length).toBe(filed.stdout.length);
      expect(piped.stdout.equals(filed.stdout)).toBe(true);
    }, 60_000);
  }
});
