/**
 * The model layer through the real `openai` client over HTTP against the local OpenAI-compatible test double,
 * with each fault injected.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHook } from 'node:async_hooks';
import OpenAI from 'openai';
import { startTestEndpoint, type TestEndpoint } from '../support/testEndpoint';
import { extractRequest as oneChunkRequest } from '../support/requests';
import { createLlm, type LlmConfig } from '../../src/core/llm/factory';
import { forgetLearnedFormats, learnedFormat } from '../../src/core/llm/transport';
import { BudgetExceededError, FatalLlmError, isFatalLlmError, type RetryInfo, type StructuredRequest } from '../../src/core/llm/port';
import { InvalidReplyError } from '../../src/core/llm/errors';
import type { ExtractStatementsOutput } from '../../src/core/domain/tasks';
import { countTokens } from '../../src/core/text/tokens';

const TEXT = 'The response cache stores one JSON file per request. Entries are written atomically so that a crashed run can resume. A second identical run makes zero model calls.';
const KEY = 'sk-qaforge-integration-0123456789abcdef';

const extractRequest = (text = TEXT, extra: Partial<StructuredRequest> = {}): StructuredRequest => oneChunkRequest(text, extra);


/**
 * Tracks timers created by our model code (src/core/llm) that are still pending. Node's fetch (undici) keeps
 * its own unref'd pool timers, which are not ours and do not keep the process alive.
 */
function trackOurTimers(): { pending(): string[]; stop(): void } {
  const live = new Map<number, string>();
  const hook = createHook({
    init(id, type) {
      if (type !== 'Timeout') return;
      const stack = new Error().stack ?? '';
      if (/src[\\/]core[\\/]llm/.test(stack)) live.set(id, stack);
    },
    destroy(id) { live.delete(id); },
  }).enable();
  return { pending: () => [...live.values()], stop: () => hook.disable() };
}

describe('llm over HTTP: the openai client against the test double', function () {
  this.timeout(20_000);
  let endpoint: TestEndpoint;
  let cacheDir: string;
  let logs: string[];

  function llm(extra: Partial<LlmConfig> = {}) {
    return createLlm({
      provider: 'openai', baseURL: endpoint.url, model: endpoint.model, apiKey: KEY, cacheDir: null,
      timeoutMs: 5000, log: (line) => logs.push(line), ...extra,
    });
  }

  before(async () => {
    endpoint = await startTestEndpoint();
    // Load the tokenizer the double counts with before any timed call: on a loaded machine its first load can
    // outlast the 5 s per-request timeout and turn the first test's call into a retry.
    countTokens('warm up');
  });
  after(async () => { await endpoint.close(); });
  beforeEach(async () => {
    endpoint.faults.reset();
    endpoint.resetStats();
    forgetLearnedFormats();
    logs = [];
    cacheDir = await mkdtemp(join(tmpdir(), 'qaforge-it-cache-'));
  });
  afterEach(async () => { await rm(cacheDir, { recursive: true, force: true }); });

  it('answers a task with structured outputs, usage from the endpoint, and the key sent as a bearer token', async () => {
    const reply = await llm().chatJson<ExtractStatementsOutput>(extractRequest());
    assert.equal(reply.value.chunks[0].statements.length, 2);
    assert.ok(reply.value.chunks[0].statements.every((s) => TEXT.includes(s.quote)));
    assert.equal(reply.usage.promptTokens, endpoint.stats.promptTokens);
    assert.equal(reply.usage.completionTokens, endpoint.stats.completionTokens);
    assert.deepEqual(endpoint.stats.byFormat, { json_schema: 1 });
    assert.deepEqual(endpoint.stats.authorizations, [`Bearer ${KEY}`]);
  });

  it('waits out 429s as Retry-After and x-ratelimit-reset say, and the call completes', async () => {
    endpoint.faults.rateLimitNext(1, { header: 'retry-after', value: '1' });
    endpoint.faults.rateLimitNext(1, { header: 'x-ratelimit-reset-requests', value: '20ms' });
    const retries: RetryInfo[] = [];
    const reply = await llm().chatJson(extractRequest(TEXT, { onRetry: (i) => retries.push(i) }));
    assert.ok(reply.value);
    assert.deepEqual(retries.map((r) => r.delayMs), [1000, 20]);
    assert.equal(endpoint.stats.byStatus[429], 2);
    assert.equal(endpoint.stats.calls, 3);
  });

  it('retries 500s and 503s with backoff', async () => {
    endpoint.faults.serverErrorNext(1, 500);
    endpoint.faults.serverErrorNext(1, 503);
    const retries: RetryInfo[] = [];
    await llm().chatJson(extractRequest(TEXT, { onRetry: (i) => retries.push(i) }));
    assert.equal(retries.length, 2);
    assert.equal(endpoint.stats.answered, 1);
  });

  it('gives up on a hanging request at the per-request timeout and retries it', async () => {
    endpoint.faults.hangNext(1);
    const retries: RetryInfo[] = [];
    await llm({ timeoutMs: 300 }).chatJson(extractRequest(TEXT, { onRetry: (i) => retries.push(i) }));
    assert.equal(retries.length, 1);
    assert.match(retries[0].reason, /no reply within 300 ms/);
    assert.equal(endpoint.stats.calls, 2);
    assert.equal(endpoint.stats.inFlight, 0, 'the hung request was aborted, not left open');
  });

  it('retries a dropped connection, and names an unreachable endpoint clearly', async () => {
    endpoint.faults.dropNext(2);
    const retries: RetryInfo[] = [];
    await llm().chatJson(extractRequest(TEXT, { onRetry: (i) => retries.push(i) }));
    assert.equal(retries.length, 2);
    assert.equal(endpoint.stats.answered, 1);
    const closed = await startTestEndpoint();
    const deadUrl = closed.url;
    await closed.close();
    await assert.rejects(llm({ baseURL: deadUrl, maxRetries: 1 }).chatJson(extractRequest()), (e: Error) =>
      /could not reach the OpenAI-compatible endpoint 127\.0\.0\.1:\d+/.test(e.message) && !e.message.includes(KEY));
  });

  it('explains a 404 (wrong base URL or model) without retrying it', async () => {
    const wrong = endpoint.url.replace(/\/v1$/, '/api');
    await assert.rejects(llm({ baseURL: wrong }).chatJson(extractRequest()), /404.*Check the model name and that the base URL ends in \/v1/s);
  });

  it('a 404 is a FatalLlmError (model-not-found) so the pipeline ends the run instead of warning per batch', async () => {
    const wrong = endpoint.url.replace(/\/v1$/, '/api');
    await assert.rejects(llm({ baseURL: wrong }).chatJson(extractRequest()), (e: unknown) =>
      e instanceof FatalLlmError && e.reason === 'model-not-found' && e.status === 404 && isFatalLlmError(e));
  });

  it('an exhausted quota (429 insufficient_quota) is fatal at once, not retried like a rate limit', async () => {
    endpoint.faults.quotaExceeded(true);
    await assert.rejects(llm().chatJson(extractRequest()), (e: unknown) =>
      isFatalLlmError(e) && e.reason === 'quota' && e.status === 429 && /no quota left: check its plan and billing/.test(e.message));
    assert.equal(endpoint.stats.calls, 1, 'no retry');
  });

  it('re-asks after malformed JSON (prose) and repairs repairable JSON without a re-ask', async () => {
    endpoint.faults.malformedNext(1, 'prose');
    const reply = await llm().chatJson<ExtractStatementsOutput>(extractRequest());
    assert.equal(reply.value.chunks.length, 1);
    assert.equal(endpoint.stats.calls, 2);
    endpoint.resetStats();
    endpoint.faults.malformedNext(1, 'repairable');
    const repaired = await llm().chatJson<ExtractStatementsOutput>(extractRequest());
    assert.equal(repaired.value.chunks.length, 1);
    assert.equal(endpoint.stats.calls, 1);
  });

  it('re-asks after a truncated reply instead of silently repairing it', async () => {
    endpoint.faults.truncatedNext(1);
    const reply = await llm().chatJson<ExtractStatementsOutput>(extractRequest());
    assert.equal(reply.value.chunks[0].statements.length, 2);
    assert.equal(endpoint.stats.calls, 2);
  });

  it('fails with an error naming the task when every attempt is malformed, without crashing', async () => {
    endpoint.faults.malformedNext(5, 'prose');
    await assert.rejects(llm().chatJson(extractRequest()), (e: unknown) => e instanceof InvalidReplyError && /extract_statements/.test(e.message));
    assert.equal(endpoint.stats.calls, 3);
  });

  it('downgrades to json_object when json_schema is refused, and remembers it for the endpoint and model', async () => {
    endpoint.faults.refuseJsonSchema(true);
    const client = llm();
    await client.chatJson(extractRequest());
    await client.chatJson(extractRequest('Another text entirely, with other words. It has two sentences of reasonable length here.'));
    assert.deepEqual(endpoint.stats.byFormat, { json_schema: 1, json_object: 2 });
    assert.equal(learnedFormat(new URL(endpoint.url).host, endpoint.model), 'json_object');
    assert.ok(logs.some((l) => /json_schema refused/.test(l)));
  });

  it('stops promptly on cancel mid-call, leaving no timer or request pending', async () => {
    endpoint.faults.setLatency(10_000);
    const timers = trackOurTimers();
    try {
      const controller = new AbortController();
      const started = Date.now();
      const call = llm({ timeoutMs: 60_000 }).chatJson(extractRequest(TEXT, { signal: controller.signal }));
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(endpoint.stats.inFlight, 1, 'the request reached the endpoint');
      controller.abort();
      await assert.rejects(call, (e: Error) => e.name === 'AbortError');
      assert.ok(Date.now() - started < 3000, 'cancel is prompt');
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(endpoint.stats.inFlight, 0, 'the request was aborted on the wire');
      assert.equal(endpoint.stats.answered, 0);
      // The 60 s per-request timeout timer must have been cleared (destroyed), not left to fire later.
      await new Promise((r) => setImmediate(r));
      assert.deepEqual(timers.pending(), [], 'timers from src/core/llm still pending');
    } finally {
      timers.stop();
    }
  });

  it('a second identical run is served from the cache with 0 calls and 0 cost', async () => {
    const prices = { [endpoint.model]: { inputPerMTok: 1, outputPerMTok: 1 } };
    const first = await llm({ cacheDir, prices }).chatJson(extractRequest());
    assert.ok(first.costUsd > 0);
    assert.equal(endpoint.stats.calls, 1);
    endpoint.resetStats();
    const second = llm({ cacheDir, prices });
    const again = await second.chatJson(extractRequest());
    assert.equal(endpoint.stats.calls, 0);
    assert.equal(again.cached, true);
    assert.equal(again.costUsd, 0);
    assert.deepEqual(again.value, first.value);
    assert.equal(second.stats.cacheHits, 1);
  });

  it('stops with BudgetExceededError once the budget is spent', async () => {
    const client = llm({ budgetUsd: 0.000001, prices: { [endpoint.model]: { inputPerMTok: 10, outputPerMTok: 10 } } });
    await client.chatJson(extractRequest());
    await assert.rejects(client.chatJson(extractRequest('A different text so it is not cached. It still has enough words.')), BudgetExceededError);
    assert.equal(endpoint.stats.calls, 1);
  });

  it('never shows the API key in errors or logs, even when the endpoint echoes it', async () => {
    endpoint.faults.requireApiKey('sk-the-right-key-000000000000');
    let caught: unknown;
    try {
      await llm().chatJson(extractRequest());
    } catch (error) {
      caught = error;
    }
    assert.ok(caught instanceof FatalLlmError && isFatalLlmError(caught), `a refused key is a FatalLlmError: ${String(caught)}`);
    assert.ok(caught.reason === 'auth' && caught.status === 401);
    assert.match(caught.message, /401/);
    assert.match(caught.message, /API key/);
    assert.doesNotMatch(caught.message, /\.\./, 'the advice is one sentence after the server\'s, without a double period');
    const everything = `${caught.message}\n${caught.stack}\n${logs.join('\n')}\n${JSON.stringify(caught)}`;
    assert.ok(!everything.includes(KEY), 'the key leaked');
    assert.ok(!everything.includes(KEY.slice(0, 12)), 'a fragment of the key leaked');
    assert.equal(endpoint.stats.calls, 0, 'a 401 is not retried (and the chat route was never reached)');
  });

  it('never runs more calls at once than the configured concurrency', async () => {
    endpoint.faults.setLatency(50);
    const client = llm({ concurrency: 2 });
    await Promise.all(Array.from({ length: 6 }, (_, i) => client.chatJson(extractRequest(`${TEXT} Variant number ${i} of the text is here.`))));
    assert.equal(endpoint.stats.maxInFlight, 2);
    assert.equal(endpoint.stats.answered, 6);
  });

  it('offers embeddings when an embedding model is configured', async () => {
    const client = llm({ embeddingModel: 'test-embedding' });
    const vectors = await client.embed!(['the cache stores files', 'the cache stores files', 'bananas']);
    assert.equal(vectors.length, 3);
    assert.equal(vectors[0].length, 64);
    assert.deepEqual(vectors[0], vectors[1]);
    assert.notDeepEqual(vectors[0], vectors[2]);
    assert.equal(llm().embed, undefined);
  });

  it('streams server-sent events for stream: true (for clients that stream)', async () => {
    const client = new OpenAI({ baseURL: endpoint.url, apiKey: KEY, maxRetries: 0 });
    const request = extractRequest();
    const stream = await client.chat.completions.create({ model: endpoint.model, messages: request.messages, stream: true, stream_options: { include_usage: true } });
    let text = '';
    let usage: unknown;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? '';
      usage = chunk.usage ?? usage;
    }
    assert.equal((JSON.parse(text) as ExtractStatementsOutput).chunks[0].chunk_id, 'c1');
    assert.ok(usage);
  });

  it('reads the cached prompt tokens a provider reports for a repeated prefix and prices them lower', async () => {
    endpoint.faults.promptCache(true);
    // one long fixed instruction block first, a varying chunk last: the provider caches the shared prefix
    const instructions = 'QA Forge task: extract_statements (prompt it-1)\n' + Array.from({ length: 300 }, (_, i) => `Rule ${i}: quote the chunk verbatim.`).join(' ');
    const request = (text: string) => extractRequest(text, { messages: [
      { role: 'system', content: instructions },
      { role: 'user', content: `Chunks:\n\`\`\`json\n${JSON.stringify({ chunks: [{ chunk_id: 'c1', text, max_statements: 2 }] })}\n\`\`\`` },
    ], input: { chunks: [{ chunk_id: 'c1', text, max_statements: 2 }] } });
    const client = llm({ prices: { [endpoint.model]: { inputPerMTok: 0.15, cachedInputPerMTok: 0.075, outputPerMTok: 0.6 } } });
    const first = await client.chatJson(request(TEXT));
    const second = await client.chatJson(request(TEXT.replace('one JSON', 'two JSON')));
    assert.equal(first.usage.cachedPromptTokens, undefined, 'nothing is cached on the first call');
    assert.ok((second.usage.cachedPromptTokens ?? 0) >= 1024, `cached ${second.usage.cachedPromptTokens}`);
    assert.equal(second.usage.cachedPromptTokens, endpoint.stats.cachedTokens);
    // same prompt size, about half of it at the cached-input price: the second call costs less
    assert.ok(second.usage.promptTokens >= first.usage.promptTokens);
    assert.ok(second.costUsd < first.costUsd, `${second.costUsd} < ${first.costUsd}`);
  });
});
