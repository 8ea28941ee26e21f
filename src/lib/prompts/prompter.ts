// The questions a wizard asks, behind a small interface; the inquirer implementation is loaded only when a
// command really prompts (it costs start-up time).
import {UserError} from '../errors.js';
import {lazyImport} from '../lazy-import.js';
import type {Invalid} from '../manifests/names.js';

export interface InputQuestion {
  message: string;
  default?: string;
  /** Returns why the answer is wrong, or undefined. The same validators the flags use. */
  check?: (answer: string) => Invalid | undefined;
  /** Allow an empty answer (optional values). */
  optional?: boolean;
}

export interface Prompter {
  input(question: InputQuestion): Promise<string>;
  confirm(question: {message: string; default?: boolean}): Promise<boolean>;
  select<T extends string>(question: {message: string; choices: readonly {name: string; value: T; description?: string}[]; default?: T}): Promise<T>;
}

export async function createInquirerPrompter(): Promise<Prompter> {
  const prompts = await lazyImport<typeof import('@inquirer/prompts')>('@inquirer/prompts');
  return {
    input: ({message, default: defaultValue, check, optional}) =>
      prompts.input({
        message,
        ...(defaultValue === undefined ? {} : {default: defaultValue}),
        validate: (answer: string) => {
          if (answer.trim() === '') return optional ? true : 'An answer is required.';
          const bad = check?.(answer.trim());
          return bad ? `${bad.reason}; ${bad.hint}` : true;
        },
      }).then((answer) => answer.trim()),
    confirm: ({message, default: defaultValue}) => prompts.confirm({message, ...(defaultValue === undefined ? {} : {default: defaultValue})}),
    select: ({message, choices, default: defaultValue}) =>
      prompts.select({message, choices: choices.map((c) => ({...c})), ...(defaultValue === undefined ? {} : {default: defaultValue})}),
  };
}

/** Splits a comma-separated answer ("a, b") into trimmed, non-empty values. */
export function splitList(answer: string): string[] {
  return answer.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/** Validates every item of a comma-separated answer with a single-value check. */
export function checkEach(check: (value: string) => Invalid | undefined): (answer: string) => Invalid | undefined {
  return (answer) => {
    for (const item of splitList(answer)) {
      const bad = check(item);
      if (bad) return {reason: `"${item}": ${bad.reason}`, hint: bad.hint};
    }
    return undefined;
  };
}

export interface Interactivity {
  readonly stdinIsTTY: boolean | undefined;
  readonly stdoutIsTTY: boolean | undefined;
  readonly noInput: boolean;
}

export function canPrompt({stdinIsTTY, stdoutIsTTY, noInput}: Interactivity): boolean {
  return !noInput && stdinIsTTY === true && stdoutIsTTY === true;
}

/** The error for missing values when prompting is not possible: one message listing every missing flag. */
export function missingValuesError(missing: readonly string[], interactivity: Interactivity, command: string): UserError {
  const why = interactivity.noInput ? '--no-input is set' : 'stdin and stdout are not both terminals, so nothing can be asked';
  const list = missing.join(', ');
  return new UserError(`missing ${list} (${why}); give ${missing.length === 1 ? 'it' : 'them'} as ${missing.length === 1 ? 'a flag' : 'flags'}, e.g. ${command}.`);
}
