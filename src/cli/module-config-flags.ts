// Flags shared by `enable` and `disable`, and turning them into a ModuleConfig.
import {Flags} from '@oclif/core';
import {maxFileSize, maxFileSizeFlag, readTextInput} from './read-input.js';
import {mergeSettings, parseSettingsVersion, readSettingsFile, buildModuleConfig, type SettingsFile, type SettingsFlags} from '../lib/manifests/module-config/index.js';
import type {SettingsVersion} from '../lib/manifests/constants.js';
import type {ModuleConfig} from '../lib/manifests/types.js';
import type {Problem} from '../lib/errors.js';

export const settingsFlags = {
  'config-version': Flags.string({description: 'spec.version: the settings schema version (1, 2 or 3). Default: 2, as in the documentation.'}),
  'settings-file': Flags.string({description: 'YAML/JSON file with the settings (or a whole ModuleConfig); flags are merged on top. "-" reads stdin.'}),
  'address-pool': Flags.string({multiple: true, multipleNonGreedy: true, helpGroup: 'BGP (ENTERPRISE)', description: 'BGP pool: name=NAME,protocol=bgp,addresses=CIDR|RANGE[,addresses=...][,auto-assign=BOOL][,avoid-buggy-ips=BOOL]. Repeatable.'}),
  'bgp-peer': Flags.string({multiple: true, multipleNonGreedy: true, helpGroup: 'BGP (ENTERPRISE)', description: 'BGP peer: peer-address=IP,peer-asn=N,my-asn=N[,hold-time=3s][,peer-port=N][,source-address=IP][,router-id=IP][,password=...]. Repeatable.'}),
  'bgp-community': Flags.string({multiple: true, multipleNonGreedy: true, helpGroup: 'BGP (ENTERPRISE)', description: 'Named BGP community NAME=ASN:VALUE (bgpCommunities). Repeatable.'}),
  'speaker-node-selector': Flags.string({multiple: true, multipleNonGreedy: true, helpGroup: 'BGP (ENTERPRISE)', description: 'speaker.nodeSelector label key=value ("key=" for an empty value). Repeatable.'}),
  'remove-address-pool': Flags.string({multiple: true, multipleNonGreedy: true, helpGroup: 'BGP (ENTERPRISE)', description: 'Remove the address pool with this name. Repeatable.'}),
  'remove-bgp-peer': Flags.string({multiple: true, multipleNonGreedy: true, helpGroup: 'BGP (ENTERPRISE)', description: 'Remove the BGP peers with this peer-address. Repeatable.'}),
  ...maxFileSizeFlag,
};

export interface SettingsFlagValues {
  'config-version'?: string;
  'settings-file'?: string;
  'address-pool'?: string[];
  'bgp-peer'?: string[];
  'bgp-community'?: string[];
  'speaker-node-selector'?: string[];
  'remove-address-pool'?: string[];
  'remove-bgp-peer'?: string[];
  'max-file-size'?: string;
}

function settingsFlagsOf(flags: SettingsFlagValues): SettingsFlags {
  return {
    addressPools: flags['address-pool'], bgpPeers: flags['bgp-peer'], bgpCommunities: flags['bgp-community'], speakerNodeSelector: flags['speaker-node-selector'],
    removeAddressPools: flags['remove-address-pool'], removeBgpPeers: flags['remove-bgp-peer'],
  };
}

/** What the user asked for, before looking at the cluster: version, settings file, and the settings flags. */
export async function readSettingsInput(flags: SettingsFlagValues): Promise<{version?: SettingsVersion; file?: SettingsFile; flags: SettingsFlags}> {
  const version = flags['config-version'] === undefined ? undefined : parseSettingsVersion(flags['config-version']);
  const file = flags['settings-file'] === undefined ? undefined : readSettingsFile(readTextInput(flags['settings-file'], '--settings-file', maxFileSize(flags)), flags['settings-file']);
  return {
    ...(version === undefined ? {} : {version}),
    ...(file ? {file} : {}),
    flags: settingsFlagsOf(flags),
  };
}

/** Settings keys the user touched: those of the file, and those the flags add to. */
export function touchedSettings(file: SettingsFile | undefined, flags: SettingsFlags): string[] {
  const keys = new Set(Object.keys(file?.settings ?? {}));
  if (flags.addressPools?.length || flags.removeAddressPools?.length) keys.add('addressPools');
  if (flags.bgpPeers?.length || flags.removeBgpPeers?.length) keys.add('bgpPeers');
  if (flags.bgpCommunities?.length) keys.add('bgpCommunities');
  if (flags.speakerNodeSelector?.length) keys.add('speaker');
  return [...keys];
}

export async function moduleConfigFromFlags(enabled: boolean, flags: SettingsFlagValues, defaultVersion?: 2): Promise<{manifest: ModuleConfig; warnings: Problem[]}> {
  const versionText = flags['config-version'] ?? (defaultVersion === undefined ? undefined : String(defaultVersion));
  const version = versionText === undefined ? undefined : parseSettingsVersion(versionText);
  let file: SettingsFile | undefined;
  if (flags['settings-file'] !== undefined) {
    file = readSettingsFile(readTextInput(flags['settings-file'], '--settings-file', maxFileSize(flags)), flags['settings-file']);
  }
  const {settings, notes} = mergeSettings(file?.settings, settingsFlagsOf(flags));
  const {manifest, warnings} = await buildModuleConfig({enabled, ...(version === undefined ? {} : {version}), settings, ...(file ? {settingsFile: file} : {})});
  return {manifest, warnings: [...notes, ...warnings]};
}
