import {formatIp} from '../../net/index.js';
import {defineRule} from '../rule.js';
import {LB_IPS_PATH, requestedIps} from '../requested-ips.js';

export default defineRule({
  id: 'lb-ips-outside-pool',
  severity: 'error',
  description: 'A requested address is not in the pool of the Service\'s class: it is never assigned.',
  check({world, report}) {
    for (const s of world.services) {
      const klass = s.resolvedClass;
      if (!s.isLoadBalancer || !klass || !klass.valid) continue;
      for (const ip of requestedIps(s)) {
        if (!ip.address || ip.ignored || klass.pool.contains(ip.address) || ip.address.family !== s.family) continue; // family: lb-ips-wrong-family
        report({doc: s.doc, path: LB_IPS_PATH, message: `${formatIp(ip.address)} is not in the pool of class ${klass.name} (${klass.entries.map((e) => e.text).join(', ')}), so ${s.id} never gets it; request an address from the pool.`});
      }
    }
  },
});
