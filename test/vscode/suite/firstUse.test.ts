import * as assert from 'assert';
import * as vscode from 'vscode';
import type { GenerationOutcome } from '../../../src/host/runs/generationRun';
import { inWorkspace, qaforge, removeDataset, withSetting } from './helpers';

/** First-use finding 8: a run that cannot give the pairs asked says so in its notification, not only in the log. */
describe('first use: the run notification', function () {
  const restores: Array<() => Promise<void>> = [];
  const dataset = () => inWorkspace('tests', 'datasets', 'getting-started.qa.jsonl').fsPath;
  before(async () => {
    await qaforge();
    restores.push(await withSetting('provider', 'offline'), await withSetting('confirmBeforeRun', false),
      await withSetting('generation.numPairs', 400));
  });
  after(async () => {
    for (const restore of restores.reverse()) await restore();
    removeDataset(dataset());
  });

  it('says "N of 400 asked: the content allows no more" when one short document gives fewer pairs', async () => {
    removeDataset(dataset());
    const outcome = await vscode.commands.executeCommand<GenerationOutcome | undefined>('qaforge.generateFromFiles', inWorkspace('docs', 'getting-started.md'));
    assert.ok(outcome, 'the run started');
    assert.strictEqual(outcome.status, 'completed', outcome.errors.join('\n'));
    assert.ok(outcome.pairs > 0 && outcome.pairs < 400, `${outcome.pairs} pairs`);
    assert.ok(outcome.notice?.includes(`${outcome.pairs} of 400 asked: the content allows no more`), outcome.notice);
  });
});
