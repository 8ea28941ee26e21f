import {formatIp} from '../../net/index.js';
import {defineRule} from '../rule.js';
import {LB_IPS_PATH, addressKey, requestedIps} from '../requested-ips.js';
import type {ServiceEntry} from '../world.js';

export default defineRule({
  id: 'lb-ips-taken',
  severity: 'error',
  description: 'Two Services request the same address without a common sharing key: only one gets it.',
  check({world, report}) {
    const holders = new Map<string, ServiceEntry>();
    for (const s of world.services) {
      if (!s.isLoadBalancer) continue;
      for (const ip of requestedIps(s)) {
        if (!ip.address || ip.ignored) continue;
        const key = addressKey(ip.address);
        const holder = holders.get(key);
        if (!holder) {
          holders.set(key, s);
        } else if (holder !== s && (holder.sharingKey === undefined || holder.sharingKey !== s.sharingKey)) {
          report({doc: s.doc, path: LB_IPS_PATH, message: `${formatIp(ip.address)} is also requested by ${holder.id} without a common sharing key, so only one of them gets it; request another address or give both the same network.deckhouse.io/load-balancer-shared-ip-key.`});
        }
      }
    }
  },
});
