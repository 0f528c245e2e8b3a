/**
 * The whole pipeline (QAWorkflowGraph) through the real `openai` client over HTTP against the local
 * OpenAI-compatible test double, with each fault injected: the run completes, the requested pairs are produced,
 * nothing is left unhandled, cancelling keeps the pairs produced, a second identical run makes 0 calls, and the
 * API key never appears in results, events or logs.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestEndpoint, type TestEndpoint } from '../support/testEndpoint';
import { createLlm, type LlmConfig } from '../../src/core/llm/factory';
import { forgetLearnedFormats } from '../../src/core/llm/transport';
import { QAWorkflowGraph } from '../../src/core/pipeline/workflow';
import { documentFromText } from '../../src/core/ingest/document';
import type { RunEvent } from '../../src/core/domain/events';
import type { RunResult } from '../../src/core/domain/records';

const KEY = 'sk-qaforge-pipeline-fedcba9876543210';
const DOCS = [
  `# Cache\n\nThe response cache stores one JSON file per request under the cache folder. Entries are written atomically, because a crashed run must be able to resume from the entries it already wrote. A second run with unchanged inputs therefore makes zero model calls.`,
  `# Retries\n\nThe client retries a request when the endpoint answers 429 or a 5xx status. The delay follows the Retry-After header when the server sends one, and exponential backoff with full jitter otherwise. A per-request timeout turns a hanging request into a retry.`,
  `# Budget\n\nThe budget cap stops a run once the spent amount reaches the configured limit. Pairs produced before the cap are kept in the result. Prices come from a table of known models that the user can override.`,
];
const PARAMS = { numPairs: 6, splitterType: 'sentence', maxReflectionIterations: 1 } as const;

describe('pipeline over HTTP: QAWorkflowGraph with the openai client against the test double', function () {
  this.timeout(60_000);
  let endpoint: TestEndpoint;
  let cacheDir: string;
  let logs: string[];
  let events: RunEvent[];
  const unhandled: unknown[] = [];
  const trap = (reason: unknown) => { unhandled.push(reason); };

  before(async () => {
    endpoint = await startTestEndpoint();
    process.on('unhandledRejection', trap);
  });
  after(async () => {
    process.off('unhandledRejection', trap);
    await endpoint.close();
  });
  beforeEach(async () => {
    endpoint.faults.reset();
    endpoint.faults.requireApiKey(KEY);
    endpoint.resetStats();
    forgetLearnedFormats();
    logs = [];
    events = [];
    unhandled.length = 0;
    cacheDir = await mkdtemp(join(tmpdir(), 'qaforge-pipeline-cache-'));
  });
  afterEach(async () => {
    // Give stray promises a turn to surface before checking.
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(unhandled, [], 'no unhandled rejection');
    await rm(cacheDir, { recursive: true, force: true });
  });

  function llm(extra: Partial<LlmConfig> = {}) {
    return createLlm({
      provider: 'openai', baseURL: endpoint.url, model: endpoint.model, apiKey: KEY, cacheDir: null,
      timeoutMs: 2000, log: (line) => logs.push(line), ...extra,
    });
  }

  function run(config: Partial<LlmConfig> = {}, signal?: AbortSignal, onEvent?: (e: RunEvent) => void): Promise<RunResult> {
    const documents = DOCS.map((text, i) => documentFromText(`docs/topic-${i}.md`, text));
    return new QAWorkflowGraph({
      llm: llm(config), signal, batchTokenBudget: 600,
      onEvent: (e) => { events.push(e); onEvent?.(e); },
    }).runFromDocuments(documents, PARAMS);
  }

  function assertComplete(result: RunResult): void {
    assert.equal(result.status, 'completed', JSON.stringify(result.errors));
    assert.equal(result.validatedQaPairs.length, PARAMS.numPairs, 'the requested pairs are produced');
    assert.deepEqual(result.errors, []);
    for (const pair of result.validatedQaPairs) {
      const source = DOCS.join('\n');
      // a context is the pair's evidence: its chunk's heading path (when there is one) above a passage of the source
      const path = (result.chunks.find((c) => c.id === pair.chunkId)?.headingPath ?? []).join(' › ');
      const passage = (c: string) => (path && c.startsWith(`${path}\n\n`) ? c.slice(path.length + 2) : c);
      assert.ok(pair.contexts.every((c) => source.includes(passage(c).trim().slice(0, 40))), `context not from the source: ${pair.contexts[0]}`);
    }
  }

  /** Chat requests of a clean run (the pipeline is deterministic), to show that each fault was really hit. */
  let cleanCalls = 0;

  it('completes with no fault, producing the requested pairs', async () => {
    const result = await run();
    assertComplete(result);
    cleanCalls = endpoint.stats.calls;
    assert.equal(endpoint.stats.answered, cleanCalls);
    assert.equal(result.provider, 'openai');
    assert.equal(result.usage.calls, endpoint.stats.answered);
    assert.equal(result.usage.promptTokens, endpoint.stats.promptTokens);
  });

  const faults: Array<[string, (e: TestEndpoint) => void, Partial<LlmConfig>?]> = [
    ['429 with Retry-After', (e) => e.faults.rateLimitNext(3, { header: 'retry-after', value: '0' })],
    ['429 with x-ratelimit-reset-tokens', (e) => e.faults.rateLimitNext(2, { header: 'x-ratelimit-reset-tokens', value: '30ms' })],
    ['500s', (e) => e.faults.serverErrorNext(3, 500)],
    ['a hanging request (per-request timeout)', (e) => e.faults.hangNext(1), { timeoutMs: 400 }],
    ['dropped connections', (e) => e.faults.dropNext(2)],
    ['malformed JSON', (e) => e.faults.malformedNext(2, 'prose')],
    ['truncated JSON', (e) => e.faults.truncatedNext(2)],
    ['json_schema refused', (e) => e.faults.refuseJsonSchema(true)],
  ];
  for (const [name, inject, config] of faults) {
    it(`completes with ${name}, producing the requested pairs`, async () => {
      inject(endpoint);
      const result = await run(config);
      assertComplete(result);
      assert.ok(cleanCalls > 0 && endpoint.stats.calls > cleanCalls, `the fault was hit: ${endpoint.stats.calls} requests vs ${cleanCalls} in a clean run`);
    });
  }

  it('a second identical run makes 0 calls and gives the same pairs', async () => {
    const first = await run({ cacheDir });
    assertComplete(first);
    const callsFirst = endpoint.stats.calls;
    assert.ok(callsFirst > 0);
    endpoint.resetStats();
    const second = await run({ cacheDir });
    assert.equal(endpoint.stats.calls, 0);
    assert.equal(second.usage.calls, 0);
    assert.equal(second.usage.cacheHits, first.usage.calls);
    assert.deepEqual(second.validatedQaPairs.map((p) => [p.id, p.question, p.answer]), first.validatedQaPairs.map((p) => [p.id, p.question, p.answer]));
  });

  it('cancelling mid-run keeps the pairs produced, and re-running resumes from the cache', async () => {
    endpoint.faults.setLatency(100);
    const controller = new AbortController();
    const cancelled = await run({ cacheDir, concurrency: 1 }, controller.signal, (e) => {
      if (e.type === 'pair-validated') controller.abort();
    });
    assert.equal(cancelled.status, 'cancelled');
    assert.ok(endpoint.stats.answered < cleanCalls, 'the run really stopped early');
    assert.ok(cancelled.qaPairs.length >= 1, 'pairs produced before the cancel are kept');
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(endpoint.stats.inFlight, 0, 'no request left running');
    const callsBefore = endpoint.stats.answered;
    endpoint.faults.setLatency(0);
    endpoint.resetStats();
    const resumed = await run({ cacheDir });
    assertComplete(resumed);
    assert.ok(resumed.usage.cacheHits >= callsBefore - 1, 'the answered calls of the cancelled run are reused');
  });

  it('stops cleanly at the budget cap', async () => {
    const result = await run({ budgetUsd: 0.000001, prices: { [endpoint.model]: { inputPerMTok: 5, outputPerMTok: 5 } } });
    assert.equal(result.status, 'budget-exceeded');
    assert.ok(result.usage.costUsd > 0);
  });

  it('never puts the API key in results, events or logs — also when the key is refused', async () => {
    const ok = await run();
    assertComplete(ok);
    endpoint.faults.requireApiKey('sk-some-other-key-000000000');
    const refused = await run();
    assert.ok(refused.errors.length > 0);
    assert.ok(refused.errors.some((e) => /401/.test(e.message)), JSON.stringify(refused.errors));
    const everything = JSON.stringify({ ok, refused, events, logs });
    assert.ok(!everything.includes(KEY), 'the key leaked');
    assert.ok(!everything.includes(KEY.slice(0, 10)), 'a fragment of the key leaked');
  });
});
