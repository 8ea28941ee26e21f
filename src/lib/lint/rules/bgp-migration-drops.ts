import {bgpView} from '../bgp.js';
import {defineRule} from '../rule.js';

export default defineRule({
  id: 'bgp-migration-drops',
  severity: 'warning',
  description: 'A version 2 BGP setting the module\'s migration to version 3 objects drops without a word (auto-assign, avoid-buggy-ips, a peer\'s node-selector, source-address, password, an invalid community).',
  check({world, report}) {
    const view = bgpView(world);
    const doc = world.moduleConfigs.find((d) => d.name === 'metallb');
    if (!doc || !view.objects.migration) return;
    for (const d of view.objects.migration.dropped) report({doc, path: ['spec', 'settings', ...d.path], at: 'key', message: `the module's migration to version 3 objects drops this: ${d.what}; ${d.fix} (see d8 metallb migrate --to 3).`});
  },
});
