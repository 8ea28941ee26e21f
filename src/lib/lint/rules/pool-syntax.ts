import {defineRule} from '../rule.js';
import {allPools} from '../pools.js';

export default defineRule({
  id: 'pool-syntax',
  severity: 'error',
  description: 'An address pool entry MetalLB cannot parse (it then rejects the whole configuration).',
  check({world, report}) {
    for (const pool of allPools(world)) {
      for (const ref of pool.entries) {
        if (ref.error && ref.error.code !== 'mixed-families') {
          report({doc: pool.doc, path: ref.path, message: `${ref.error.metallbMessage}, and MetalLB then rejects the whole configuration; ${ref.error.hint}`});
        }
      }
    }
  },
});
