import {defineRule} from '../rule.js';
import {metallbModuleConfigs} from '../module-configs.js';
import {isObject} from '../world.js';

export default defineRule({
  id: 'module-config-version',
  severity: 'error',
  description: 'The metallb ModuleConfig\'s spec.version is not 1, 2 or 3, or is missing while settings are given.',
  check({world, report}) {
    for (const doc of metallbModuleConfigs(world)) {
      const spec = isObject(doc.value.spec) ? doc.value.spec : {};
      if (spec.version === undefined) {
        if (spec.settings !== undefined) report({doc, path: ['spec'], message: 'settings are given without spec.version, so the module cannot tell which schema they follow; add version: 2 (as in the documentation) or 3.'});
      } else if (![1, 2, 3].includes(spec.version as number)) {
        report({doc, path: ['spec', 'version'], message: `version ${JSON.stringify(spec.version)} does not exist for metallb (the controller answers "Error: invalid spec.version"); use 2 (as in the documentation) or 3 (the latest).`});
      }
    }
  },
});
