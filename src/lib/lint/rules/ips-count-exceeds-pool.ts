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
      const klass = s.resolvedClass?.valid ? s.resolvedClass : undefined;
      // Only addresses of the Service's family count (MetalLB allocates per family).
      const family = s.family;
      const size = klass ? klass.familySize[family] : 0n;
      if (klass && size > 0n && BigInt(s.count) > size) {
        report({doc: s.doc, path, message: `${s.id} asks for ${s.count} addresses but class ${klass.name} has only ${size}${size === klass.pool.size ? '' : ` IPv${family}`} in its pool, so it can never be fully assigned; lower the count or grow the pool.`});
      } else if (s.count > MAX_PLANNED_ADDRESSES) {
        // An IPv6 pool holds billions: the count is still not something a cluster can carry.
        report({doc: s.doc, path, message: `${s.id} asks for ${s.count} addresses: the module creates an SDNInternalL2LBService (and MetalLB a Service object) per address, which no cluster carries at that count, and the tool plans at most ${MAX_PLANNED_ADDRESSES}; lower the count.`});
      }
    }
  },
});
