import {bgpView} from '../bgp.js';
import {labelsMatch} from '../../bgp/labels.js';
import {defineRule} from '../rule.js';

export default defineRule({
  id: 'bgp-speaker-no-node',
  severity: 'warning',
  description: "A BGP configuration's nodeSelector (or sourceAddresses node) matches none of the Node objects given: nothing of it is advertised.",
  check({world, report}) {
    if (world.nodes.length === 0) return;
    const view = bgpView(world);
    for (const cfg of view.objects.configurations) {
      if (cfg.mode !== 'BGP' || Object.keys(cfg.nodeSelector).length === 0) continue;
      if (world.nodes.some((n) => labelsMatch(cfg.nodeSelector, n.labels))) continue;
      const doc = view.doc(`MetalLoadBalancerConfiguration ${cfg.name}`);
      const selector = Object.entries(cfg.nodeSelector).map(([k, v]) => `${k}=${v}`).join(',');
      if (doc) report({doc, path: cfg.origin === 'migrated' ? ['spec', 'settings', 'speaker', 'nodeSelector'] : ['spec', 'nodeSelector'], at: 'key', message: `no Node among the ${world.nodes.length} given has the labels ${selector}, so no speaker advertises the pools of ${cfg.name}; label the nodes or fix the selector.`});
    }
    const names = new Set(world.nodes.map((n) => n.name));
    for (const peer of view.objects.peers) {
      peer.sourceAddresses.forEach((s, i) => {
        const doc = view.doc(`MetalLoadBalancerBGPPeer ${peer.name}`);
        if (!names.has(s.nodeName) && doc) report({doc, path: ['spec', 'sourceAddresses', i, 'nodeName'], message: `no Node ${JSON.stringify(s.nodeName)} is among the ${world.nodes.length} given, so this source address is never used; fix the node name.`});
      });
    }
  },
});
