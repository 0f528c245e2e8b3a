/**
 * The batch JSONL format and batch prices: request lines carry exactly the live request body, files split at the
 * provider's request and byte limits, output and error lines are matched by custom_id, batch prices are half the
 * live ones in the estimate, and a saved job list that is not one is refused with its file named.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readResultLines, requestLine, splitIntoFiles, OPENAI_BATCH_LIMITS, type LineOutcome } from '../../../../src/core/llm/batch/lines';
import { batchStateFile, loadBatchState, saveBatchState, type BatchRunState } from '../../../../src/core/llm/batch/state';
import { chatCompletionBody } from '../../../../src/core/llm/openaiTransport';
import { batchPriceOf, costOf, priceFor } from '../../../../src/core/llm/prices';
import { estimateRun } from '../../../../src/core/llm/estimate';
import { resolveParams } from '../../../../src/core/domain/params';
import { TASK_SCHEMAS } from '../../../../src/core/domain/taskSchemas';
import { createLlm, LlmConfigError } from '../../../../src/core/llm/factory';

describe('batch: request lines and files', () => {
  it('a request line is custom_id, POST, /v1/chat/completions and the body a live call sends (strict json_schema, limits)', () => {
    const request = { messages: [{ role: 'user' as const, content: 'Frage: Wie groß ist der Kessel? — «ja»' }], format: 'json_schema' as const,
      schema: TASK_SCHEMAS.generate_answers, schemaName: 'generate_answers', temperature: 0.2, maxOutputTokens: 800 };
    const line = JSON.parse(requestLine('key-1', chatCompletionBody('gpt-4o-mini', true, request)).text) as Record<string, unknown>;
    assert.deepEqual(line, {
      custom_id: 'key-1', method: 'POST', url: '/v1/chat/completions',
      body: {
        model: 'gpt-4o-mini', messages: request.messages, temperature: 0.2, max_completion_tokens: 800,
        response_format: { type: 'json_schema', json_schema: { name: 'generate_answers', schema: TASK_SCHEMAS.generate_answers, strict: true } },
      },
    });
  });

  it('splits at the request count and at the byte size, keeping order, and refuses a line bigger than a file', () => {
    const lines = Array.from({ length: 7 }, (_, i) => requestLine(`id-${i}`, { n: 'x'.repeat(40) }));
    const size = Buffer.byteLength(`${lines[0].text}\n`);
    assert.deepEqual(splitIntoFiles(lines, { maxRequests: 3, maxBytes: 1e9 }).map((f) => f.customIds),
      [['id-0', 'id-1', 'id-2'], ['id-3', 'id-4', 'id-5'], ['id-6']]);
    const bySize = splitIntoFiles(lines, { maxRequests: 100, maxBytes: size * 2 + 1 });
    assert.deepEqual(bySize.map((f) => f.customIds.length), [2, 2, 2, 1]);
    assert.ok(bySize.every((f) => Buffer.byteLength(f.content) <= size * 2 + 1));
    assert.equal(bySize.map((f) => f.content).join(''), lines.map((l) => `${l.text}\n`).join(''));
    assert.throws(() => splitIntoFiles(lines, { maxRequests: 100, maxBytes: size - 1 }), /batch request id-0 is \d+ bytes/);
    assert.deepEqual(OPENAI_BATCH_LIMITS, { maxRequests: 50_000, maxBytes: 200 * 1024 * 1024 });
  });

  it('reads replies, error lines and non-200 responses by custom_id; a reply wins over an error line for the same id', () => {
    const ok = (id: string, content: string) => JSON.stringify({ custom_id: id, error: null, response: { status_code: 200, body: {
      choices: [{ message: { content }, finish_reason: 'stop' }], usage: { prompt_tokens: 12, completion_tokens: 3, prompt_tokens_details: { cached_tokens: 4 } } } } });
    const outcomes = new Map<string, LineOutcome>();
    const problems: string[] = [];
    readResultLines([ok('a', '{"x":1}'), JSON.stringify({ custom_id: 'b', response: null, error: { code: 'batch_expired', message: 'not run' } }),
      JSON.stringify({ custom_id: 'c', response: { status_code: 429, body: { error: { message: 'slow down' } } }, error: null }), 'not json', ''].join('\n'), outcomes, problems);
    readResultLines(JSON.stringify({ custom_id: 'a', response: null, error: { code: 'x', message: 'late error' } }), outcomes);
    assert.deepEqual(outcomes.get('a'), { ok: true, text: '{"x":1}', usage: { promptTokens: 12, completionTokens: 3, cachedPromptTokens: 4 }, finishReason: 'stop' });
    assert.deepEqual(outcomes.get('b'), { ok: false, problem: 'batch_expired: not run' });
    assert.deepEqual(outcomes.get('c'), { ok: false, problem: 'status 429: slow down' });
    assert.deepEqual(problems, ['line 4 is not JSON']);
  });
});

describe('batch: prices, configuration and saved state', () => {
  it('batch prices are half the list price, in the estimate too', () => {
    const live = priceFor('gpt-4o-mini')!;
    assert.deepEqual(batchPriceOf(live), { inputPerMTok: 0.075, outputPerMTok: 0.3, cachedInputPerMTok: 0.0375 });
    const usage = { promptTokens: 1_000_000, completionTokens: 500_000 };
    assert.equal(costOf(usage, batchPriceOf(live)), costOf(usage, live) / 2);
    const params = resolveParams({ numPairs: 10 });
    const interactive = estimateRun([4000, 4000], params, 'gpt-4o-mini');
    const batch = estimateRun([4000, 4000], params, 'gpt-4o-mini', { batch: {} });
    assert.ok(interactive.costUsd > 0);
    assert.equal(batch.calls, interactive.calls);
    assert.ok(Math.abs(batch.costUsd - interactive.costUsd / 2) < 1e-12);
    const overridden = estimateRun([4000, 4000], params, 'gpt-4o-mini', { batch: { prices: { 'gpt-4o-mini': live } } });
    assert.ok(Math.abs(overridden.costUsd - interactive.costUsd) < 1e-12);
  });

  it('refuses batch mode without the OpenAI provider or without the cache, naming the field', () => {
    const batch = { stateFile: '/tmp/x.json', dataset: '/tmp/d.qa.jsonl' };
    assert.throws(() => createLlm({ provider: 'offline', batch }), (e: unknown) => e instanceof LlmConfigError && e.field === 'batch');
    assert.throws(() => createLlm({ provider: 'openai', model: 'gpt-4o-mini', cacheDir: null, batch }), (e: unknown) => e instanceof LlmConfigError && e.field === 'cacheDir');
  });

  it('saves and reloads the job list beside the cache, one file per dataset, and refuses a file that is not one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qaforge-batch-state-'));
    try {
      const file = batchStateFile(join(dir, 'llm'), '/work/ds/docs.qa.jsonl');
      assert.equal(join(file, '..'), join(dir, 'batches'));
      assert.notEqual(file, batchStateFile(join(dir, 'llm'), '/work/ds/other.qa.jsonl'));
      assert.equal(await loadBatchState(file), undefined);
      const state: BatchRunState = { v: 1, dataset: '/work/ds/docs.qa.jsonl', endpoint: 'api.openai.com', model: 'gpt-4o-mini',
        jobs: [{ id: 'batch_1', inputFileId: 'file_1', customIds: ['k1', 'k2'], status: 'in_progress', submittedAt: '2026-01-01T00:00:00.000Z' }] };
      await saveBatchState(file, state);
      assert.deepEqual(await loadBatchState(file), state);
      await writeFile(file, '{"jobs": 3}');
      await assert.rejects(loadBatchState(file), new RegExp(`batch state ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not a QA Forge batch state`));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
