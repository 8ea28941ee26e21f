import {ANNOTATIONS} from '../../manifests/constants.js';
import {defineRule} from '../rule.js';

export default defineRule({
  id: 'load-balancer-ip',
  severity: 'warning',
  description: 'The deprecated spec.loadBalancerIP (an error together with the load-balancer-ips annotation).',
  check({world, report}) {
    for (const s of world.services) {
      if (s.spec.loadBalancerIP === undefined) continue;
      if (s.annotations[ANNOTATIONS.loadBalancerIps] !== undefined) {
        report({doc: s.doc, path: ['spec', 'loadBalancerIP'], severity: 'error', message: `${s.id} sets both spec.loadBalancerIP and ${ANNOTATIONS.loadBalancerIps}, which is an error upstream; keep only the annotation.`});
      } else {
        report({doc: s.doc, path: ['spec', 'loadBalancerIP'], message: `spec.loadBalancerIP is deprecated in Kubernetes; use the ${ANNOTATIONS.loadBalancerIps} annotation instead.`});
      }
    }
  },
});
