import {bgpView} from '../bgp.js';
import {defineRule} from '../rule.js';
import {isObject} from '../world.js';

export default defineRule({
  id: 'bgp-no-effect',
  severity: 'warning',
  description: 'A BGP setting that changes nothing: a bfd block (the native speaker has no BFD), localPref towards eBGP peers only (never sent), autoAssign: false (the template renders true).',
  check({world, report}) {
    const view = bgpView(world);
    for (const doc of world.bgpPeers) {
      const spec = isObject(doc.value.spec) ? doc.value.spec : {};
      if (isObject(spec.bfd)) report({doc, path: ['spec', 'bfd'], at: 'key', message: 'the module ignores the bfd block: its speaker runs native BGP, which has no BFD, so failures are detected only by the hold time; remove it, or lower holdTime.'});
    }
    for (const doc of world.bgpPools) {
      const spec = isObject(doc.doc.value.spec) ? doc.doc.value.spec : {};
      if (spec.autoAssign === false) report({doc: doc.doc, path: ['spec', 'autoAssign'], message: `the module renders autoAssign: {{ .autoAssign | default true }} and Helm's default takes false for unset, so pool ${doc.name} stays automatic: Services without a pool annotation may take its addresses; give such Services network.deckhouse.io/load-balancer-pool, or keep the addresses out of BGP pools.`});
    }
    const peers = new Map(view.objects.peers.map((p) => [p.name, p]));
    for (const cfg of view.objects.configurations) {
      const doc = view.doc(`MetalLoadBalancerConfiguration ${cfg.name}`);
      if (!doc || cfg.peerNames.length === 0) continue;
      const sessions = cfg.peerNames.map((n) => peers.get(n)).filter((p) => p !== undefined);
      if (sessions.length === 0 || sessions.some((p) => p.myASN === p.peerASN)) continue;
      cfg.advertisements.forEach((adv, i) => {
        if (adv.localPref) report({doc, path: ['spec', 'advertisements', i, 'bgp', 'localPref'], message: `every peer of ${cfg.name} is eBGP (peerASN differs from myASN), and MetalLB sends LOCAL_PREF only on iBGP sessions: this localPref is never sent; remove it, or use communities the router maps to a preference.`});
      });
    }
  },
});
