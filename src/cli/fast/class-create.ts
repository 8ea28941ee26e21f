// `class create NAME --pool … --dry-run=client`, as src/commands/metallb/class/create.ts does it.
import {classInputFromFlags, type ClassCreateFlags} from '../class-input.js';
import {CLASS_FLAG_SUBJECTS} from '../subjects.js';
import {buildMetalLoadBalancerClass, type ClassInput} from '../../lib/manifests/metal-load-balancer-class.js';
import {renderManifests} from '../../lib/render/manifests.js';
import {formatProblem} from '../../lib/render/messages.js';
import type {FastCommand} from './outcome.js';
import {stderrStyle} from './style.js';

const classCreate: FastCommand = (parsed, run) => {
  const flags = parsed.flags as unknown as ClassCreateFlags & {'dry-run': string; output?: 'yaml' | 'json' | 'name'};
  if (flags['dry-run'] !== 'client') return undefined;
  const {given, missing} = classInputFromFlags(parsed.args.name, flags);
  // The wizard, or the error that lists what is missing.
  if (missing.length > 0) return undefined;
  const {manifest, warnings} = buildMetalLoadBalancerClass(given as ClassInput, CLASS_FLAG_SUBJECTS);
  const style = stderrStyle(run);
  return {stdout: renderManifests([manifest], flags.output), stderr: warnings.map((w) => formatProblem(w, style)), exitCode: 0};
};

export default classCreate;
