import {colorEnabled, createStyle, type Style} from '../../lib/render/style.js';
import type {FastRun} from './outcome.js';

/** Notices' colours, decided as MetallbCommand's stderrStyle decides them. */
export function stderrStyle(run: FastRun): Style {
  return createStyle(colorEnabled({isTTY: run.stderr.isTTY, env: run.env, noColorFlag: run.args.includes('--no-color')}));
}
