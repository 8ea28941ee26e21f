import {deleteCommand} from '../../../../cli/bgp-objects.js';

export default deleteCommand('peer');
