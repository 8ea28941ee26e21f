// Applying enable/disable to a cluster: read the ModuleConfig, change only what the user gave, say what changed.
import {MODULE_CONFIGS} from '../lib/cluster/client.js';
import {moduleConfigChange, unifiedDiff} from '../lib/cluster/module-config-change.js';
import {buildModuleConfig, mergeSettings} from '../lib/manifests/module-config/index.js';
import {isObject} from '../lib/manifests/objects.js';
import {toYaml} from '../lib/manifests/yaml.js';
import type {Problem} from '../lib/errors.js';
import {connectFromFlags, renderApplied} from './cluster.js';
import {type SettingsFlagValues, readSettingsInput, touchedSettings} from './module-config-flags.js';

export interface ApplyFlags extends SettingsFlagValues {
  kubeconfig?: string;
  context?: string;
  'request-timeout'?: number;
  'dry-run': string;
  diff?: boolean;
  output?: string;
}

export interface ApplyOutcome {
  notices: string[];
  warnings: Problem[];
  stdout: string;
}

export async function applyModuleConfig(enabled: boolean, flags: ApplyFlags): Promise<ApplyOutcome> {
  const input = await readSettingsInput(flags);
  const client = await connectFromFlags(flags);
  const existing = await client.get(MODULE_CONFIGS, 'metallb');
  const spec = existing && isObject(existing.spec) ? existing.spec : {};
  const currentSettings = isObject(spec.settings) ? spec.settings : {};
  const touched = touchedSettings(input.file, input.flags);
  // The file's keys replace the cluster's; the flags add to what is there.
  const {settings: merged, notes} = mergeSettings({...currentSettings, ...(input.file?.settings ?? {})}, input.flags);
  const effectiveVersion = input.version ?? (spec.version === 1 || spec.version === 3 ? spec.version : 2);
  let warnings: Problem[] = [...notes];
  if (touched.length > 0) {
    warnings = [...warnings, ...(await buildModuleConfig({enabled, version: effectiveVersion, settings: merged, ...(input.file ? {settingsFile: input.file} : {})})).warnings];
  }
  const given = Object.fromEntries(touched.map((key) => [key, merged[key]]));
  const change = moduleConfigChange(existing, enabled, input.version, touched.length > 0 ? given : undefined);
  const serverDryRun = flags['dry-run'] === 'server';
  let stdout = flags.diff ? unifiedDiff(existing ? toYaml(existing) : '', toYaml(change.after), 'moduleconfig.deckhouse.io/metallb') : '';
  const word = enabled ? 'enabled' : 'disabled';
  if (change.action === 'none') return {notices: [`Module 'metallb' is already ${word}; nothing changed.`], warnings, stdout};
  const result = change.action === 'create'
    ? await client.create(MODULE_CONFIGS, change.body as never, serverDryRun)
    : await client.mergePatch(MODULE_CONFIGS, 'metallb', change.body, serverDryRun);
  stdout += renderApplied(result, flags.output, 'moduleconfig.deckhouse.io') ?? '';
  const suffix = serverDryRun ? ' (server dry run: nothing was saved)' : '';
  const notices = change.changes.includes('enabled') || change.action === 'create' ? [`Module 'metallb' ${word}${suffix}.`] : [];
  const others = change.changes.filter((c) => c !== 'enabled' && c !== 'created');
  if (others.length > 0) notices.push(`ModuleConfig 'metallb': changed ${others.join(', ')}${suffix}.`);
  return {notices, warnings, stdout};
}
