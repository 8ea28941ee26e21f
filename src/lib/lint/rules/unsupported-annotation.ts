import {defineRule} from '../rule.js';

const REPLACEMENTS: Record<string, string> = {
  'address-pool': 'spec.loadBalancerClass (the MetalLoadBalancerClass name)',
  loadBalancerIPs: 'network.deckhouse.io/load-balancer-ips',
  'allow-shared-ip': 'network.deckhouse.io/load-balancer-shared-ip-key',
};
/** Set by MetalLB itself on Services it handles: not a user's choice. */
const WRITTEN_BY_METALLB = new Set(['ip-allocated-from-pool']);

export default defineRule({
  id: 'unsupported-annotation',
  severity: 'error',
  description: 'A metallb.universe.tf/* or metallb.io/* annotation: the module does not read it (and raises an alert).',
  check({world, report}) {
    for (const s of world.services) {
      for (const key of Object.keys(s.annotations)) {
        const match = /^(metallb\.universe\.tf|metallb\.io)\/(.+)$/.exec(key);
        if (!match || WRITTEN_BY_METALLB.has(match[2]!)) continue;
        const replacement = REPLACEMENTS[match[2]!];
        report({
          doc: s.doc,
          path: ['metadata', 'annotations', key],
          at: 'key',
          ...(replacement ? {} : {severity: 'warning' as const}),
          message: replacement
            ? `the module does not support ${key} and ignores it (raising an alert); use ${replacement} instead.`
            : `the module does not read ${key}; remove it.`,
        });
      }
    }
  },
});
