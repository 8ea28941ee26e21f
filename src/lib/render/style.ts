// Colours: only on a TTY, never with --no-color or NO_COLOR (https://no-color.org: set and non-empty).
// node:util's styleText instead of chalk: the same escapes, and no 40 ms of start-up to load it.
import {styleText} from 'node:util';

export interface ColorContext {
  readonly isTTY: boolean | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly noColorFlag?: boolean;
}

export function colorEnabled({isTTY, env, noColorFlag}: ColorContext): boolean {
  if (noColorFlag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return isTTY === true;
}

export type Color = 'red' | 'yellow' | 'green' | 'cyan' | 'bold' | 'dim';

export interface Style {
  readonly enabled: boolean;
  paint(color: Color, text: string): string;
}

export function createStyle(enabled: boolean): Style {
  // validateStream: false — the decision is ours, made for the stream the text goes to. Left on, Node asks
  // process.stdout (wrong for stderr notices) and drops colours whenever CI is set.
  return {enabled, paint: (color, text) => (enabled ? styleText(color, text, {validateStream: false}) : text)};
}
