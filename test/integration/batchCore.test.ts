/**
 * The core's batch client (createLlm with `batch`) through the real `openai` package against the test double's
 * Batch API: the replies equal the live ones, a stage past the per-file limit is split into several jobs, the
 * replies land in the reply cache, and a second client (another process's) attaches to the first one's saved job.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestEndpoint, type TestEndpoint } from '../support/testEndpoint';
import { createLlm, type BatchConfig } from '../../src/core/llm/factory';
import OpenAI, { toFile } from 'openai';
import { batchStateFile, loadBatchState, saveBatchState } from '../../src/core/llm/batch/state';
import { chatCacheKey } from '../../src/core/llm/cache';
import { chatCompletionBody } from '../../src/core/llm/openaiTransport';
import { requestLine } from '../../src/core/llm/batch/lines';
import { extractRequest } from '../support/requests';
import { BudgetExceededError, isFatalLlmError } from '../../src/core/llm/port';


const TEXTS = [
  'Der Kessel fasst 40 Liter. Er heizt in zwölf Minuten auf.',
  'The warranty lasts two years. It covers the heating element.',
  'La garantie couvre la résistance. Elle dure deux ans.',
  'Firmware updates arrive over Wi-Fi. An update takes one minute.',
  'Descale the boiler every three months. Use citric acid only.',
];

describe('batch client (core) through the test double', function () {
  this.timeout(30_000);
  let endpoint: TestEndpoint;
  let dir: string;

  before(async () => { endpoint = await startTestEndpoint(); });
  after(async () => { await endpoint.close(); });
  beforeEach(async () => {
    endpoint.resetStats();
    endpoint.batches.knobs.reset();
    endpoint.batches.stats.jobs.length = 0;
    dir = await mkdtemp(join(tmpdir(), 'qaforge-batch-core-'));
  });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  const batchConfig = (extra: Partial<BatchConfig> = {}): BatchConfig => ({
    stateFile: batchStateFile(join(dir, 'llm'), join(dir, 'ds.qa.jsonl')), dataset: join(dir, 'ds.qa.jsonl'), pollMs: 10, quietMs: 50, ...extra,
  });
  const client = (batch?: BatchConfig, cacheDir: string | null = join(dir, 'llm')) =>
    createLlm({ provider: 'openai', baseURL: endpoint.url, model: endpoint.model, cacheDir, batch });

  it('answers like live calls, splits a stage past the request limit into several jobs, and fills the reply cache', async () => {
    const live = await Promise.all(TEXTS.map((t) => client(undefined, null).chatJson(extractRequest(t))));
    assert.equal(endpoint.stats.calls, TEXTS.length);
    endpoint.resetStats();

    const batch = client(batchConfig({ limits: { maxRequests: 2, maxBytes: 1e9 } }));
    const replies = await Promise.all(TEXTS.map((t) => batch.chatJson(extractRequest(t))));
    assert.deepEqual(replies.map((r) => r.value), live.map((r) => r.value));
    assert.deepEqual(replies.map((r) => r.usage), live.map((r) => r.usage), 'the provider\'s token counts are kept');
    assert.equal(endpoint.stats.calls, 0, 'no live chat call');
    assert.deepEqual(endpoint.batches.stats.jobs.map((j) => j.length), [2, 2, 1]);
    assert.equal(batch.batchJobs?.length, 3);
    const state = await loadBatchState(batchConfig().stateFile);
    assert.deepEqual(state?.jobs.map((j) => j.status), ['completed', 'completed', 'completed']);
    assert.deepEqual(state?.jobs.map((j) => j.problems), [{}, {}, {}]);

    const cachedLive = await Promise.all(TEXTS.map((t) => client().chatJson(extractRequest(t))));
    assert.ok(cachedLive.every((r) => r.cached), 'a live client finds every batch reply in the cache');
    assert.equal(endpoint.stats.calls, 0);
  });

  it('a second client attaches to the job the first one submitted and left (another process after a crash)', async () => {
    endpoint.batches.knobs.hold(true);
    const first = client(batchConfig());
    const stop = new AbortController();
    const abandoned = Promise.allSettled(TEXTS.slice(0, 3).map((t) => first.chatJson({ ...extractRequest(t), signal: stop.signal })));
    while (endpoint.batches.stats.jobs.length === 0) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 50));
    stop.abort();
    assert.ok((await abandoned).every((s) => s.status === 'rejected'));

    endpoint.batches.knobs.hold(false);
    const second = client(batchConfig());
    const replies = await Promise.all(TEXTS.map((t) => second.chatJson(extractRequest(t))));
    assert.equal(replies.length, TEXTS.length);
    assert.deepEqual(endpoint.batches.stats.jobs.map((j) => j.length), [3, 2], 'the first job was attached to; only the two new requests were submitted');
    assert.deepEqual(second.batchJobs, (await loadBatchState(batchConfig().stateFile))?.jobs.map((j) => j.id));
  });

  it('a job created after the last save (the process died waiting for the answer) is found by its input file, not created again', async () => {
    const requests = TEXTS.slice(0, 2).map((t) => extractRequest(t));
    const identity = { provider: 'openai', endpoint: new URL(endpoint.url).host, model: endpoint.model };
    const ids = requests.map((r) => chatCacheKey(identity, r));
    const content = requests.map((r, i) => `${requestLine(ids[i], chatCompletionBody(endpoint.model, false, {
      messages: r.messages, format: 'json_schema', schema: r.schema, schemaName: r.task,
    })).text}\n`).join('');
    const sdk = new OpenAI({ apiKey: 'no-key', baseURL: endpoint.url });
    const file = await sdk.files.create({ file: await toFile(Buffer.from(content), 'in.jsonl'), purpose: 'batch' });
    const job = await sdk.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' });
    // what the killed process had saved: the upload, not yet the job's id
    await saveBatchState(batchConfig().stateFile, { v: 1, dataset: join(dir, 'ds.qa.jsonl'), endpoint: identity.endpoint, model: endpoint.model,
      jobs: [{ id: '', pending: true, inputFileId: file.id, customIds: ids, status: 'validating', submittedAt: new Date().toISOString() }] });

    const batch = client(batchConfig());
    const replies = await Promise.all(requests.map((r) => batch.chatJson(r)));
    assert.equal(replies.length, 2);
    assert.equal(endpoint.batches.stats.jobs.length, 1, 'no second job');
    assert.deepEqual(batch.batchJobs, [job.id]);
    const saved = await loadBatchState(batchConfig().stateFile);
    assert.equal(saved?.jobs[0].id, job.id);
    assert.equal(saved?.jobs[0].pending, undefined);
  });

  it('stops before any upload when the model is not served or the key is refused (preflight)', async () => {
    const uploadedBefore = endpoint.batches.stats.filesUploaded;
    const unknown = createLlm({ provider: 'openai', baseURL: endpoint.url, model: 'no-such-model', cacheDir: join(dir, 'llm'), batch: batchConfig() });
    await assert.rejects(unknown.chatJson(extractRequest(TEXTS[0])), (e: Error & { reason?: string }) =>
      isFatalLlmError(e) && e.reason === 'model-not-found' && /model no-such-model is not served by .* \(it serves test-model\); nothing was uploaded/.test(e.message));
    assert.equal(endpoint.batches.stats.filesUploaded, uploadedBefore, 'nothing uploaded for an unknown model');

    endpoint.faults.requireApiKey('the-right-key');
    try {
      const refused = createLlm({ provider: 'openai', baseURL: endpoint.url, apiKey: 'a-wrong-key', model: endpoint.model, cacheDir: join(dir, 'llm'), batch: batchConfig() });
      await assert.rejects(refused.chatJson(extractRequest(TEXTS[1])), (e: Error & { reason?: string }) =>
        isFatalLlmError(e) && e.reason === 'auth' && !e.message.includes('a-wrong-key'));
      assert.equal(endpoint.batches.stats.filesUploaded, uploadedBefore, 'nothing uploaded with a refused key');
      assert.equal(endpoint.batches.stats.jobs.length, 0);
    } finally {
      endpoint.faults.reset();
    }
  });

  it('with a budget, submits the jobs of a stage one after the other and stops when the earlier ones spent it', async () => {
    const budgeted = (budgetUsd: number) => createLlm({
      provider: 'openai', baseURL: endpoint.url, model: endpoint.model, cacheDir: join(dir, `llm-${budgetUsd}`), budgetUsd,
      prices: { [endpoint.model]: { inputPerMTok: 1000, outputPerMTok: 1000 } }, batch: batchConfig({ stateFile: join(dir, `state-${budgetUsd}.json`), limits: { maxRequests: 2, maxBytes: 1e9 } }),
    });
    const tight = budgeted(1e-9);
    const spent = await Promise.allSettled(TEXTS.map((t) => tight.chatJson(extractRequest(t))));
    assert.deepEqual(endpoint.batches.stats.jobs.map((j) => j.length), [2], 'the second job of the stage was not submitted');
    assert.equal(spent.filter((s) => s.status === 'fulfilled').length, 2, 'the first job\'s replies were delivered');
    assert.ok(spent.filter((s) => s.status === 'rejected').every((s) => (s as PromiseRejectedResult).reason instanceof BudgetExceededError));

    endpoint.batches.stats.jobs.length = 0;
    const enough = budgeted(1000);
    await Promise.all(TEXTS.map((t) => enough.chatJson(extractRequest(t))));
    assert.deepEqual(endpoint.batches.stats.jobs.map((j) => j.length), [2, 2, 1], 'a budget that is not reached submits every job');
  });
});
