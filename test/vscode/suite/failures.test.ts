import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { GenerationOutcome } from '../../../src/host/runs/generationRun';
import { endpoints, inWorkspace, qaforge, readPairs, removeDataset, withSetting } from './helpers';

describe('runs that fail', function () {
  const restore: Array<() => Promise<void>> = [];
  before(async function () {
    if (!endpoints.lockedUrl) this.skip();
    await qaforge();
    restore.push(await withSetting('openai.baseUrl', endpoints.lockedUrl));
  });
  after(async () => {
    for (const undo of restore.reverse()) await undo();
    await vscode.commands.executeCommand('qaforge.setApiKey', '');
  });

  it('a refused key ends the run as failed, says so, and writes nothing', async () => {
    const dataset = inWorkspace('tests', 'datasets', 'configuration.qa.jsonl').fsPath;
    removeDataset(dataset);
    await vscode.commands.executeCommand('qaforge.setApiKey', 'sk-wrong-key-000');
    const outcome = await vscode.commands.executeCommand<GenerationOutcome>('qaforge.generateFromFiles', inWorkspace('docs', 'configuration.md'));
    assert.ok(outcome, 'the command reports the run');
    assert.strictEqual(outcome.status, 'failed');
    assert.strictEqual(outcome.pairs, 0);
    assert.ok(outcome.errors.some((e) => /401|key/i.test(e)), outcome.errors.join('; '));
    assert.ok(outcome.errors.every((e) => !e.includes('sk-wrong-key-000')), 'the key is not in the error');
    assert.ok(!fs.existsSync(dataset));
  });

  it('with the right key from Set API Key the same endpoint works', async () => {
    await vscode.commands.executeCommand('qaforge.setApiKey', 'sk-locked');
    const outcome = await vscode.commands.executeCommand<GenerationOutcome>('qaforge.generateFromFiles', inWorkspace('docs', 'configuration.md'));
    assert.strictEqual(outcome.status, 'completed', outcome.errors.join('; '));
    assert.ok(readPairs(outcome.datasetPath!).length > 0);
    removeDataset(outcome.datasetPath!);
  });
});
