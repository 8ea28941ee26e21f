// ModuleConfig `metallb`: enabling and disabling the module, with settings validated against spec.version.
import {type Problem, UserError, throwIfErrors} from '../../errors.js';
import {DEFAULT_SETTINGS_VERSION, MODULE_CONFIG, MODULE_NAME, SETTINGS_VERSIONS, type SettingsVersion} from '../constants.js';
import type {ModuleConfig} from '../types.js';
import {type SourceDocument, locate, readYamlDocuments} from '../yaml.js';
import {validateSettings} from './validate.js';

export {mergeSettings, parseAddressPoolSpec, parseBgpPeerSpec, type SettingsFlags} from './settings-input.js';
export {holdTimeSeconds, validateSettings} from './validate.js';

const q = JSON.stringify;

/** "1".."3" → the version; anything else is a UserError naming the flag. */
export function parseSettingsVersion(text: string, flag = '--config-version'): SettingsVersion {
  const n = /^[0-9]+$/.test(text) ? Number(text) : NaN;
  if (!(SETTINGS_VERSIONS as readonly number[]).includes(n)) {
    throw new UserError(`${flag} ${q(text)}: the metallb module has settings versions 1, 2 and 3; use 2 (as in the documentation) or 3 (the latest).`);
  }
  return n as SettingsVersion;
}

/** Settings read from a file: a settings object, or a whole ModuleConfig whose spec.settings is taken. */
export interface SettingsFile {
  readonly settings: Record<string, unknown>;
  readonly document: SourceDocument;
  /** Where the settings object sits in the document. */
  readonly base: readonly string[];
}

export function readSettingsFile(text: string, source: string): SettingsFile {
  const documents = readYamlDocuments(text, source);
  if (documents.length !== 1) {
    throw new UserError(`--settings-file ${q(source)}: it holds ${documents.length} YAML documents; give a file with exactly one (the settings, or the ModuleConfig).`);
  }
  const document = documents[0]!;
  const value = document.value as Record<string, unknown> | null;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UserError(`--settings-file ${q(source)}: expected a mapping of settings (such as addressPools:, bgpPeers:); give the settings or a ModuleConfig.`);
  }
  if (value.kind === 'ModuleConfig') {
    const spec = value.spec as Record<string, unknown> | undefined;
    const settings = spec?.settings;
    if (settings === undefined) return {settings: {}, document, base: ['spec', 'settings']};
    if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) {
      throw new UserError(`--settings-file ${q(source)}: spec.settings is not a mapping; write the settings as key: value lines.`);
    }
    return {settings: settings as Record<string, unknown>, document, base: ['spec', 'settings']};
  }
  return {settings: value, document, base: []};
}

/** Prefixes problems whose value came from the settings file with file:line:column. */
export function withFilePositions(problems: readonly Problem[], file: SettingsFile | undefined): Problem[] {
  if (!file) return [...problems];
  return problems.map((problem) => {
    if (!problem.path) return problem;
    const at = locate(file.document, [...file.base, ...problem.path]);
    return at ? {...problem, subject: `${file.document.source}:${at.line}:${at.column}: ${problem.subject}`} : problem;
  });
}

export interface ModuleConfigInput {
  enabled: boolean;
  /** spec.version; omitted from the manifest when undefined. */
  version?: SettingsVersion;
  settings?: Record<string, unknown>;
  settingsFile?: SettingsFile;
}

/** Builds ModuleConfig `metallb`, throwing a UserError that lists every invalid setting; returns warnings. */
export async function buildModuleConfig(input: ModuleConfigInput): Promise<{manifest: ModuleConfig; warnings: Problem[]}> {
  const settings = input.settings && Object.keys(input.settings).length > 0 ? input.settings : undefined;
  let warnings: Problem[] = [];
  if (settings) {
    const version = input.version ?? DEFAULT_SETTINGS_VERSION;
    warnings = throwIfErrors(withFilePositions(validateSettings(settings, version), input.settingsFile));
  }
  // Keys in the order `kubectl get -o yaml` prints them, as in the documentation: enabled, settings, version.
  const spec: ModuleConfig['spec'] = {enabled: input.enabled};
  if (settings) spec.settings = settings;
  if (input.version !== undefined) spec.version = input.version;
  return {manifest: {...MODULE_CONFIG, metadata: {name: MODULE_NAME}, spec}, warnings};
}
