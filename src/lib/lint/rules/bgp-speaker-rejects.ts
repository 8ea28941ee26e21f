import {bgpView} from '../bgp.js';
import {defineRule} from '../rule.js';

export default defineRule({
  id: 'bgp-speaker-rejects',
  severity: 'error',
  description: "A BGP configuration MetalLB's speaker refuses (a community name, an IPv6 pool, an aggregation length, a password Secret without its key, conflicting localPref): addresses are assigned but nothing is advertised.",
  check({world, report}) {
    const view = bgpView(world);
    const r = view.speaker.rejection;
    // Pool syntax and overlaps stop the controller too: pool-syntax and pool-overlap report those.
    if (!r || r.object.startsWith('MetalLoadBalancerPool') && !/ipv6|aggregation/.test(r.metallbMessage)) return;
    const doc = view.doc(r.object);
    if (!doc) return;
    // An object the migration makes lives in the ModuleConfig's settings: point at them.
    const path = doc.kind === 'ModuleConfig' ? ['spec', 'settings'] : r.path ? [...r.path] : ['spec'];
    report({doc, path, ...(r.path && doc.kind !== 'ModuleConfig' ? {} : {at: 'key' as const}), message: `${r.reason}: MetalLB's speaker refuses the whole BGP configuration (it logs: ${r.metallbMessage.replace(/\n/g, '; ')}), so assigned addresses are not advertised and the alert D8MetallbConfigNotLoaded fires; ${r.hint}`});
  },
});
