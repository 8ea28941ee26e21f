import {defineRule} from '../rule.js';
import {LB_IPS_PATH, requestedIps} from '../requested-ips.js';

export default defineRule({
  id: 'lb-ips-spaces',
  severity: 'error',
  description: 'Spaces in the load-balancer-ips annotation: the module does not trim them, so the address is unusable.',
  check({world, report}) {
    for (const s of world.services) {
      const spaced = requestedIps(s).filter((ip) => ip.text !== ip.text.trim() && ip.text.trim() !== '');
      if (spaced.length === 0) continue;
      const fixed = requestedIps(s).map((ip) => ip.text.trim()).join(',');
      report({doc: s.doc, path: LB_IPS_PATH, message: `${spaced.map((ip) => JSON.stringify(ip.text)).join(', ')} ${spaced.length === 1 ? 'has' : 'have'} spaces, which the module does not trim, so ${s.id} cannot get ${spaced.length === 1 ? 'that address' : 'those addresses'}; write ${JSON.stringify(fixed)}.`});
    }
  },
});
