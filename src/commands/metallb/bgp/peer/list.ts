import {listCommand} from '../../../../cli/bgp-objects.js';

export default listCommand('peer');
