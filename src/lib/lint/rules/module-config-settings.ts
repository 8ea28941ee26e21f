import {defineRule} from '../rule.js';
import {SETTINGS_CODE_RULES, metallbModuleConfigs, settingsProblems} from '../module-configs.js';

export default defineRule({
  id: 'module-config-settings',
  severity: 'error',
  description: 'A metallb setting breaks its version\'s schema or MetalLB\'s rules (BGP peers, ASNs, hold time, selectors, pools).',
  check({world, report}) {
    for (const doc of metallbModuleConfigs(world)) {
      for (const problem of settingsProblems(doc)) {
        if (problem.severity !== 'error' || (problem.code !== undefined && problem.code in SETTINGS_CODE_RULES)) continue;
        report({doc, path: problem.path ?? [], ...(problem.code === 'settings-unknown-field' ? {at: 'key' as const} : {}), message: `${problem.subject}: ${problem.message}`});
      }
    }
  },
});
