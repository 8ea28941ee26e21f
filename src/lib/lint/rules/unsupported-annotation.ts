import {defineRule} from '../rule.js';
import {bgpView} from '../bgp.js';
import {handledByBgp} from '../../bgp/services.js';

const REPLACEMENTS: Record<string, string> = {
  'address-pool': 'spec.loadBalancerClass (the MetalLoadBalancerClass name)',
  loadBalancerIPs: 'network.deckhouse.io/load-balancer-ips',
  'allow-shared-ip': 'network.deckhouse.io/load-balancer-shared-ip-key',
};
/** What MetalLB's BGP controller reads, and the module's annotation that wins over it when present. */
const BGP_READS: Record<string, string> = {
  'address-pool': 'network.deckhouse.io/load-balancer-pool',
  loadBalancerIPs: 'network.deckhouse.io/load-balancer-ips',
  'allow-shared-ip': 'network.deckhouse.io/load-balancer-shared-ip-key',
};
/** Set by MetalLB itself on Services it handles: not a user's choice. */
const WRITTEN_BY_METALLB = new Set(['ip-allocated-from-pool']);

export default defineRule({
  id: 'unsupported-annotation',
  severity: 'error',
  description: 'A metallb.universe.tf/* or metallb.io/* annotation: the module does not read it (and raises an alert); on a Service of the BGP controller MetalLB does, after the module\'s own (info).',
  check({world, report}) {
    const bgp = world.bgpPools.length > 0 ? bgpView(world).objects : undefined;
    for (const s of world.services) {
      // A Service no class takes is MetalLB's BGP controller's, which does read these (after the module's own).
      const bgpService = bgp !== undefined && s.resolvedClass === undefined && handledByBgp(s, bgp.loadBalancerClass);
      for (const key of Object.keys(s.annotations)) {
        const match = /^(metallb\.universe\.tf|metallb\.io)\/(.+)$/.exec(key);
        if (!match || WRITTEN_BY_METALLB.has(match[2]!)) continue;
        const bgpReplacement = BGP_READS[match[2]!];
        if (bgpService && bgpReplacement) {
          report({doc: s.doc, path: ['metadata', 'annotations', key], at: 'key', severity: 'info', message: `MetalLB's BGP controller reads ${key} for ${s.id}, but ${bgpReplacement} wins whenever it is present (even empty); prefer ${bgpReplacement}.`});
          continue;
        }
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
