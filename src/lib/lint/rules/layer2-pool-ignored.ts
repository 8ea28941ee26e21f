import {defineRule} from '../rule.js';
import {metallbModuleConfigs, settingsProblems} from '../module-configs.js';

export default defineRule({
  id: 'layer2-pool-ignored',
  severity: 'warning',
  description: 'A layer2 pool in settings version 2 or later: the module ignores it and raises an alert.',
  check({world, report}) {
    for (const doc of metallbModuleConfigs(world)) {
      for (const problem of settingsProblems(doc)) {
        if (problem.code === 'layer2-ignored') report({doc, path: problem.path ?? [], message: `${problem.subject}: ${problem.message}`});
      }
    }
  },
});
