/** `qaforge graph`: prints the pipeline's mermaid stateDiagram-v2, rendered from the graph definition. */
import type { Command } from 'commander';
import { NODE, pipelineMermaid } from '../../core/pipeline/graphDefinition';
import { EXIT, type ExitCode } from '../errors';
import type { CliIo } from '../io';
import { choiceOption } from '../parse';

/** Adds the command; `done` receives its exit code. */
export function registerGraph(program: Command, io: CliIo, done: (code: ExitCode) => void): void {
  program
    .command('graph')
    .description('print the pipeline graph as mermaid stateDiagram-v2 text')
    .option('--active <node>', `highlight this node: ${Object.values(NODE).join(', ')}`, choiceOption('--active', Object.values(NODE)))
    .action((opts: { active?: string }) => {
      const text = pipelineMermaid(opts.active);
      io.out(text.endsWith('\n') ? text : `${text}\n`);
      done(EXIT.ok);
    });
}
