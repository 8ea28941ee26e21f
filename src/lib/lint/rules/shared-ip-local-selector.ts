import {ANNOTATIONS} from '../../manifests/constants.js';
import {defineRule} from '../rule.js';
import type {ServiceEntry} from '../world.js';

/** MetalLB's backend key: with externalTrafficPolicy: Local, the pod selector; otherwise nothing. */
function backendKey(s: ServiceEntry): string {
  if (s.spec.externalTrafficPolicy !== 'Local') return '';
  const selector = (s.spec.selector ?? {}) as Record<string, unknown>;
  return Object.keys(selector).sort().map((k) => `${k}=${String(selector[k])}`).join(',');
}

export default defineRule({
  id: 'shared-ip-local-selector',
  severity: 'error',
  description: 'Services sharing addresses where one has externalTrafficPolicy: Local and their selectors differ: MetalLB refuses to share.',
  check({world, report}) {
    const first = new Map<string, ServiceEntry>();
    for (const s of world.services) {
      if (!s.isLoadBalancer || s.sharingKey === undefined || !s.resolvedClass) continue;
      const group = `${s.resolvedClass.name}\u0000${s.sharingKey}`;
      const other = first.get(group);
      if (!other) {
        first.set(group, s);
        continue;
      }
      if (backendKey(other) === backendKey(s)) continue;
      const path = s.spec.externalTrafficPolicy === 'Local' ? ['spec', 'selector'] : ['metadata', 'annotations', ANNOTATIONS.sharedIpKey];
      report({doc: s.doc, path, at: 'key', message: `${s.id} and ${other.id} share addresses (key ${JSON.stringify(s.sharingKey)}) but with externalTrafficPolicy: Local both must be Local and select the same pods; MetalLB refuses to share otherwise; align the policy and selectors or use separate keys.`});
    }
  },
});
