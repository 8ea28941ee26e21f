import {defineRule} from '../rule.js';
import {selectorMatches} from '../world.js';

export default defineRule({
  id: 'class-no-matching-nodes',
  severity: 'warning',
  description: 'A class whose nodeSelector matches none of the Node objects given: the module skips its Services.',
  check({world, report}) {
    if (world.nodes.length === 0) return; // without Node objects there is nothing to compare with
    for (const c of world.classes) {
      if (!world.nodes.some((n) => selectorMatches(c.nodeSelector, n.labels))) {
        const selector = Object.entries(c.nodeSelector ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
        report({doc: c.doc, path: ['spec', 'nodeSelector'], at: 'key', message: `no Node among the ${world.nodes.length} given has the labels ${selector}, so the module skips every Service of class ${c.name}; label the load-balancer nodes or fix the selector.`});
      }
    }
  },
});
