import {defineRule} from '../rule.js';
import {metallbModuleConfigs} from '../module-configs.js';

export default defineRule({
  id: 'module-config-name',
  severity: 'error',
  description: 'The ModuleConfig of the metallb module must be named metallb.',
  check({world, report}) {
    for (const doc of metallbModuleConfigs(world)) {
      if (doc.name !== 'metallb') report({doc, path: ['metadata', 'name'], message: `ModuleConfig ${JSON.stringify(doc.name)} configures no module (the name is the module's name); name it metallb.`});
    }
  },
});
