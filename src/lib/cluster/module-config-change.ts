// enable/disable against what the cluster has: create the ModuleConfig, or change only the fields the user gave.
// Nothing else is touched: the change is a JSON merge patch of exactly those fields, and settings lists the flags
// add to are sent whole (existing entries first), so no setting already there is lost.
import {MODULE_CONFIG, MODULE_NAME, type SettingsVersion} from '../manifests/constants.js';
import {isObject} from '../manifests/objects.js';
import {createTwoFilesPatch} from 'diff';
import type {KubeObject} from './client.js';

export interface ModuleConfigChange {
  readonly action: 'create' | 'patch' | 'none';
  /** The object to create, or the merge patch to send. */
  readonly body?: unknown;
  /** The object as it will be (for --diff and -o). */
  readonly after: KubeObject;
  /** Human summary of what changes: "enabled", "version 2 → 3", "settings.addressPools". */
  readonly changes: string[];
}

export function moduleConfigChange(existing: KubeObject | undefined, enabled: boolean, version: SettingsVersion | undefined, settings: Record<string, unknown> | undefined): ModuleConfigChange {
  if (!existing) {
    const spec: Record<string, unknown> = {enabled};
    if (settings && Object.keys(settings).length > 0) spec.settings = settings;
    if (version !== undefined || enabled) spec.version = version ?? 2;
    const body = {...MODULE_CONFIG, metadata: {name: MODULE_NAME}, spec} as KubeObject;
    return {action: 'create', body, after: body, changes: ['created']};
  }
  const spec = isObject(existing.spec) ? existing.spec : {};
  const patch: Record<string, unknown> = {};
  const changes: string[] = [];
  if (spec.enabled !== enabled) {
    patch.enabled = enabled;
    changes.push('enabled');
  }
  if (version !== undefined && spec.version !== version) {
    patch.version = version;
    changes.push(`version ${String(spec.version ?? '(none)')} → ${version}`);
  }
  const current = isObject(spec.settings) ? spec.settings : {};
  const settingsPatch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(settings ?? {})) {
    if (JSON.stringify(current[key]) !== JSON.stringify(value)) {
      settingsPatch[key] = value;
      changes.push(`settings.${key}`);
    }
  }
  if (Object.keys(settingsPatch).length > 0) patch.settings = settingsPatch;
  if (changes.length === 0) return {action: 'none', after: existing, changes};
  const after = structuredClone(existing);
  after.spec = {...spec, ...patch, ...(patch.settings ? {settings: {...current, ...settingsPatch}} : {})};
  return {action: 'patch', body: {spec: patch}, after, changes};
}

/** A unified diff (3 lines of context), as `kubectl diff` prints it; empty when nothing changes. */
export function unifiedDiff(before: string, after: string, name: string): string {
  if (before === after) return '';
  return createTwoFilesPatch(before === '' ? '/dev/null' : `a/${name}`, `b/${name}`, before, after, undefined, undefined, {context: 3})
    .replace(/^={67}\n/m, '').replace(/^Index: .*\n/m, '');
}
