/**
 * The OpenAI-compatible transport sends through its own HTTP pool, whose header and body timeouts are off: Node's
 * built-in fetch cut every reply slower than 300 s (a long batch on a local CPU model), whatever `timeout` said.
 */
import assert from 'node:assert/strict';
import { Agent } from 'undici';
import { startTestEndpoint, type TestEndpoint } from '../support/testEndpoint';
import { createOpenAiTransport, HTTP_POOL_OPTIONS } from '../../src/core/llm/openaiTransport';
import { TASK_SCHEMAS } from '../../src/core/domain/taskSchemas';

const request = {
  messages: [
    { role: 'system' as const, content: 'QA Forge task: extract_statements (prompt it-1)\nExtract statements.' },
    { role: 'user' as const, content: 'Input:\n```json\n{"chunks":[{"chunk_id":"c1","text":"The cache stores one file per request.","max_statements":1}]}\n```' },
  ],
  format: 'json_schema' as const, schema: TASK_SCHEMAS.extract_statements, schemaName: 'extract_statements',
};

describe('llm over HTTP: the transport\'s connection pool', function () {
  this.timeout(20_000);
  let endpoint: TestEndpoint;
  before(async () => { endpoint = await startTestEndpoint(); });
  after(async () => { await endpoint.close(); });
  afterEach(() => endpoint.faults.reset());

  it('turns off the fetch layer\'s own header and body timeouts (the per-request timeout decides)', () => {
    assert.deepEqual({ ...HTTP_POOL_OPTIONS }, { headersTimeout: 0, bodyTimeout: 0 });
  });

  it('sends every request through the pool it is given, so the pool\'s timeouts are the ones that apply', async () => {
    endpoint.faults.setLatency(1200);
    const impatient = new Agent({ headersTimeout: 300 });
    const cut = createOpenAiTransport({ baseURL: endpoint.url, model: endpoint.model, httpPool: impatient });
    await assert.rejects(cut.complete({ ...request, signal: AbortSignal.timeout(10_000) }), (e: Error) => /fetch failed|timed out|Headers Timeout/i.test(e.message), 'a pool with a 300 ms header timeout fails a reply that takes 1.2 s');
    await impatient.close();

    const patient = createOpenAiTransport({ baseURL: endpoint.url, model: endpoint.model });
    const reply = await patient.complete({ ...request, signal: AbortSignal.timeout(10_000) });
    assert.match(reply.text, /"chunk_id":"c1"/);
  });
});
