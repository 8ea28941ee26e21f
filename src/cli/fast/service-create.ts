// `service create NAME --port … --dry-run=client`, as src/commands/metallb/service/create.ts does it.
import {serviceInputFromFlags} from '../service-input.js';
import {SERVICE_FLAG_SUBJECTS} from '../subjects.js';
import {buildService} from '../../lib/manifests/service.js';
import {manifestCommand} from './manifest-command.js';

export default manifestCommand(serviceInputFromFlags, (input) => buildService(input, SERVICE_FLAG_SUBJECTS));
