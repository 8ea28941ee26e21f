import {defineRule} from '../rule.js';
import {allPools} from '../pools.js';

export default defineRule({
  id: 'pool-mixed-family',
  severity: 'warning',
  description: 'A range from an IPv6 to an IPv4 address that MetalLB accepts and turns into no addresses at all.',
  check({world, report}) {
    for (const pool of allPools(world)) {
      for (const ref of pool.entries) {
        if (ref.error?.code === 'mixed-families') {
          // The other order ("1.2.3.4-::1") is "start after end" for MetalLB: pool-syntax reports it.
          report({doc: pool.doc, path: ref.path, message: `${ref.error.reason}; MetalLB accepts the range and gives it no addresses at all (config.ParseCIDR summarises it to nothing); ${ref.error.hint}`});
        }
      }
    }
  },
});
