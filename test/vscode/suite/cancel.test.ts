import * as assert from 'assert';
import * as vscode from 'vscode';
import type { GenerationOutcome } from '../../../src/host/runs/generationRun';
import { endpoints, inWorkspace, qaforge, readPairs, removeDataset, requireEndpoint, withSetting } from './helpers';

describe('cancelling a run', function () {
  const restore: Array<() => Promise<void>> = [];
  before(async function () {
    requireEndpoint(this);
    // The slow endpoint answers each call after a delay, so the run is still going when it is cancelled.
    restore.push(await withSetting('openai.baseUrl', endpoints.slowUrl));
    restore.push(await withSetting('concurrency', 1));
    restore.push(await withSetting('generation.numPairs', 8));
  });
  after(async () => {
    for (const undo of restore.reverse()) await undo();
  });

  it('keeps the pairs produced so far in the dataset file', async () => {
    const { api } = await qaforge();
    const dataset = inWorkspace('tests', 'datasets', 'docs.qa.jsonl').fsPath;
    removeDataset(dataset);
    let cancelled = false;
    const sub = api.onDidRunEvent(({ event }) => {
      if (!cancelled && event.type === 'pair-validated') {
        cancelled = true;
        assert.strictEqual(api.activeRuns().length, 1, 'the run is listed while it runs');
        void vscode.commands.executeCommand('qaforge.cancelRun');
      }
    });
    try {
      const outcome = await vscode.commands.executeCommand<GenerationOutcome>('qaforge.generateFromFolder', inWorkspace('docs'));
      assert.ok(cancelled, 'a pair was validated before the run ended');
      assert.strictEqual(outcome.status, 'cancelled');
      assert.ok(outcome.pairs > 0, 'pairs produced before the cancel are in the outcome');
      const pairs = readPairs(dataset);
      assert.strictEqual(pairs.length, outcome.pairsInFile);
      assert.ok(pairs.length > 0, 'and in the file');
      assert.deepStrictEqual(api.activeRuns(), []);
    } finally {
      sub.dispose();
      removeDataset(dataset);
    }
  });
});
