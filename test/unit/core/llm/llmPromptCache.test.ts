import assert from 'node:assert/strict';
import { costOf, priceFor } from '../../../../src/core/llm/prices';
import { MeteredLlm } from '../../../../src/core/llm/metering';
import { usageOf } from '../../../../src/core/llm/openaiTransport';
import { cacheablePrefix, estimateRun } from '../../../../src/core/llm/estimate';
import { createStructuredLlm, type ChatTransport } from '../../../../src/core/llm/transport';
import { resolveParams } from '../../../../src/core/domain/params';

const schema = { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'], additionalProperties: false };

describe('llm: prompt caching (cached prompt tokens)', () => {
  it('reads cached_tokens from an OpenAI usage object, and nothing when absent or zero', () => {
    assert.deepEqual(usageOf({ prompt_tokens: 3000, completion_tokens: 200, prompt_tokens_details: { cached_tokens: 2048 } }),
      { promptTokens: 3000, completionTokens: 200, cachedPromptTokens: 2048 });
    assert.deepEqual(usageOf({ prompt_tokens: 3000, completion_tokens: 200 }), { promptTokens: 3000, completionTokens: 200 });
    assert.deepEqual(usageOf({ prompt_tokens: 3000, completion_tokens: 200, prompt_tokens_details: { cached_tokens: 0 } }), { promptTokens: 3000, completionTokens: 200 });
    assert.deepEqual(usageOf({ prompt_tokens: 10, completion_tokens: 1, prompt_tokens_details: null }), { promptTokens: 10, completionTokens: 1 });
  });

  it('prices cached prompt tokens at the cached-input price, the input price when a model has none', () => {
    const price = priceFor('gpt-4o-mini')!;
    const full = costOf({ promptTokens: 1_000_000, completionTokens: 0 }, price);
    const half = costOf({ promptTokens: 1_000_000, completionTokens: 0, cachedPromptTokens: 500_000 }, price);
    assert.equal(full, 0.15);
    assert.equal(Math.round(half * 1e6) / 1e6, 0.1125); // 0.5M × 0.15 + 0.5M × 0.075
    const noCachedPrice = { inputPerMTok: 1, outputPerMTok: 2 };
    assert.equal(costOf({ promptTokens: 1_000_000, completionTokens: 0, cachedPromptTokens: 1_000_000 }, noCachedPrice), 1);
    // a provider can never cache more than it was sent
    assert.equal(costOf({ promptTokens: 100, completionTokens: 0, cachedPromptTokens: 1000 }, price), costOf({ promptTokens: 100, completionTokens: 0, cachedPromptTokens: 100 }, price));
  });

  it('carries cached tokens from the transport through re-asks into the metered cost and the totals', async () => {
    let call = 0;
    const transport: ChatTransport = {
      provider: 'openai', endpoint: 'test', model: 'gpt-4o',
      async complete() {
        call++;
        // first reply invalid (re-asked), second valid; both report cached prompt tokens
        return { text: call === 1 ? 'not json' : '{"n":1}', usage: { promptTokens: 2000, completionTokens: 10, cachedPromptTokens: 1024 }, finishReason: 'stop' };
      },
    };
    const metered = new MeteredLlm(createStructuredLlm(transport), { price: priceFor('gpt-4o') });
    const reply = await metered.chatJson({ task: 't', promptVersion: '1', schema, input: {}, messages: [{ role: 'user', content: 'x' }] });
    assert.deepEqual(reply.usage, { promptTokens: 4000, completionTokens: 20, cachedPromptTokens: 2048 });
    const expected = (1952 * 2.5 + 2048 * 1.25 + 20 * 10) / 1e6;
    assert.equal(Math.abs(reply.costUsd - expected) < 1e-12, true, `${reply.costUsd} vs ${expected}`);
    assert.equal(metered.stats.cachedPromptTokens, 2048);
    assert.equal(metered.stats.promptTokens, 4000);
  });

  it('estimates cached tokens only for instructions of at least 1,024 tokens, after each task\'s first call', () => {
    assert.equal(cacheablePrefix(1023), 0);
    assert.equal(cacheablePrefix(1024), 1024);
    assert.equal(cacheablePrefix(1300), 1280);
    const params = resolveParams({ numPairs: 40, chunkSize: 1000 });
    const docs = Array<number>(30).fill(3000);
    const short = estimateRun(docs, params, 'gpt-4o-mini');
    assert.equal(short.cachedPromptTokens, 0);
    const long = estimateRun(docs, params, 'gpt-4o-mini', { instructionTokens: { extract_statements: 1500, validate_pairs: 1100 } });
    const extract = long.byTask.extract_statements!;
    assert.ok(extract.calls > 1);
    assert.equal(extract.cachedPromptTokens, (extract.calls - 1) * 1408);
    assert.equal(long.byTask.validate_pairs!.cachedPromptTokens, (long.byTask.validate_pairs!.calls - 1) * 1024);
    assert.equal(long.byTask.generate_answers!.cachedPromptTokens, 0);
    assert.equal(long.cachedPromptTokens, extract.cachedPromptTokens + long.byTask.validate_pairs!.cachedPromptTokens);
    assert.ok(long.costUsd < short.costUsd, 'cached instructions make the estimate cheaper');
  });
});

describe('cli: usage line with prompt-cache tokens', () => {
  it('says how many prompt tokens came from the provider\'s cache, and nothing when none did', async () => {
    const { formatUsage } = await import('../../../../src/cli/progress');
    const base = { calls: 3, cacheHits: 1, promptTokens: 4096, completionTokens: 100, costUsd: 0.01 };
    assert.equal(formatUsage(base), 'calls 3 (1 cached), tokens 4,096+100, $0.0100');
    assert.equal(formatUsage({ ...base, cachedPromptTokens: 2048 }), 'calls 3 (1 cached), tokens 4,096+100 (2,048 prompt tokens from the provider\'s cache), $0.0100');
  });
});
