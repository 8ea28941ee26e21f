// `class create NAME --pool … --dry-run=client`, as src/commands/metallb/class/create.ts does it.
import {classInputFromFlags} from '../class-input.js';
import {CLASS_FLAG_SUBJECTS} from '../subjects.js';
import {buildMetalLoadBalancerClass} from '../../lib/manifests/metal-load-balancer-class.js';
import {manifestCommand} from './manifest-command.js';

export default manifestCommand(classInputFromFlags, (input) => buildMetalLoadBalancerClass(input, CLASS_FLAG_SUBJECTS));
