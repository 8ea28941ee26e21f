import {ANNOTATIONS} from '../../manifests/constants.js';
import {defineRule} from '../rule.js';

export default defineRule({
  id: 'ips-count-invalid',
  severity: 'error',
  description: 'The external-ips-count annotation is not a positive whole number: the module silently uses 1.',
  check({world, report}) {
    for (const s of world.services) {
      const value = s.annotations[ANNOTATIONS.externalIpsCount];
      if (value === undefined || (/^[+]?[0-9]+$/.test(value) && Number(value) >= 1)) continue;
      report({doc: s.doc, path: ['metadata', 'annotations', ANNOTATIONS.externalIpsCount], message: `${JSON.stringify(value)} is not a positive whole number, and the module silently gives ${s.id} one address; write a number such as "3".`});
    }
  },
});
