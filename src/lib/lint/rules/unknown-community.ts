import {settingsCodeRule} from '../module-configs.js';

export default settingsCodeRule('unknown-community', 'error', 'An advertisement community that is neither a bgpCommunities key nor a community value.', 'community-unknown');
