import {defineRule} from '../rule.js';
import {allPools} from '../pools.js';

export default defineRule({
  id: 'pool-host-bits',
  severity: 'warning',
  description: 'A CIDR with host bits set: MetalLB uses the whole network, which may be more than meant.',
  check({world, report}) {
    for (const pool of allPools(world)) {
      for (const ref of pool.entries) {
        if (ref.entry?.network) {
          report({doc: pool.doc, path: ref.path, message: `${JSON.stringify(ref.text)} has host bits set, so MetalLB uses the network ${ref.entry.network}; write ${ref.entry.network}, or a range if you meant fewer addresses.`});
        }
      }
    }
  },
});
