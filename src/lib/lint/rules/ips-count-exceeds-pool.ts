import {ANNOTATIONS} from '../../manifests/constants.js';
import {defineRule} from '../rule.js';

export default defineRule({
  id: 'ips-count-exceeds-pool',
  severity: 'error',
  description: 'A Service asks for more addresses than its class\'s whole pool holds.',
  check({world, report}) {
    for (const s of world.services) {
      const pool = s.resolvedClass?.pool;
      if (!s.isLoadBalancer || !pool || !s.resolvedClass!.valid || s.count <= 1 || BigInt(s.count) <= pool.size) continue;
      report({doc: s.doc, path: ['metadata', 'annotations', ANNOTATIONS.externalIpsCount], message: `${s.id} asks for ${s.count} addresses but class ${s.resolvedClass!.name} has only ${pool.size} in its pool, so it can never be fully assigned; lower the count or grow the pool.`});
    }
  },
});
