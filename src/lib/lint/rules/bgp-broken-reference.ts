import {bgpView} from '../bgp.js';
import {defineRule} from '../rule.js';

export default defineRule({
  id: 'bgp-broken-reference',
  severity: 'error',
  description: 'A MetalLoadBalancerConfiguration names a peer or pool that does not exist, or is not in mode BGP: the hook and MetalLB skip it without a word.',
  check({world, report}) {
    const view = bgpView(world);
    const pools = new Set(view.objects.pools.map((p) => p.name));
    for (const skip of view.metallb.skipped) {
      if (skip.code === 'unknown-peer') {
        const doc = view.doc(`MetalLoadBalancerConfiguration ${skip.configuration}`);
        const cfg = view.objects.configurations.find((c) => c.name === skip.configuration);
        if (doc) report({doc, path: ['spec', 'bgp', 'peerNames', cfg?.peerNames.indexOf(skip.peer) ?? 0], message: `no MetalLoadBalancerBGPPeer ${JSON.stringify(skip.peer)} exists, so the module opens no session for it and says nothing; create the peer or fix the name.`});
      } else if (skip.code === 'not-bgp') {
        const doc = view.doc(`MetalLoadBalancerConfiguration ${skip.configuration}`);
        if (doc) report({doc, path: ['spec', 'mode'], severity: 'warning', message: `mode is ${JSON.stringify(skip.mode)}, and the module reads only configurations in mode BGP: this one is ignored; set mode: BGP.`});
      }
    }
    for (const cfg of view.objects.configurations) {
      const doc = view.doc(`MetalLoadBalancerConfiguration ${cfg.name}`);
      cfg.advertisements.forEach((adv, i) => adv.poolNames.forEach((name, j) => {
        if (!pools.has(name) && !world.classesByName.has(name) && doc) report({doc, path: ['spec', 'advertisements', i, 'poolNames', j], message: `no MetalLoadBalancerPool ${JSON.stringify(name)} exists, so MetalLB advertises nothing for it and says nothing; create the pool or fix the name.`});
      }));
    }
  },
});
