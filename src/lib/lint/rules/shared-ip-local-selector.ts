import {ANNOTATIONS} from '../../manifests/constants.js';
import {backendKey} from '../../manifests/service-rules.js';
import {defineRule} from '../rule.js';
import type {ServiceEntry} from '../world.js';

const backend = (s: ServiceEntry) => backendKey(s.spec.externalTrafficPolicy, s.spec.selector as Record<string, unknown> | undefined);

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
      if (backend(other) === backend(s)) continue;
      const path = s.spec.externalTrafficPolicy === 'Local' ? ['spec', 'selector'] : ['metadata', 'annotations', ANNOTATIONS.sharedIpKey];
      report({doc: s.doc, path, at: 'key', message: `${s.id} and ${other.id} share addresses (key ${JSON.stringify(s.sharingKey)}) but with externalTrafficPolicy: Local both must be Local and select the same pods; MetalLB refuses to share otherwise; align the policy and selectors or use separate keys.`});
    }
  },
});
