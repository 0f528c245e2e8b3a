/** What a command may touch of the outside world, so the CLI can run in-process in tests. */

/** Output streams, environment and working folder of one CLI invocation. */
export interface CliIo {
  /** Writes to standard output (the text is written as is; add the newline). */
  out(text: string): void;
  /** Writes to standard error (progress, notices, problems). */
  err(text: string): void;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** Aborted on Ctrl+C by main.ts. */
  signal?: AbortSignal;
}

/** The process's own streams and environment. */
export function processIo(signal?: AbortSignal): CliIo {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    signal,
  };
}
