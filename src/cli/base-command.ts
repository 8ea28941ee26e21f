// What every d8 metallb command shares: global flags, stderr notices, and turning errors into one [ERROR] line
// and a documented exit code (never a stack trace; DEBUG=d8-metallb adds it).
import {Command, Errors, Flags} from '@oclif/core';
import type {Style} from '../lib/render/style.js';
import {ExitCode, type ExitCodeValue, type Problem, UserError} from '../lib/errors.js';
import {formatNotice, formatProblem} from '../lib/render/messages.js';
import {asInvoked} from './invocation.js';
import {closest} from '../lib/text/closest.js';
import {colorEnabled, createStyle} from '../lib/render/style.js';
import {type Interactivity, type Prompter, canPrompt, createInquirerPrompter, missingValuesError} from '../lib/prompts/prompter.js';

export abstract class MetallbCommand extends Command {
  static override baseFlags = {
    'no-input': Flags.boolean({description: 'Never prompt: fail with a list of the missing flags instead.', helpGroup: 'GLOBAL'}),
    'no-color': Flags.boolean({description: 'No colours (also when NO_COLOR is set or the output is not a terminal).', helpGroup: 'GLOBAL'}),
  };

  private stderrStyleCache?: Style;

  protected get stderrStyle(): Style {
    this.stderrStyleCache ??= createStyle(colorEnabled({isTTY: process.stderr.isTTY, env: process.env, noColorFlag: this.argv.includes('--no-color')}));
    return this.stderrStyleCache;
  }

  protected interactivity(): Interactivity {
    return {stdinIsTTY: process.stdin.isTTY, stdoutIsTTY: process.stdout.isTTY, noInput: this.argv.includes('--no-input')};
  }

  protected canPrompt(): boolean {
    return canPrompt(this.interactivity());
  }

  /**
   * Completes the input: nothing to do when nothing is missing; on a terminal, the wizard asks; otherwise one error
   * lists every missing flag with an example command line.
   */
  protected async askForMissing<T>(given: Partial<T>, missing: readonly string[], example: string, ask: (prompter: Prompter) => Promise<T>): Promise<T> {
    if (missing.length === 0) return given as T;
    if (!this.canPrompt()) throw missingValuesError(missing, this.interactivity(), example);
    return ask(await createInquirerPrompter());
  }

  /** Results go to stdout only. */
  protected writeResult(text: string): void {
    process.stdout.write(text);
  }

  /**
   * For commands that run until stopped: `stop` is called when whoever reads stdout has gone (EPIPE, as in
   * `… -o json | head -3`), so that the command ends as it would on Ctrl-C instead of writing into nothing.
   */
  protected stopWhenOutputCloses(stop: () => void): void {
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') stop();
    });
  }

  protected notify(problems: readonly Problem[]): void {
    for (const problem of problems) process.stderr.write(`${asInvoked(formatProblem(problem, this.stderrStyle))}\n`);
  }

  /** A live status line is on stderr (announce on a terminal): a notice clears it first, and it is redrawn later. */
  protected statusLine = false;

  protected notice(severity: 'info' | 'warning', text: string): void {
    if (this.statusLine) process.stderr.write('\r\u001b[K');
    process.stderr.write(`${formatNotice(severity, asInvoked(text), this.stderrStyle)}\n`);
  }

  override async catch(error: Error & {exitCode?: number; oclif?: {exit?: number}}): Promise<never> {
    if (error instanceof Errors.ExitError) throw error;
    const {lines, exitCode} = this.describe(error);
    for (const line of lines) process.stderr.write(`${formatNotice('error', asInvoked(line), this.stderrStyle)}\n`);
    if (process.env.DEBUG && error.stack) process.stderr.write(`${error.stack}\n`);
    return this.exit(exitCode);
  }

  private describe(error: Error & {oclif?: {exit?: number}}): {lines: string[]; exitCode: ExitCodeValue} {
    // A flag's parse function that throws gets its message wrapped by oclif ("Parsing --x \n\t…\nSee more help"): unwrap.
    if (error instanceof UserError) return {lines: [error.message.replace(/^Parsing --\S+ \n\t/, '').replace(/\nSee more help with --help$/, ''), ...error.details], exitCode: error.exitCode};
    if (error.name === 'ExitPromptError' || error.name === 'AbortPromptError') {
      return {lines: ['cancelled at the prompt; nothing was written.'], exitCode: ExitCode.Interrupted};
    }
    const unknownFlag = /^Nonexistent flags?: (-{1,2}[^\s=,]+)/.exec(error.message);
    if (unknownFlag) {
      const typed = unknownFlag[1]!.replace(/^-+/, '');
      const flags = Object.keys((this.constructor as typeof Command).flags ?? {});
      // enable --version 3 means --config-version; a flag named by its last word is a likely meaning.
      const guess = closest(typed, flags) ?? flags.find((f) => f.endsWith(`-${typed}`));
      return {lines: [`unknown flag ${unknownFlag[1]}; ${guess ? `did you mean --${guess}? ` : ''}see '${this.helpCommand()}' for the flags.`], exitCode: ExitCode.Usage};
    }
    if (error instanceof Errors.CLIError || error.oclif?.exit === 2) {
      // oclif's parser errors: keep what they say in one line, point at --help.
      const first = error.message.split('\n').map((l) => l.trim())
        .filter((l) => l !== '' && !/^See more help/.test(l) && !/^The following errors? occurred:?$/.test(l))
        .join('; ').replace(/\.$/, '');
      return {lines: [`${first}; see '${this.helpCommand()}' for the flags and arguments.`], exitCode: ExitCode.Usage};
    }
    return {lines: [`unexpected failure: ${error.message}; please report it (run with DEBUG=1 for details).`], exitCode: ExitCode.Problems};
  }

  private helpCommand(): string {
    return asInvoked(`${this.config.bin} ${this.id?.split(':').join(' ') ?? ''} --help`.replace(/\s+/g, ' '));
  }
}

/** Flags of commands that produce manifests, kubectl-style. */
export const manifestFlags = {
  output: Flags.string({char: 'o', options: ['yaml', 'json', 'name'], description: 'Output format of the manifest (--dry-run=client: yaml by default) or of the applied object.'}),
  'dry-run': Flags.string({
    options: ['none', 'client', 'server'],
    default: 'none',
    description: 'none: apply to the cluster; client: print the manifest without contacting a cluster; server: send it with dryRun (as kubectl).',
  }),
};
