import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { GenerationOutcome } from '../../../src/host/runs/generationRun';
import { answerQuickInput, inWorkspace, qaforge, removeDataset, requireEndpoint, withSetting } from './helpers';

describe('confirm step before a run', function () {
  let restore: () => Promise<void>;
  const dataset = () => inWorkspace('tests', 'datasets', 'getting-started.qa.jsonl').fsPath;
  before(async function () {
    requireEndpoint(this);
    await qaforge();
    restore = await withSetting('confirmBeforeRun', true);
  });
  after(async () => {
    await restore?.();
    removeDataset(dataset());
  });

  it('dismissing it starts nothing and writes nothing', async () => {
    removeDataset(dataset());
    const pending = vscode.commands.executeCommand<GenerationOutcome | undefined>('qaforge.generateFromFiles', inWorkspace('docs', 'getting-started.md'));
    const outcome = await answerQuickInput(pending, 'workbench.action.closeQuickOpen');
    assert.strictEqual(outcome, undefined);
    assert.ok(!fs.existsSync(dataset()));
  });

  it('accepting its first line ("Generate") runs with the settings shown', async () => {
    const pending = vscode.commands.executeCommand<GenerationOutcome | undefined>('qaforge.generateFromFiles', inWorkspace('docs', 'getting-started.md'));
    const outcome = await answerQuickInput(pending, 'workbench.action.acceptSelectedQuickOpenItem');
    assert.ok(outcome && outcome.pairs > 0);
    assert.strictEqual(outcome.datasetPath, dataset());
  });
});
