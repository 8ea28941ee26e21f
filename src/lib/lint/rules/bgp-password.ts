import {settingsCodeRule} from '../module-configs.js';

export default settingsCodeRule('bgp-password', 'warning', 'A BGP peer password in plain text in the ModuleConfig: a secret in Git.', 'password');
