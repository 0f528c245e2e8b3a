import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { GenerationOutcome } from '../../../src/host/runs/generationRun';
import { endpointStats, endpoints, holdBatchJobs, inWorkspace, qaforge, readPairs, removeDataset, requireEndpoint, resetEndpointStats, withAnswers, withSetting } from './helpers';

describe('batch runs in the extension (qaforge.batch.enabled)', function () {
  const restore: Array<() => Promise<void>> = [];
  before(async function () {
    requireEndpoint(this);
    await qaforge();
    restore.push(await withSetting('provider', 'openai'));
    restore.push(await withSetting('openai.baseUrl', endpoints.url));
    restore.push(await withSetting('batch.enabled', true));
    restore.push(await withSetting('batch.pollSeconds', 0.05));
    // batch runs need the reply cache (a resume reads finished replies from it); the test workspace turns it off
    restore.push(await withSetting('cache.enabled', true));
  });
  after(async () => {
    for (const undo of restore.reverse()) await undo();
  });

  it('runs every model call as a batch job at the test double: pairs written, no live chat call, job ids in the manifest', async () => {
    const dataset = inWorkspace('tests', 'datasets', 'configuration.qa.jsonl').fsPath;
    removeDataset(dataset);
    await resetEndpointStats();
    const before = (await endpointStats()).fastBatches.jobs.length;
    const outcome = await vscode.commands.executeCommand<GenerationOutcome>('qaforge.generateFromFiles', inWorkspace('docs', 'configuration.md'));
    assert.ok(outcome, 'the command reports the run');
    assert.strictEqual(outcome.status, 'completed', outcome.errors.join('; '));
    assert.ok(readPairs(dataset).length > 0);
    const stats = await endpointStats();
    assert.strictEqual(stats.fast.calls, 0, 'no live chat call');
    assert.ok(stats.fastBatches.jobs.length > before, 'batch jobs were submitted');
    const manifest = JSON.parse(fs.readFileSync(dataset.replace(/\.qa\.jsonl$/, '.qa.manifest.json'), 'utf8')) as { batch?: { job_ids: string[] } };
    assert.ok((manifest.batch?.job_ids.length ?? 0) > 0, 'the manifest records the batch jobs');
    removeDataset(dataset);
  });

  it('a cancelled batch run leaves its jobs at the provider, and Re-attach Batch Jobs finishes it without submitting them again', async function () {
    this.timeout(60_000);
    // another file than the first test's: its replies are in the reply cache, which a batch run reads first
    const dataset = inWorkspace('tests', 'datasets', 'getting-started.qa.jsonl').fsPath;
    removeDataset(dataset);
    const jobsBefore = (await endpointStats()).fastBatches.jobs.length;
    await holdBatchJobs(true);
    try {
      const running = vscode.commands.executeCommand<GenerationOutcome>('qaforge.generateFromFiles', inWorkspace('docs', 'getting-started.md'));
      for (let i = 0; i < 200 && (await endpointStats()).fastBatches.jobs.length === jobsBefore; i++) await new Promise((r) => setTimeout(r, 50));
      const submitted = (await endpointStats()).fastBatches.jobs.slice(jobsBefore);
      assert.strictEqual(submitted.length, 1, 'the first stage\'s job was submitted and is held in progress');
      // what a window reload does to the run: the extension stops waiting, the provider keeps the job
      await vscode.commands.executeCommand('qaforge.cancelRun');
      assert.strictEqual((await running)?.status, 'cancelled');
      assert.ok(!fs.existsSync(dataset), 'nothing written yet');

      // the activation's question, answered Not Now: the run stays kept and is offered again
      const declined = await withAnswers([{ choose: 'Not Now' }], () => vscode.commands.executeCommand<unknown[]>('qaforge.internal.offerReattach'));
      assert.deepStrictEqual(declined.value, []);
      assert.match(declined.asked[0]?.text ?? '', /Re-attach to 1 batch job still running for (workspace\/)?tests\/datasets\/getting-started\.qa\.jsonl\?/);

      await holdBatchJobs(false);
      const outcomes = await vscode.commands.executeCommand<Array<GenerationOutcome | undefined>>('qaforge.reattachBatchJobs');
      assert.strictEqual(outcomes.length, 1, 'one kept run re-attached');
      assert.strictEqual(outcomes[0]?.status, 'completed', outcomes[0]?.errors.join('; '));
      assert.ok(readPairs(dataset).length > 0, 'the re-attached run wrote the dataset');
      const later = (await endpointStats()).fastBatches.jobs.slice(jobsBefore + 1);
      const first = new Set(submitted[0]);
      assert.ok(later.length > 0, 'the later stages ran as jobs');
      assert.ok(later.every((job) => job.every((id) => !first.has(id))), 'no request of the held job was submitted again');
      const again = await vscode.commands.executeCommand<unknown[]>('qaforge.reattachBatchJobs');
      assert.deepStrictEqual(again, [], 'a finished run is not offered again');
    } finally {
      await holdBatchJobs(false);
      removeDataset(dataset);
    }
  });
});
