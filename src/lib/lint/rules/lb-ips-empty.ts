import {defineRule} from '../rule.js';
import {LB_IPS_PATH, requestedIps} from '../requested-ips.js';

// The hook keeps empty entries (strings.Split), and the template renders no metallb.io/loadBalancerIPs for an empty
// desired IP, so that index gets the first free address: probably not what the author meant.
export default defineRule({
  id: 'lb-ips-empty',
  severity: 'warning',
  description: 'An empty entry in the load-balancer-ips annotation (",," or a trailing comma): that index gets the first free address instead.',
  check({world, report}) {
    for (const s of world.services) {
      const empty = requestedIps(s).filter((ip) => ip.empty && !ip.ignored);
      if (empty.length === 0) continue;
      const which = empty.map((ip) => ip.index + 1).join(', ');
      report({doc: s.doc, path: LB_IPS_PATH, message: `entr${empty.length === 1 ? 'y' : 'ies'} ${which} of ${s.id}'s load-balancer-ips ${empty.length === 1 ? 'is' : 'are'} empty, so the module requests no address there and ${empty.length === 1 ? 'that index gets' : 'those indexes get'} the first free address of the pool; write the address or drop the comma.`});
    }
  },
});
