// The d8 plugin contract: what `d8 plugins install` reads from the image's `contract` annotation (base64 JSON) before
// it downloads anything (deckhouse-cli pkg/registry/service dto.go PluginContract, contract.go UnmarshalContract),
// and the version rule its smoke test and version comparisons apply (internal/plugins install.go
// pluginBinaryVersion: the trimmed output of `plugin --version`, falling back to `plugin version`, parsed as semver).

export interface PluginContract {
  readonly name: string;
  readonly version: string;
  readonly description: string;
  readonly env: readonly {readonly name: string}[];
  readonly flags: readonly {readonly name: string}[];
  readonly requirements: {
    readonly kubernetes: {readonly constraint: string};
    readonly deckhouse: {readonly constraint: string};
    /** Objects with mandatory/conditional sections: an array here makes d8 refuse the contract. */
    readonly modules: {readonly mandatory?: readonly {name: string; constraint: string}[]; readonly conditional?: readonly {name: string; constraint: string}[]};
    readonly plugins: {readonly mandatory?: readonly {name: string; constraint: string}[]; readonly conditional?: readonly {name: string; constraint: string}[]};
  };
}

/**
 * Our contract. No cluster requirement: d8 checks requirements against the cluster before every run, which would
 * cost each offline command (lint, class create --dry-run=client, completion) a round trip to an API server it may
 * not have; the tool works with any module version it finds and says itself what is missing.
 */
export function pluginContract(version: string): PluginContract {
  return {
    name: 'metallb',
    version,
    description: 'Deckhouse metallb module: enable it, create classes and Services, lint, plan addresses, status, announce.',
    // KUBECONFIG reaches the plugin; PLUGINS_CALLER tells it that d8 runs it (it then names itself `d8 metallb`).
    env: [{name: 'KUBECONFIG'}, {name: 'PLUGINS_CALLER'}],
    flags: [],
    requirements: {kubernetes: {constraint: ''}, deckhouse: {constraint: ''}, modules: {}, plugins: {}},
  };
}

export const encodeContract = (contract: PluginContract): string => Buffer.from(JSON.stringify(contract)).toString('base64');

/** Semantic versioning 2.0.0 (what Masterminds/semver's NewVersion accepts, without its leading "v" leniency). */
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/** The version d8 reads from `plugin --version` output (pluginBinaryVersion: trimmed, then semver), or why not. */
export function versionFromProbe(output: string): {version: string} | {problem: string} {
  const trimmed = output.trim();
  return SEMVER.test(trimmed) ? {version: trimmed} : {problem: `"${trimmed}" is not a semantic version`};
}

/** The problems d8 would have with a decoded contract (UnmarshalContract's type rules), or none. */
export function contractProblems(raw: unknown, tag: string): string[] {
  const problems: string[] = [];
  const object = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!object(raw)) return ['the contract is not a JSON object'];
  for (const key of ['name', 'version', 'description'] as const) if (typeof raw[key] !== 'string' || raw[key] === '') problems.push(`field "${key}" must be a non-empty string`);
  for (const key of ['env', 'flags'] as const) {
    const list = raw[key];
    if (list !== undefined && !(Array.isArray(list) && list.every((e) => object(e) && typeof e.name === 'string'))) problems.push(`field "${key}" must be a list of {name}`);
  }
  const requirements = raw.requirements;
  if (requirements !== undefined) {
    if (!object(requirements)) problems.push('field "requirements" must be an object');
    else {
      for (const key of ['modules', 'plugins'] as const) {
        // UnmarshalContract's own words for the mistake it names.
        if (Array.isArray(requirements[key])) problems.push(`invalid contract: field "requirements.${key}" must be an object with mandatory/conditional sections, got a JSON array`);
        else if (requirements[key] !== undefined && !object(requirements[key])) problems.push(`field "requirements.${key}" must be an object`);
      }
      for (const key of ['kubernetes', 'deckhouse'] as const) {
        const r = requirements[key];
        if (r !== undefined && !(object(r) && (r.constraint === undefined || typeof r.constraint === 'string'))) problems.push(`field "requirements.${key}" must be {constraint}`);
      }
    }
  }
  if (typeof raw.version === 'string' && raw.version !== tag) problems.push(`the contract's version ${raw.version} is not the tag ${tag}`);
  if (typeof raw.version === 'string' && 'problem' in versionFromProbe(raw.version)) problems.push(`the contract's version ${raw.version} is not a semantic version`);
  return problems;
}
