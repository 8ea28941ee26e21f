import {defineRule} from '../rule.js';

export default defineRule({
  id: 'duplicate-class',
  severity: 'error',
  description: 'Two MetalLoadBalancerClass objects with one name: one replaces the other when applied.',
  check({world, report}) {
    const first = new Map<string, (typeof world.classes)[number]>();
    for (const c of world.classes) {
      const earlier = first.get(c.name);
      if (earlier) {
        report({doc: c.doc, path: ['metadata', 'name'], message: `MetalLoadBalancerClass ${JSON.stringify(c.name)} is also defined in ${earlier.doc.file}; applying both keeps only the last one; rename or remove one.`});
      } else first.set(c.name, c);
    }
  },
});
