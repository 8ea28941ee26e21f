import {bgpView} from '../bgp.js';
import {defineRule} from '../rule.js';

export default defineRule({
  id: 'bgp-password-secret',
  severity: 'warning',
  description: 'A peer\'s password Secret is missing or lacks the label network.deckhouse.io/metallb-bgp-password: "true": the hook skips it and the session runs without MD5.',
  check({world, report}) {
    const view = bgpView(world);
    const seen = new Set<string>();
    for (const skip of view.metallb.skipped) {
      if (skip.code !== 'secret-not-found' || seen.has(skip.peer)) continue;
      seen.add(skip.peer);
      if (skip.reason === 'missing' && !view.hasSecrets) continue; // Secrets are not in the input at all
      const doc = view.doc(`MetalLoadBalancerBGPPeer ${skip.peer}`);
      if (!doc) continue;
      report({
        doc, path: ['spec', 'passwordSecretRef'],
        message: skip.reason === 'unlabelled'
          ? `Secret ${skip.secret} lacks the label network.deckhouse.io/metallb-bgp-password: "true", so the hook never sees it and the session to ${skip.peer} runs without MD5 (a router expecting a password refuses it); label the Secret.`
          : `Secret ${skip.secret} is not in the inputs, so the session to ${skip.peer} runs without MD5 if it does not exist; create it with the label network.deckhouse.io/metallb-bgp-password: "true" and the key password.`,
      });
    }
  },
});
