import {defineRule} from '../rule.js';
import {LB_IPS_PATH, requestedIps} from '../requested-ips.js';

// MetalLB trims each entry (controller/service.go getDesiredLbIPs: net.ParseIP(strings.TrimSpace(...))), so spaces
// around an address change nothing; an info, for tidiness.
export default defineRule({
  id: 'lb-ips-spaces',
  severity: 'info',
  description: 'Spaces around an address in the load-balancer-ips annotation: harmless (MetalLB trims them), but untidy.',
  check({world, report}) {
    for (const s of world.services) {
      const spaced = requestedIps(s).filter((ip) => ip.address && ip.text !== ip.text.trim());
      if (spaced.length === 0) continue;
      const fixed = requestedIps(s).map((ip) => ip.text.trim()).join(',');
      report({doc: s.doc, path: LB_IPS_PATH, message: `${spaced.map((ip) => JSON.stringify(ip.text)).join(', ')} ${spaced.length === 1 ? 'has' : 'have'} spaces, which MetalLB trims, so they change nothing; write ${JSON.stringify(fixed)} to keep it tidy.`});
    }
  },
});
