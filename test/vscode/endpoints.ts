/**
 * The test endpoints of the VS Code run, as one process: the OpenAI-compatible test double (offline engine
 * behind real HTTP, test/support/testEndpoint.ts) three times — a fast one, a slow one (latency per call) for the
 * cancellation suite, and one that refuses every request without the key `sk-locked` — plus a control URL whose GET /stats returns both endpoints' stats (calls by task,
 * authorization headers seen) and whose POST /batches/hold?on=true|false holds the fast endpoint's batch jobs in progress, so suites in the extension host can check what really went over the wire.
 * Prints `{"url": "...", "slowUrl": "...", "lockedUrl": "...", "controlUrl": "..."}` on one stdout line, then serves until killed.
 *   node --import tsx test/vscode/endpoints.ts [--latency-ms N]
 */
import * as http from 'http';
import type { AddressInfo } from 'net';
import { startTestEndpoint } from '../support/testEndpoint';

const at = process.argv.indexOf('--latency-ms');
const latencyMs = at >= 0 ? Number(process.argv[at + 1]) : 150;

void (async () => {
  const fast = await startTestEndpoint({ port: 0 });
  const slow = await startTestEndpoint({ port: 0 });
  slow.faults.setLatency(latencyMs);
  const locked = await startTestEndpoint({ port: 0 });
  locked.faults.requireApiKey('sk-locked');
  const control = http.createServer((req, res) => {
    if (req.url === '/reset' && req.method === 'POST') {
      fast.resetStats();
      slow.resetStats();
      res.writeHead(204).end();
      return;
    }
    // hold (or release) the fast endpoint's batch jobs in progress, as a provider's queue keeps them
    if (req.url?.startsWith('/batches/hold?') && req.method === 'POST') {
      fast.batches.knobs.hold(new URLSearchParams(req.url.split('?')[1]).get('on') === 'true');
      res.writeHead(204).end();
      return;
    }
    if (req.url === '/stats') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ fast: fast.stats, slow: slow.stats, fastBatches: fast.batches.stats }));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
  const controlUrl = `http://127.0.0.1:${(control.address() as AddressInfo).port}`;
  process.stdout.write(`${JSON.stringify({ url: fast.url, slowUrl: slow.url, lockedUrl: locked.url, controlUrl })}\n`);
  const stop = (): void => void Promise.all([fast.close(), slow.close(), locked.close(), new Promise((r) => control.close(r))]).then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
})();
