import {holdTimeSeconds, holdTimeTooShort} from '../../manifests/module-config/validate.js';
import {parseIp} from '../../net/index.js';
import {defineRule} from '../rule.js';
import {isObject} from '../world.js';

export default defineRule({
  id: 'bgp-peer-invalid',
  severity: 'error',
  description: 'A MetalLoadBalancerBGPPeer MetalLB rejects: a peer or router address that is not an IP, or a hold time between 0 and 3 s.',
  check({world, report}) {
    for (const doc of world.bgpPeers) {
      const spec = isObject(doc.value.spec) ? doc.value.spec : {};
      if (typeof spec.peerAddress === 'string' && !parseIp(spec.peerAddress)) report({doc, path: ['spec', 'peerAddress'], message: `invalid BGPPeer address ${JSON.stringify(spec.peerAddress)}; write an IP address.`});
      if (typeof spec.routerID === 'string' && parseIp(spec.routerID)?.family !== 4) report({doc, path: ['spec', 'routerID'], message: `invalid router ID ${JSON.stringify(spec.routerID)}; write an IPv4 address.`});
      if (typeof spec.holdTime === 'string') {
        const seconds = holdTimeSeconds(spec.holdTime);
        if (seconds === undefined) report({doc, path: ['spec', 'holdTime'], message: `${JSON.stringify(spec.holdTime)} is not a duration; write it like 3s or 90s.`});
        else if (holdTimeTooShort(seconds)) report({doc, path: ['spec', 'holdTime'], message: `invalid hold time ${JSON.stringify(spec.holdTime)}: must be 0 or >=3s; use 3s or more.`});
      }
    }
  },
});
