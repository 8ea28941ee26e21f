// `service create NAME --port … --dry-run=client`, as src/commands/metallb/service/create.ts does it.
import {serviceInputFromFlags, type ServiceCreateFlags} from '../service-input.js';
import {SERVICE_FLAG_SUBJECTS} from '../subjects.js';
import {buildService, type ServiceInput} from '../../lib/manifests/service.js';
import {renderManifests} from '../../lib/render/manifests.js';
import {formatProblem} from '../../lib/render/messages.js';
import type {FastCommand} from './outcome.js';
import {stderrStyle} from './style.js';

const serviceCreate: FastCommand = (parsed, run) => {
  const flags = parsed.flags as unknown as ServiceCreateFlags & {'dry-run': string; output?: 'yaml' | 'json' | 'name'};
  if (flags['dry-run'] !== 'client') return undefined;
  const {given, missing} = serviceInputFromFlags(parsed.args.name, flags);
  // The wizard, or the error that lists what is missing.
  if (missing.length > 0) return undefined;
  const {manifest, warnings} = buildService(given as ServiceInput, SERVICE_FLAG_SUBJECTS);
  const style = stderrStyle(run);
  return {stdout: renderManifests([manifest], flags.output), stderr: warnings.map((w) => formatProblem(w, style)), exitCode: 0};
};

export default serviceCreate;
