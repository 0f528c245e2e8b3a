import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { costOf, isLocalEndpoint, priceFor } from '../../../../src/core/llm/prices';
import { MeteredLlm, emptyStats } from '../../../../src/core/llm/metering';
import { CachedLlm, chatCacheKey } from '../../../../src/core/llm/cache';
import { estimateRun } from '../../../../src/core/llm/estimate';
import { scrubSecrets } from '../../../../src/core/llm/redact';
import { createLlm, LlmConfigError } from '../../../../src/core/llm/factory';
import { InvalidReplyError } from '../../../../src/core/llm/errors';
import { BudgetExceededError, type LlmPort, type StructuredReply, type StructuredRequest } from '../../../../src/core/llm/port';
import { resolveParams } from '../../../../src/core/domain/params';
import { TASK_SCHEMAS } from '../../../../src/core/domain/taskSchemas';

const schema = { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'], additionalProperties: false };

/** Counts calls; replies {n: <call number>} with fixed usage. */
class CountingLlm implements LlmPort {
  readonly provider = 'fake';
  readonly model = 'gpt-4o-mini';
  calls = 0;
  async chatJson<T>(): Promise<StructuredReply<T>> {
    this.calls++;
    return { value: { n: this.calls } as T, usage: { promptTokens: 1_000_000, completionTokens: 500_000 }, cached: false, costUsd: 0 };
  }
  async embed(texts: string[]): Promise<number[][]> {
    this.calls++;
    return texts.map((t) => [t.length]);
  }
}

function req(content: string, extra: Partial<StructuredRequest> = {}): StructuredRequest {
  return { task: 't', promptVersion: '1', schema, input: {}, messages: [{ role: 'user', content }], ...extra };
}

describe('llm: prices and metering', () => {
  it('prices known models, dated snapshots and overrides', () => {
    assert.deepEqual(priceFor('gpt-4o-mini'), { inputPerMTok: 0.15, cachedInputPerMTok: 0.075, outputPerMTok: 0.6 });
    assert.deepEqual(priceFor('gpt-4o-2024-08-06'), priceFor('gpt-4o'));
    assert.deepEqual(priceFor('gpt-4.1-mini-2025-04-14'), priceFor('gpt-4.1-mini'));
    assert.equal(priceFor('llama3.1:8b'), undefined);
    assert.deepEqual(priceFor('llama3.1:8b', { 'llama3.1:8b': { inputPerMTok: 1, outputPerMTok: 2 } }), { inputPerMTok: 1, outputPerMTok: 2 });
    assert.equal(costOf({ promptTokens: 2_000_000, completionTokens: 1_000_000 }, { inputPerMTok: 0.15, outputPerMTok: 0.6 }), 0.9);
  });

  it('recognises local endpoints', () => {
    for (const url of ['http://localhost:11434/v1', 'http://127.0.0.1:1234/v1', 'http://[::1]:8000/v1', 'http://192.168.1.5:8080/v1']) assert.ok(isLocalEndpoint(url), url);
    assert.ok(!isLocalEndpoint('https://api.openai.com/v1'));
  });

  it('costs each reply and stops further calls once the budget is spent', async () => {
    const inner = new CountingLlm();
    const metered = new MeteredLlm(inner, { price: priceFor('gpt-4o-mini'), budgetUsd: 0.5 });
    const first = await metered.chatJson(req('a'));
    assert.equal(first.costUsd, 0.45);
    await metered.chatJson(req('b'));
    await assert.rejects(metered.chatJson(req('c')), (e: unknown) => e instanceof BudgetExceededError && e.budgetUsd === 0.5);
    assert.equal(inner.calls, 2);
    assert.equal(metered.stats.calls, 2);
    assert.ok(Math.abs(metered.stats.costUsd - 0.9) < 1e-9);
  });
});

describe('llm: metering of replies that stayed invalid', () => {
  it('bills the tokens of a call whose replies never validated, so cost and budget see them', async () => {
    const failing: LlmPort = {
      provider: 'fake', model: 'gpt-4o-mini',
      chatJson: async () => { throw new InvalidReplyError('t', 3, 'not JSON', { promptTokens: 1_000_000, completionTokens: 0 }); },
    };
    const metered = new MeteredLlm(failing, { price: priceFor('gpt-4o-mini'), budgetUsd: 0.1 });
    await assert.rejects(metered.chatJson(req('a')), (e: unknown) => e instanceof InvalidReplyError && Math.abs(e.costUsd - 0.15) < 1e-9);
    assert.equal(metered.stats.calls, 1);
    assert.equal(metered.stats.promptTokens, 1_000_000);
    assert.ok(Math.abs(metered.stats.costUsd - 0.15) < 1e-9);
    await assert.rejects(metered.chatJson(req('b')), BudgetExceededError);
  });
});

describe('llm: reply cache', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'qaforge-cache-')); });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });
  const identity = { provider: 'openai', endpoint: 'h:1', model: 'm' };

  it('serves an identical request from disk with cached:true, cost 0 and no call', async () => {
    const inner = new CountingLlm();
    const stats = emptyStats();
    const cache = new CachedLlm(inner, { dir, identity, stats });
    const a = await cache.chatJson<{ n: number }>(req('same'));
    const b = await cache.chatJson<{ n: number }>(req('same'));
    assert.equal(inner.calls, 1);
    assert.equal(b.cached, true);
    assert.equal(b.costUsd, 0);
    assert.deepEqual(b.value, a.value);
    assert.equal(stats.cacheHits, 1);
    assert.deepEqual(a.usage, { promptTokens: 1_000_000, completionTokens: 500_000 });
    assert.deepEqual(b.usage, { promptTokens: 0, completionTokens: 0 }, 'a hit spent no tokens, as it cost nothing');
    const again = new CachedLlm(new CountingLlm(), { dir, identity });
    assert.equal((await again.chatJson<{ n: number }>(req('same'))).cached, true, 'a new process finds the entry on disk');
  });

  it('keys on messages, schema, temperature, model and endpoint', async () => {
    const base = chatCacheKey(identity, req('x'));
    assert.notEqual(chatCacheKey(identity, req('y')), base);
    assert.notEqual(chatCacheKey(identity, req('x', { temperature: 0.5 })), base);
    assert.notEqual(chatCacheKey(identity, req('x', { schema: TASK_SCHEMAS.validate_pairs })), base);
    assert.notEqual(chatCacheKey({ ...identity, model: 'other' }, req('x')), base);
    assert.notEqual(chatCacheKey({ ...identity, endpoint: 'h:2' }, req('x')), base);
    assert.equal(chatCacheKey(identity, req('x', { signal: new AbortController().signal })), base);
  });

  it('writes one fanned-out JSON file per entry, with no temp files left, and treats a corrupt entry as a miss', async () => {
    const inner = new CountingLlm();
    const cache = new CachedLlm(inner, { dir, identity });
    await cache.chatJson(req('one'));
    const key = chatCacheKey(identity, req('one'));
    const sub = await readdir(join(dir, key.slice(0, 2)));
    assert.deepEqual(sub, [`${key.slice(2)}.json`]);
    assert.deepEqual(JSON.parse(await readFile(cache.pathOf(key), 'utf8')).value, { n: 1 });
    await writeFile(cache.pathOf(key), '{"kind":"chat", trunc');
    const reply = await cache.chatJson(req('one'));
    assert.equal(reply.cached, false);
    assert.equal(inner.calls, 2);
  });

  it('caches embeddings too', async () => {
    const inner = new CountingLlm();
    const cache = new CachedLlm(inner, { dir, identity: { ...identity, embeddingModel: 'e' } });
    assert.deepEqual(await cache.embed!(['ab', 'c']), [[2], [1]]);
    assert.deepEqual(await cache.embed!(['ab', 'c']), [[2], [1]]);
    assert.equal(inner.calls, 1);
  });
});

describe('llm: estimate', () => {
  it('follows the batching: ≈4 calls per batch of chunks per pass, more for reflection', () => {
    const params = resolveParams({ numPairs: 10, chunkSize: 1000, maxReflectionIterations: 0 });
    const e = estimateRun([4000, 4000], params, 'gpt-4o-mini', { concurrency: 1 });
    // one stream: 8 chunks of 1000 tokens pack into 2 batches (5 + 3) of ≤ 6000 tokens; one pass = 4 tasks.
    assert.equal(e.byTask.extract_statements?.calls, 2);
    assert.equal(e.calls, 8);
    assert.ok(e.promptTokens > 8000 * 3, "the corpus is read by extraction, answering and validation (questions get statements only)");
    assert.ok(e.costUsd > 0);
    const reflective = estimateRun([4000, 4000], { ...params, maxReflectionIterations: 2 }, 'gpt-4o-mini', { concurrency: 1 });
    assert.ok(reflective.calls > e.calls);
    assert.ok(reflective.byTask.revise_questions!.calls >= 1);
    assert.equal(estimateRun([3000], params, 'llama3').costUsd, 0);
    assert.equal(estimateRun([], params).calls, 0);
  });

  it('splits the stages to fill the concurrency as the run does, each call repeating its instructions', () => {
    const params = resolveParams({ numPairs: 40, chunkSize: 1000, maxReflectionIterations: 0 });
    const one = estimateRun([8000, 8000], params, 'gpt-4o-mini', { concurrency: 1 });
    const eight = estimateRun([8000, 8000], params, 'gpt-4o-mini', { concurrency: 8 });
    assert.equal(eight.byTask.extract_statements?.calls, 8, '16,000 chunk tokens: 8 calls of ≥ 1,200');
    assert.equal(eight.byTask.generate_answers?.calls, 8, '40 pairs: 8 calls of 5');
    assert.ok(eight.promptTokens > one.promptTokens, 'more calls, more instructions sent');
    assert.ok(estimateRun([8000, 8000], { ...params, numPairs: 400 }, 'gpt-4o-mini', { concurrency: 8 }).calls > eight.calls, '400 pairs need more calls than 40 (at most 12 a call)');
  });
});

describe('llm: secrets and the factory', () => {
  const key = 'sk-test-1234567890abcdefSECRET';
  it('scrubs a key and echoed fragments of it', () => {
    const text = `bad key ${key}; Incorrect API key provided: sk-tes**********CRET; header Bearer ${key}`;
    const clean = scrubSecrets(text, [key]);
    assert.ok(!clean.includes(key));
    assert.ok(!clean.includes('sk-tes'));
    assert.ok(!clean.includes('CRET'));
    assert.match(clean, /\[redacted\]/);
  });

  it('masks short secrets exactly, and sk- keys and bearer tokens it was not told about', () => {
    const clean = scrubSecrets('token abcd1 then sk-otherkey123456789 and Bearer xyz.abc', ['abcd1']);
    assert.equal(clean, 'token [redacted] then [redacted] and Bearer [redacted]');
  });

  it('refuses unusable configuration naming the field', () => {
    assert.throws(() => createLlm({ provider: 'openai' }), (e: unknown) => e instanceof LlmConfigError && e.field === 'model');
    assert.throws(() => createLlm({ provider: 'azure-openai', azure: { endpoint: 'https://x', deployment: '', apiVersion: '1' } }),
      (e: unknown) => e instanceof LlmConfigError && e.field === 'azure.deployment');
    assert.throws(() => createLlm({ provider: 'offline', concurrency: 0 }), /concurrency/);
  });

  it('refuses a budget it could not enforce (a remote model without a known price), and accepts it once priced', () => {
    const remote = { provider: 'openai' as const, baseURL: 'https://llm.example.com/v1', model: 'my-finetune', apiKey: 'k', cacheDir: null, budgetUsd: 1 };
    assert.throws(() => createLlm(remote), (e: unknown) => e instanceof LlmConfigError && e.field === 'prices' && /my-finetune/.test(e.message));
    assert.doesNotThrow(() => createLlm({ ...remote, prices: { 'my-finetune': { inputPerMTok: 1, outputPerMTok: 2 } } }));
    assert.doesNotThrow(() => createLlm({ ...remote, budgetUsd: undefined }));
    assert.doesNotThrow(() => createLlm({ ...remote, baseURL: 'http://localhost:11434/v1' }), 'a local endpoint is free');
  });

  it('gives the offline engine for provider offline, with zero cost', async () => {
    const llm = createLlm({ provider: 'offline' });
    assert.equal(llm.provider, 'offline');
    assert.equal(llm.model, 'heuristic-v1');
    const reply = await llm.chatJson({ task: 'validate_pairs', promptVersion: '1', messages: [], schema: TASK_SCHEMAS.validate_pairs,
      input: { chunks: [{ chunk_id: 'c', text: 'The cache is on by default.' }], pairs: [] } });
    assert.deepEqual(reply.value, { verdicts: [] });
    assert.equal(reply.costUsd, 0);
    assert.equal(llm.stats.calls, 1);
  });
});
