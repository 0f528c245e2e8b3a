/**
 * Runs the OpenAI-compatible TEST DOUBLE as a standalone process for the VS Code tests and benches:
 *   node --import tsx test/support/testEndpointMain.ts [--port N] [--latency MS]
 * Prints `{"url": "http://127.0.0.1:N/v1"}` on one stdout line, then serves until SIGINT/SIGTERM.
 * Faults and stats from outside: POST /__control/faults, GET /__control/stats (see testEndpointControl.ts).
 */
import { startTestEndpoint } from './testEndpoint';

const at = process.argv.indexOf('--port');
const port = at >= 0 ? Number(process.argv[at + 1]) : 0;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`--port must be an integer from 0 to 65535; got ${process.argv[at + 1]}\n`);
  process.exit(2);
}

const latencyAt = process.argv.indexOf('--latency');
const latency = latencyAt >= 0 ? Number(process.argv[latencyAt + 1]) : 0;
if (!Number.isInteger(latency) || latency < 0) {
  process.stderr.write(`--latency must be a whole number of ms; got ${process.argv[latencyAt + 1]}\n`);
  process.exit(2);
}

void startTestEndpoint({ port }).then((endpoint) => {
  endpoint.faults.setLatency(latency);
  process.stdout.write(`${JSON.stringify({ url: endpoint.url })}\n`);
  const stop = () => void endpoint.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
});
