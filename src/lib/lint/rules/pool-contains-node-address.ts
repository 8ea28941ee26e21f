import {formatIp, parseIp, rangeContains} from '../../net/index.js';
import {defineRule} from '../rule.js';
import {allPools} from '../pools.js';

export default defineRule({
  id: 'pool-contains-node-address',
  severity: 'error',
  description: 'A pool contains a Node\'s InternalIP or ExternalIP: the module would hand out an address that belongs to a node.',
  check({world, report}) {
    const addresses = world.nodes.flatMap((node) => node.addresses.flatMap((a) => {
      const ip = parseIp(a.address);
      return ip ? [{node: node.name, type: a.type, ip}] : [];
    }));
    if (addresses.length === 0) return;
    for (const pool of allPools(world)) {
      for (const ref of pool.entries) {
        if (!ref.entry) continue;
        for (const a of addresses) {
          if (rangeContains(ref.entry.range, a.ip)) {
            report({doc: pool.doc, path: ref.path, message: `${JSON.stringify(ref.text)} contains ${formatIp(a.ip)}, the ${a.type} of node ${a.node}, so a Service could get the node's own address; leave it out of the pool.`});
          }
        }
      }
    }
  },
});
