import {defineRule} from '../rule.js';

export default defineRule({
  id: 'class-type',
  severity: 'error',
  description: 'A class type other than L2: the module announces classes in L2 mode only.',
  check({world, report}) {
    for (const c of world.classes) {
      const type = c.spec.type;
      if (type !== undefined && type !== 'L2') {
        report({doc: c.doc, path: ['spec', 'type'], message: `type ${JSON.stringify(type)} is not supported; use L2 (BGP pools are MetalLoadBalancerPool objects).`});
      }
    }
  },
});
