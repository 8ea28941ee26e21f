#!/usr/bin/env node
// d8: commands are under the metallb topic (d8 metallb class create ...).
import {main} from './main.js';

await main(process.argv.slice(2));
