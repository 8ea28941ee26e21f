import {getCommand} from '../../../../cli/bgp-objects.js';

export default getCommand('pool');
