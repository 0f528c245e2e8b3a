import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { GenerationOutcome } from '../../../src/host/runs/generationRun';
import { endpointStats, endpoints, inWorkspace, qaforge, readPairs, removeDataset, requireEndpoint, resetEndpointStats, withSetting } from './helpers';

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
});
