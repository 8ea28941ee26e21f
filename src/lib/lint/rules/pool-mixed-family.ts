import {defineRule} from '../rule.js';
import {allPools} from '../pools.js';

export default defineRule({
  id: 'pool-mixed-family',
  severity: 'error',
  description: 'A range from an IPv4 to an IPv6 address: MetalLB silently makes it an empty range.',
  check({world, report}) {
    for (const pool of allPools(world)) {
      for (const ref of pool.entries) {
        if (ref.error?.code === 'mixed-families') {
          report({doc: pool.doc, path: ref.path, message: `${ref.error.reason}, and MetalLB turns such a range into no addresses at all; ${ref.error.hint}`});
        }
      }
    }
  },
});
