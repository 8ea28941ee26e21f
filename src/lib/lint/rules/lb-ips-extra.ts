import {ANNOTATIONS} from '../../manifests/constants.js';
import {defineRule} from '../rule.js';
import {LB_IPS_PATH, requestedIps} from '../requested-ips.js';

export default defineRule({
  id: 'lb-ips-extra',
  severity: 'warning',
  description: 'More addresses in load-balancer-ips than the Service\'s IP count: the module ignores the extras.',
  check({world, report}) {
    for (const s of world.services) {
      const extra = requestedIps(s).filter((ip) => ip.ignored);
      if (extra.length === 0) continue;
      report({doc: s.doc, path: LB_IPS_PATH, message: `${s.id} asks for ${s.count} address${s.count === 1 ? '' : 'es'} but lists ${requestedIps(s).length}, so the module ignores ${extra.map((ip) => JSON.stringify(ip.text)).join(', ')}; set ${ANNOTATIONS.externalIpsCount} to "${requestedIps(s).length}" or drop the extras.`});
    }
  },
});
