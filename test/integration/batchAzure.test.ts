/**
 * Azure OpenAI global batch through the core's batch client and the real `openai` package (AzureOpenAI) against
 * the test double's Azure paths: uploads and jobs go to `/openai/files|batches?api-version=…` with the `api-key`
 * header, lines and jobs name `/chat/completions`, each line's model is the global batch deployment, and the
 * replies equal the live Azure replies with no live chat call.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestEndpoint, type TestEndpoint } from '../support/testEndpoint';
import { createLlm, type BatchConfig } from '../../src/core/llm/factory';
import { batchStateFile, loadBatchState } from '../../src/core/llm/batch/state';
import { extractRequest } from '../support/requests';

const TEXTS = [
  'The pump draws 12 watts. It runs for six hours on one charge.',
  'Die Pumpe ist wasserdicht bis zwei Meter. Sie wiegt 300 Gramm.',
  'Clean the filter weekly. Replace it every six months.',
];

describe('Azure OpenAI batch (core) through the test double', function () {
  this.timeout(30_000);
  let endpoint: TestEndpoint;
  let dir: string;
  const KEY = 'azure-test-key-123';

  before(async () => {
    endpoint = await startTestEndpoint();
    endpoint.faults.requireApiKey(KEY);
  });
  after(async () => { await endpoint.close(); });
  beforeEach(async () => {
    endpoint.resetStats();
    endpoint.batches.knobs.reset();
    endpoint.batches.stats.jobs.length = 0;
    endpoint.batches.stats.lineModels.length = 0;
    dir = await mkdtemp(join(tmpdir(), 'qaforge-batch-azure-'));
  });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  const batchConfig = (): BatchConfig => ({
    stateFile: batchStateFile(join(dir, 'llm'), join(dir, 'ds.qa.jsonl')), dataset: join(dir, 'ds.qa.jsonl'), pollMs: 10, quietMs: 50,
  });
  const azureClient = (batch?: BatchConfig, batchDeployment?: string) => createLlm({
    provider: 'azure-openai', apiKey: KEY, cacheDir: batch ? join(dir, 'llm') : null, batch,
    azure: { endpoint: endpoint.azureEndpoint, deployment: 'chat-live', apiVersion: '2024-10-21', batchDeployment },
  });

  it('runs the calls as an Azure batch job on the global batch deployment and answers like live Azure calls', async () => {
    const live = await Promise.all(TEXTS.map((t) => azureClient().chatJson(extractRequest(t))));
    assert.equal(endpoint.stats.calls, TEXTS.length, 'live calls went through /openai/deployments/chat-live/chat/completions');
    endpoint.resetStats();

    const batch = azureClient(batchConfig(), 'gpt-4o-mini-batch');
    const replies = await Promise.all(TEXTS.map((t) => batch.chatJson(extractRequest(t))));
    assert.deepEqual(replies.map((r) => r.value), live.map((r) => r.value));
    assert.equal(endpoint.stats.calls, 0, 'no live chat call');
    assert.deepEqual(endpoint.batches.stats.jobs.map((j) => j.length), [TEXTS.length]);
    assert.deepEqual(endpoint.batches.stats.lineModels, TEXTS.map(() => 'gpt-4o-mini-batch'), 'each line names the global batch deployment');
    assert.ok(endpoint.batches.stats.azureRequests >= 3, 'upload, create and polls came by the Azure paths');
    assert.ok(endpoint.stats.authorizations.every((a) => a === `Bearer ${KEY}`), 'the key came as api-key on every request');
    const state = await loadBatchState(batchConfig().stateFile);
    assert.deepEqual(state?.jobs.map((j) => j.status), ['completed']);
    assert.deepEqual(batch.batchJobs, state?.jobs.map((j) => j.id));
  });

  it('names the chat deployment in the lines when no batch deployment is given', async () => {
    const batch = azureClient(batchConfig());
    await batch.chatJson(extractRequest(TEXTS[0]));
    assert.deepEqual(endpoint.batches.stats.lineModels, ['chat-live']);
  });

  it('a wrong key stops before any upload (the preflight lists one job) with a message naming Azure, not the key', async () => {
    const uploadsBefore = endpoint.batches.stats.filesUploaded;
    const batch = createLlm({
      provider: 'azure-openai', apiKey: 'wrong-key-456', cacheDir: join(dir, 'llm'), batch: batchConfig(),
      azure: { endpoint: endpoint.azureEndpoint, deployment: 'chat-live', apiVersion: '2024-10-21' },
    });
    await assert.rejects(batch.chatJson(extractRequest(TEXTS[0])), (e: Error) => {
      assert.match(e.message, /the Azure OpenAI batch API of 127\.0\.0\.1:\d+\/chat-live \(job list, checked before the first batch upload\) answered 401/);
      assert.doesNotMatch(e.message, /wrong-key-456/);
      return true;
    });
    assert.equal(endpoint.batches.stats.filesUploaded, uploadsBefore, 'nothing uploaded');
    assert.equal(endpoint.batches.stats.jobs.length, 0);
  });
});
