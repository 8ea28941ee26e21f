import {formatIp} from '../../net/index.js';
import {defineRule} from '../rule.js';
import {LB_IPS_PATH, requestedIps} from '../requested-ips.js';

// MetalLB refuses a requested address of another family than the Service's clusterIP (controller/service.go
// allocateIPs: "requested loadBalancer IP(s) %q does not match the ipFamily of the service").
export default defineRule({
  id: 'lb-ips-wrong-family',
  severity: 'error',
  description: 'A requested address of the other IP family than the Service (its clusterIP\'s): MetalLB refuses it.',
  check({world, report}) {
    for (const s of world.services) {
      if (!s.isLoadBalancer) continue;
      const family = s.family;
      for (const ip of requestedIps(s)) {
        if (!ip.address || ip.ignored || ip.address.family === family) continue;
        const why = s.familyStated ? 'its clusterIP\'s family' : `the cluster's primary family as lint assumes it; pass --ip-family if it is IPv${family === 4 ? 6 : 4}`;
        report({doc: s.doc, path: LB_IPS_PATH, message: `${formatIp(ip.address)} is IPv${ip.address.family} but ${s.id} is IPv${family} (${why}), so MetalLB refuses it ("does not match the ipFamily of the service") and that index stays pending; request an IPv${family} address.`});
      }
    }
  },
});
