import * as assert from 'assert';
import * as vscode from 'vscode';
import type { GenerationOutcome } from '../../../src/host/runs/generationRun';
import { inWorkspace, qaforge, readPairs, removeDataset, requireEndpoint, withSetting } from './helpers';

const PROVIDER_EXTENSION = 'qaforge.qaforge-test-lm-provider';

describe('vscode.lm provider', function () {
  const restore: Array<() => Promise<void>> = [];
  before(async function () {
    requireEndpoint(this);
    await qaforge();
    restore.push(await withSetting('provider', 'vscode-lm'));
    restore.push(await withSetting('vscodeLm.vendor', 'qaforge-test'));
  });
  after(async () => {
    for (const undo of restore.reverse()) await undo();
  });

  it('a test extension contributes a chat model through the stable registerLanguageModelChatProvider', async () => {
    const ext = vscode.extensions.getExtension<{ calls: number }>(PROVIDER_EXTENSION);
    assert.ok(ext, `${PROVIDER_EXTENSION} is loaded`);
    await ext.activate();
    const models = await vscode.lm.selectChatModels({ vendor: 'qaforge-test' });
    assert.strictEqual(models.length, 1);
    assert.strictEqual(models[0].family, 'qaforge-test-family');
  });

  it('generation with provider vscode-lm goes through that chat model', async () => {
    const provider = vscode.extensions.getExtension<{ calls: number; failures: number }>(PROVIDER_EXTENSION)!;
    const state = await provider.activate();
    const before = state.calls;
    const dataset = inWorkspace('tests', 'datasets', 'getting-started.qa.jsonl').fsPath;
    removeDataset(dataset);
    const outcome = await vscode.commands.executeCommand<GenerationOutcome>('qaforge.generateFromFiles', inWorkspace('docs', 'getting-started.md'));
    assert.ok(outcome, 'the run happened');
    assert.ok(outcome.pairs > 0, `pairs produced (errors: ${outcome.errors.join('; ')})`);
    assert.ok(state.calls > before, 'the chat model was called');
    const pairs = readPairs(dataset);
    assert.ok(pairs.length > 0);
    assert.ok(pairs.every((p) => p.generator.provider === 'vscode-lm'), pairs.map((p) => p.generator.provider).join(','));
    removeDataset(dataset);
  });
});
