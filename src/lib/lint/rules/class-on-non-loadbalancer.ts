import {ANNOTATIONS} from '../../manifests/constants.js';
import {defineRule} from '../rule.js';

export default defineRule({
  id: 'class-on-non-loadbalancer',
  severity: 'error',
  description: 'A class is set on a Service that is not type: LoadBalancer (the API server refuses spec.loadBalancerClass there; the module ignores it).',
  check({world, report}) {
    for (const s of world.services) {
      if (s.isLoadBalancer) continue;
      const type = typeof s.spec.type === 'string' ? s.spec.type : 'ClusterIP';
      if (s.specClass !== undefined) report({doc: s.doc, path: ['spec', 'loadBalancerClass'], message: `${s.id} is type ${type}, and spec.loadBalancerClass is only allowed with type LoadBalancer; set type: LoadBalancer or remove the class.`});
      if (s.annotationClass !== undefined) report({doc: s.doc, path: ['metadata', 'annotations', ANNOTATIONS.loadBalancerClass], message: `${s.id} is type ${type}, so the module ignores its class annotation; set type: LoadBalancer or remove the annotation.`});
    }
  },
});
