import {defineRule} from '../rule.js';

export default defineRule({
  id: 'class-empty-pool',
  severity: 'error',
  description: 'A class without any address pool entry: its Services never get an address.',
  check({world, report}) {
    for (const c of world.classes) {
      if (c.entries.length === 0 && !(Array.isArray(c.spec.addressPool) && c.spec.addressPool.length > 0)) {
        report({doc: c.doc, path: Array.isArray(c.spec.addressPool) ? ['spec', 'addressPool'] : ['spec'], message: `class ${c.name} has no addressPool entries, so its Services stay pending; add a CIDR or a range.`});
      }
    }
  },
});
