// A fast command that builds one manifest from its flags and prints it (--dry-run=client): class create and
// service create, as their oclif commands do it.
import type {Problem} from '../../lib/errors.js';
import {renderManifests} from '../../lib/render/manifests.js';
import {formatProblem} from '../../lib/render/messages.js';
import type {FastCommand} from './outcome.js';
import {stderrStyle} from './style.js';

type Flags = Record<string, unknown> & {'dry-run': string; output?: 'yaml' | 'json' | 'name'};

export function manifestCommand<Input, CommandFlags>(
  fromFlags: (name: string | undefined, flags: CommandFlags) => {given: Partial<Input>; missing: string[]},
  build: (input: Input) => {manifest: unknown; warnings: readonly Problem[]},
): FastCommand {
  return (parsed, run) => {
    const flags = parsed.flags as unknown as Flags;
    if (flags['dry-run'] !== 'client') return undefined;
    const {given, missing} = fromFlags(parsed.args.name, flags as unknown as CommandFlags);
    // The wizard, or the error that lists what is missing.
    if (missing.length > 0) return undefined;
    const {manifest, warnings} = build(given as Input);
    const style = stderrStyle(run);
    return {stdout: renderManifests([manifest], flags.output), stderr: warnings.map((w) => formatProblem(w, style)), exitCode: 0};
  };
}
