import {defineRule} from '../rule.js';
import {metallbModuleConfigs, settingsProblems} from '../module-configs.js';

export default defineRule({
  id: 'bgp-settings-deprecated',
  severity: 'warning',
  description: 'BGP settings in version 3, where conversion removes them (BGP moved to CRDs).',
  check({world, report}) {
    for (const doc of metallbModuleConfigs(world)) {
      for (const problem of settingsProblems(doc)) {
        if (problem.code === 'deprecated') report({doc, path: problem.path ?? [], at: 'key', message: `${problem.subject}: ${problem.message}`});
      }
    }
  },
});
