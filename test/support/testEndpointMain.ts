/**
 * Runs the OpenAI-compatible TEST DOUBLE as a standalone process for the VS Code tests and benches:
 *   node --import tsx test/support/testEndpointMain.ts [--port N]
 * Prints `{"url": "http://127.0.0.1:N/v1"}` on one stdout line, then serves until SIGINT/SIGTERM.
 */
import { startTestEndpoint } from './testEndpoint';

const at = process.argv.indexOf('--port');
const port = at >= 0 ? Number(process.argv[at + 1]) : 0;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`--port must be an integer from 0 to 65535; got ${process.argv[at + 1]}\n`);
  process.exit(2);
}

void startTestEndpoint({ port }).then((endpoint) => {
  process.stdout.write(`${JSON.stringify({ url: endpoint.url })}\n`);
  const stop = () => void endpoint.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
});
