// Colours: only on a TTY, never with --no-color or NO_COLOR (https://no-color.org: set and non-empty).
import {Chalk, type ChalkInstance} from 'chalk';

export interface ColorContext {
  readonly isTTY: boolean | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly noColorFlag?: boolean;
}

export function colorEnabled({isTTY, env, noColorFlag}: ColorContext): boolean {
  if (noColorFlag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return isTTY === true;
}

export function createStyle(enabled: boolean): ChalkInstance {
  return new Chalk({level: enabled ? 1 : 0});
}
