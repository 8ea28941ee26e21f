#!/usr/bin/env node
// kubectl-metallb: the same commands as "d8 metallb" (the metallb topic is implied).
import {main} from './main.js';

await main(['metallb', ...process.argv.slice(2)], 'kubectl metallb');
