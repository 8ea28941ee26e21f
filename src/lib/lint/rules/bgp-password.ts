import {defineRule} from '../rule.js';
import {metallbModuleConfigs, settingsProblems} from '../module-configs.js';

export default defineRule({
  id: 'bgp-password',
  severity: 'warning',
  description: 'A BGP peer password in plain text in the ModuleConfig: a secret in Git.',
  check({world, report}) {
    for (const doc of metallbModuleConfigs(world)) {
      for (const problem of settingsProblems(doc)) {
        if (problem.code === 'password') report({doc, path: problem.path ?? [], message: `${problem.subject}: ${problem.message}`});
      }
    }
  },
});
