// The metallb ModuleConfig(s) among the inputs, and their settings problems (shared by several rules).
import type {Problem} from '../errors.js';
import {type Rule, type Severity, defineRule} from './rule.js';
import {validateSettings} from '../manifests/module-config/validate.js';
import {closest} from '../text/closest.js';
import type {SettingsVersion} from '../manifests/constants.js';
import type {ManifestDocument} from '../input/documents.js';
import {type World, isObject} from './world.js';

/** ModuleConfigs meant for metallb: named metallb, or a near miss (other modules' ModuleConfigs are not ours). */
export function metallbModuleConfigs(world: World): ManifestDocument[] {
  return world.moduleConfigs.filter((doc) => doc.name === 'metallb' || (doc.name !== undefined && closest(doc.name, ['metallb']) !== undefined));
}

export function settingsVersion(doc: ManifestDocument): SettingsVersion {
  const spec = isObject(doc.value.spec) ? doc.value.spec : {};
  return spec.version === 1 || spec.version === 3 ? spec.version : 2;
}

const cache = new WeakMap<ManifestDocument, Problem[]>();

/** Problems of spec.settings against its version's schema and MetalLB's rules, paths relative to the object. */
export function settingsProblems(doc: ManifestDocument): Problem[] {
  let problems = cache.get(doc);
  if (problems) return problems;
  const spec = isObject(doc.value.spec) ? doc.value.spec : {};
  problems = spec.settings === undefined ? [] : validateSettings(spec.settings, settingsVersion(doc)).map((p) => ({...p, path: ['spec', 'settings', ...(p.path ?? [])]}));
  cache.set(doc, problems);
  return problems;
}

/** Settings codes reported by their own rules; the rest go to module-config-settings. */
export const SETTINGS_CODE_RULES: Record<string, string | null> = {
  password: 'bgp-password',
  'layer2-ignored': 'layer2-pool-ignored',
  deprecated: 'bgp-settings-deprecated',
  'community-unknown': 'unknown-community',
  // Pools are checked together with every other pool (pool-syntax, pool-host-bits, pool-overlap).
  'pool-syntax': null,
  'pool-host-bits': null,
  'pool-overlap': null,
};

/** A rule that reports the settings problems of one code (password, layer2-ignored, ...). */
export function settingsCodeRule(id: string, severity: Severity, description: string, code: string, at: 'key' | 'value' = 'value'): Rule {
  return defineRule({
    id,
    severity,
    description,
    check({world, report}) {
      for (const doc of metallbModuleConfigs(world)) {
        for (const problem of settingsProblems(doc)) {
          if (problem.code === code) report({doc, path: problem.path ?? [], at, message: `${problem.subject}: ${problem.message}`});
        }
      }
    },
  });
}
