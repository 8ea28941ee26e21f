import {defineRule} from '../rule.js';
import {metallbModuleConfigs, settingsProblems} from '../module-configs.js';

export default defineRule({
  id: 'unknown-community',
  severity: 'error',
  description: 'An advertisement community that is neither a bgpCommunities key nor a community value.',
  check({world, report}) {
    for (const doc of metallbModuleConfigs(world)) {
      for (const problem of settingsProblems(doc)) {
        if (problem.code === 'community-unknown') report({doc, path: problem.path ?? [], message: `${problem.subject}: ${problem.message}`});
      }
    }
  },
});
