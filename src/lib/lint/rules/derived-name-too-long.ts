import {MAX_LABEL_VALUE, derivedNameTooLong} from '../../manifests/service-rules.js';
import {defineRule} from '../rule.js';

export default defineRule({
  id: 'derived-name-too-long',
  severity: 'error',
  description: `A Service and class whose derived object name <service>-<class>-<index> exceeds ${MAX_LABEL_VALUE} characters: MetalLB cannot label its status, the address is not announced.`,
  check({world, report}) {
    for (const s of world.services) {
      if (!s.isLoadBalancer || !s.resolvedClass || s.name === undefined) continue;
      const longest = derivedNameTooLong(s.name, s.resolvedClass.name, s.count);
      if (!longest) continue;
      report({doc: s.doc, path: ['metadata', 'name'], message: `with class ${s.resolvedClass.name} the module names an address's object ${longest} (${longest.length} characters), which MetalLB writes into a label value of at most ${MAX_LABEL_VALUE}, so that address is never announced; shorten the Service or class name.`});
    }
  },
});
