import {settingsCodeRule} from '../module-configs.js';

export default settingsCodeRule('layer2-pool-ignored', 'warning', 'A layer2 pool in settings version 2 or later: the module ignores it and raises an alert.', 'layer2-ignored');
