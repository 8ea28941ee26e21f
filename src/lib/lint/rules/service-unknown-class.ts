import {ANNOTATIONS} from '../../manifests/constants.js';
import {defineRule} from '../rule.js';
import {bgpView} from '../bgp.js';

export default defineRule({
  id: 'service-unknown-class',
  severity: 'warning',
  description: 'A Service names a class that is in none of the inputs: the module falls back to the default class (an error when there is none).',
  check({world, report}) {
    // In BGP mode, settings.loadBalancerClass names MetalLB's BGP controller's class, not a MetalLoadBalancerClass.
    const bgp = world.bgpPools.length > 0 ? bgpView(world).objects : undefined;
    for (const s of world.services) {
      if (!s.isLoadBalancer) continue;
      const named = [
        {value: s.specClass, path: ['spec', 'loadBalancerClass']},
        {value: s.annotationClass, path: ['metadata', 'annotations', ANNOTATIONS.loadBalancerClass]},
      ];
      for (const {value, path} of named) {
        if (value === undefined || world.classesByName.has(value)) continue;
        if (bgp && path[0] === 'spec' && value === bgp.loadBalancerClass) continue;
        if (world.defaultClass) {
          report({doc: s.doc, path, message: `no MetalLoadBalancerClass ${JSON.stringify(value)} is in the inputs, so the module gives ${s.id} addresses from the default class ${world.defaultClass.name}; create the class or fix the name.`});
        } else {
          report({doc: s.doc, path, severity: 'error', message: `no MetalLoadBalancerClass ${JSON.stringify(value)} is in the inputs and there is no default class, so ${s.id} never gets an address; create the class or fix the name.`});
        }
      }
    }
  },
});
