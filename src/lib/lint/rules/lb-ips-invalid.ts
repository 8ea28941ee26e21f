import {defineRule} from '../rule.js';
import {LB_IPS_PATH, requestedIps} from '../requested-ips.js';

export default defineRule({
  id: 'lb-ips-invalid',
  severity: 'error',
  description: 'An entry of the load-balancer-ips annotation is not an IP address.',
  check({world, report}) {
    for (const s of world.services) {
      for (const ip of requestedIps(s)) {
        if (ip.address || ip.empty || ip.ignored) continue; // empty: lb-ips-empty
        report({doc: s.doc, path: LB_IPS_PATH, message: `entry ${ip.index + 1}, ${JSON.stringify(ip.text)}, is not an IP address, so MetalLB refuses it (invalid metallb.io/loadBalancerIPs) and that index stays pending; list addresses separated by commas, like "192.0.2.10,192.0.2.11".`});
      }
    }
  },
});
