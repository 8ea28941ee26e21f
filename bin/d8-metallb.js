#!/usr/bin/env node
// d8-metallb: the same commands as "d8 metallb" (the metallb topic is implied).
const {main} = require('./main.js');

void main(['metallb', ...process.argv.slice(2)], 'd8-metallb');
