/** Entry point of the `qaforge` command (bundled to dist/cli.js). Ctrl+C cancels the run and keeps its pairs. */
import { processIo } from './io';
import { runCli } from './program';

const controller = new AbortController();
let interrupts = 0;
process.on('SIGINT', () => {
  interrupts++;
  if (interrupts > 1) process.exit(130);
  process.stderr.write('\nqaforge: stopping: the model calls in flight are cancelled and the pairs produced so far are kept (Ctrl+C again to quit now)\n');
  controller.abort();
});

runCli(process.argv.slice(2), processIo(controller.signal)).then((code) => {
  process.exitCode = code;
});
