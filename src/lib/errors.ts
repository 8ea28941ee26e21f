// Exit codes and the errors a user can cause. Only the CLI entry point turns these into process.exitCode.

export const ExitCode = {
  /** Success; lint: no errors; status: OK. */
  Ok: 0,
  /** Problems found (lint errors, status WARNING/ERROR, pending Services). */
  Problems: 1,
  /** Usage or input error: bad flag, unreadable file, invalid value, missing flag without a TTY. */
  Usage: 2,
  /** Cluster error: unreachable, TLS, unauthorised, forbidden, CRD not served, conflict, timeout. */
  Cluster: 3,
  /** The announcer could not start. */
  Announcer: 4,
  /** Interrupted (Ctrl-C), as shells report 128 + SIGINT: at a prompt, while waiting, anywhere. */
  Interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** A mistake the user can fix: its message is one or more complete sentences, each naming the value and the fix. */
export class UserError extends Error {
  readonly exitCode: ExitCodeValue;
  /** Further sentences, one per problem, when several values are wrong at once. */
  readonly details: readonly string[];

  constructor(message: string, options: {exitCode?: ExitCodeValue; details?: readonly string[]; cause?: unknown} = {}) {
    super(message, options.cause === undefined ? undefined : {cause: options.cause});
    this.name = 'UserError';
    this.exitCode = options.exitCode ?? ExitCode.Usage;
    this.details = options.details ?? [];
  }
}

/** A problem found while validating input; `subject` names the value (a flag, a field path). */
export interface Problem {
  readonly severity: 'error' | 'warning' | 'info';
  readonly subject: string;
  /** What is wrong and what to do, as one sentence ending in a period. */
  readonly message: string;
  /** What kind of problem it is, for tools that sort problems into rules (lint). */
  readonly code?: string;
  /** Where in the object the value is (keys and indexes), when it came from one. */
  readonly path?: readonly (string | number)[];
}

export function sentence(subject: string, reason: string, hint: string): string {
  return `${subject}: ${reason}; ${hint}`;
}

/** Throws one UserError carrying every error-level problem; returns the warnings and notes. */
export function throwIfErrors(problems: readonly Problem[]): Problem[] {
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) {
    const lines = errors.map((p) => `${p.subject}: ${p.message}`);
    throw new UserError(lines[0]!, {details: lines.slice(1)});
  }
  return problems.filter((p) => p.severity !== 'error');
}
