/** Exit codes of `qaforge` and the error that carries one. */

/** Every exit code the CLI uses (documented in the README). */
export const EXIT = {
  /** Success. */
  ok: 0,
  /** `check` found invalid lines, an invalid manifest or stale pairs. */
  problems: 1,
  /** Bad command line: unknown flag, bad value, missing file. */
  usage: 2,
  /** The run or an I/O operation failed; nothing (more) was written. */
  failed: 3,
  /** The run stopped early (budget reached or a fatal pipeline error); the pairs produced so far were written. */
  partial: 4,
  /** Interrupted (Ctrl+C); the pairs produced so far were written. */
  interrupted: 130,
} as const;

/** An exit code. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error the CLI reports as one line and turns into an exit code. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: ExitCode = EXIT.usage) {
    super(message);
    this.name = 'CliError';
  }
}
