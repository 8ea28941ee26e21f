import {excludedInterfacePattern} from '../../manifests/constants.js';
import {defineRule} from '../rule.js';

export default defineRule({
  id: 'class-excluded-interface',
  severity: 'warning',
  description: 'An interface MetalLB never announces on (veth*, lo, docker*, cali*, ...).',
  check({world, report}) {
    for (const c of world.classes) {
      const l2 = c.spec.l2 as {interfaces?: unknown} | undefined;
      const interfaces = Array.isArray(l2?.interfaces) ? l2.interfaces : [];
      interfaces.forEach((name, i) => {
        const pattern = typeof name === 'string' ? excludedInterfacePattern(name) : undefined;
        if (pattern) report({doc: c.doc, path: ['spec', 'l2', 'interfaces', i], message: `MetalLB never announces on ${JSON.stringify(name)} (it matches ${pattern.source}); name the node's uplink interface instead.`});
      });
    }
  },
});
