import {settingsCodeRule} from '../module-configs.js';

export default settingsCodeRule('bgp-settings-deprecated', 'warning', 'BGP settings in version 3, where conversion removes them (BGP moved to CRDs).', 'deprecated', 'key');
