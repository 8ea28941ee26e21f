// What the fast path's parts share: the run they are given and what they answer.
import type {CommandSpec, ParsedArgv} from './argv.js';

export interface FastTables {
  version: string;
  /** Tells builds apart (a digest of the tables): help kept at other widths belongs to one build. */
  stamp: string;
  /** Every command id, and every topic id ('' for the root): the ids the help texts are for. */
  commands: string[];
  topics: string[];
  /** Commands' flags and arguments, by command id (metallb:class:create). */
  specs: Record<string, CommandSpec>;
}

export interface FastRun {
  /** The words after the command's id. */
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  stdout: {isTTY?: boolean; write(text: string): unknown};
  stderr: {isTTY?: boolean; write(text: string): unknown};
  version: string;
}

/** Everything a command prints, written only once all of it is known. */
export interface Outcome {
  stdout: string;
  /** Lines, without their line ends. */
  stderr: string[];
  exitCode: number;
}

/** A fast command: its outcome, or undefined when oclif's command has to run (a prompt, an error to report). */
export type FastCommand = (parsed: ParsedArgv, run: FastRun) => Outcome | undefined;
