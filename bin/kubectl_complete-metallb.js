#!/usr/bin/env node
// kubectl_complete-metallb: kubectl (1.26 and later) runs it with the words after `kubectl metallb` to complete them.
const {main} = require('./main.js');

void main(['metallb', '__complete', ...process.argv.slice(2)], 'kubectl metallb');
