import {ANNOTATIONS} from '../../manifests/constants.js';
import {MAX_PLANNED_ADDRESSES} from '../../manifests/service-rules.js';
import {defineRule} from '../rule.js';

export default defineRule({
  id: 'ips-count-exceeds-pool',
  severity: 'error',
  description: `A Service asks for more addresses than its class's whole pool holds, or for more than ${MAX_PLANNED_ADDRESSES} (one object each in the module).`,
  check({world, report}) {
    for (const s of world.services) {
      if (!s.isLoadBalancer || s.count <= 1) continue;
      const path = ['metadata', 'annotations', ANNOTATIONS.externalIpsCount];
      const pool = s.resolvedClass?.valid ? s.resolvedClass.pool : undefined;
      if (pool && BigInt(s.count) > pool.size) {
        report({doc: s.doc, path, message: `${s.id} asks for ${s.count} addresses but class ${s.resolvedClass!.name} has only ${pool.size} in its pool, so it can never be fully assigned; lower the count or grow the pool.`});
      } else if (s.count > MAX_PLANNED_ADDRESSES) {
        // An IPv6 pool holds billions: the count is still not something a cluster can carry.
        report({doc: s.doc, path, message: `${s.id} asks for ${s.count} addresses: the module creates an SDNInternalL2LBService (and MetalLB a Service object) per address, which no cluster carries at that count, and the tool plans at most ${MAX_PLANNED_ADDRESSES}; lower the count.`});
      }
    }
  },
});
