#!/usr/bin/env node
// d8: commands are under the metallb topic (d8 metallb class create ...).
const {main} = require('./main.js');

void main(process.argv.slice(2));
