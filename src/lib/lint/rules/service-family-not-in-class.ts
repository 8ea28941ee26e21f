import {defineRule} from '../rule.js';

// MetalLB gives a Service addresses of its clusterIP's family only (allocator.go getFreeIPsFromPool); a class
// without that family leaves it pending for good. An error when the manifest states the family, a warning when
// lint assumes the cluster's primary family.
export default defineRule({
  id: 'service-family-not-in-class',
  severity: 'error',
  description: 'A Service whose IP family its class has no addresses of: it stays pending for good.',
  check({world, report}) {
    for (const s of world.services) {
      const klass = s.resolvedClass;
      if (!s.isLoadBalancer || !klass || !klass.valid) continue;
      const family = s.family;
      if (klass.familySize[family] > 0n) continue;
      const stated = s.familyStated;
      // Point at the field that states the family (clusterIP, then clusterIPs, then ipFamilies), as MetalLB reads them.
      const path = !stated ? ['metadata', 'name'] : typeof s.spec.clusterIP === 'string' && s.spec.clusterIP !== '' && s.spec.clusterIP !== 'None' ? ['spec', 'clusterIP'] : Array.isArray(s.spec.clusterIPs) && s.spec.clusterIPs.length > 0 ? ['spec', 'clusterIPs', 0] : ['spec', 'ipFamilies', 0];
      report({
        doc: s.doc, path, severity: stated ? 'error' : 'warning',
        message: `${s.id} is IPv${family} (${stated ? 'its clusterIP, clusterIPs or ipFamilies' : `no family in the manifest: the cluster's primary, assumed IPv${family}; pass --ip-family if it is not`}) but class ${klass.name} has only IPv${family === 4 ? 6 : 4} addresses, so MetalLB never gives it one; add IPv${family} addresses to the class or set spec.ipFamilies to the class's family.`,
      });
    }
  },
});
