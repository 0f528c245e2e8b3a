/**
 * The `qaforge` program: commander set-up, one file per command under commands/, and the error policy — every
 * failure is one clear line on stderr (a stack trace only with --verbose) and a documented exit code.
 */
import { Command, CommanderError } from 'commander';
import { LlmConfigError } from '../core/llm/factory';
import { InvalidParamsError } from '../core/domain/params';
import { registerBatch } from './commands/batch';
import { registerCheck } from './commands/check';
import { registerExport } from './commands/export';
import { registerGenerate } from './commands/generate';
import { registerGraph } from './commands/graph';
import { registerMerge } from './commands/merge';
import { CliError, EXIT, type ExitCode } from './errors';
import type { CliIo } from './io';

const VERSION = '0.1.0';

const EXIT_HELP = `
Exit codes:
  0    success
  1    check: invalid lines, an invalid manifest or stale pairs
  2    bad command line (unknown flag, bad value, missing file)
  3    the run or a file operation failed
  4    generate stopped early (budget or pipeline error); pairs produced so far were written
  130  interrupted (Ctrl+C); pairs produced so far were written`;

function buildProgram(io: CliIo, done: (code: ExitCode) => void): Command {
  const program = new Command('qaforge')
    .description('Turn documents and transcripts into grounded question/answer evaluation datasets.')
    .version(VERSION, '--version', 'print the version')
    .option('--verbose', 'more progress detail; stack traces on errors')
    .addHelpText('after', EXIT_HELP)
    .showSuggestionAfterError(true)
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s), outputError: () => undefined });
  registerGenerate(program, io, done);
  registerCheck(program, io, done);
  registerExport(program, io, done);
  registerGraph(program, io, done);
  registerBatch(program, io, done);
  registerMerge(program, io, done);
  for (const command of [...program.commands, ...program.commands.flatMap((c) => c.commands)]) {
    command.exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s), outputError: () => undefined });
  }
  return program;
}

/** The one line a failure is reported as, and its exit code. */
function describeFailure(error: unknown): { message: string; code: ExitCode } {
  if (error instanceof CliError) return { message: error.message, code: error.exitCode };
  if (error instanceof LlmConfigError) return { message: error.message, code: EXIT.usage };
  if (error instanceof InvalidParamsError) return { message: `${error.message} (see qaforge generate --help)`, code: EXIT.usage };
  if (error instanceof CommanderError) {
    const message = error.message.replace(/^error: /, '');
    return { message: `${message}${message.includes('--help') ? '' : ' (see --help)'}`, code: EXIT.usage };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { message, code: EXIT.failed };
}

/**
 * Runs `qaforge` with `argv` (without the node and script names) and returns the exit code.
 * Never throws; never calls process.exit.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  let code: ExitCode = EXIT.ok;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  const verbose = argv.includes('--verbose');
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT.usage;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError && (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help')) {
      return EXIT.ok;
    }
    const { message, code: failCode } = describeFailure(error);
    io.err(`qaforge: error: ${message}\n`);
    if (verbose && error instanceof Error && error.stack) io.err(`${error.stack}\n`);
    return failCode;
  }
}
