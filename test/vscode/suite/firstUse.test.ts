import * as assert from 'assert';
import * as vscode from 'vscode';
import type { GenerationOutcome } from '../../../src/host/runs/generationRun';
import type { AskedPrompt } from '../../../src/host/scriptedPrompts';
import { inWorkspace, qaforge, removeDataset, withAnswers, withSetting } from './helpers';

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

/** First-use finding 8: "Run Offline" sticks — the second run neither asks again nor leaves the offline engine. */
describe('first use: "Run Offline" in the no-model modal', function () {
  const restores: Array<() => Promise<void>> = [];
  const dataset = () => inWorkspace('tests', 'datasets', 'getting-started.qa.jsonl').fsPath;
  const generate = () => vscode.commands.executeCommand<GenerationOutcome | undefined>('qaforge.generateFromFiles', inWorkspace('docs', 'getting-started.md'));
  before(async () => {
    await qaforge();
    // No chat model matches this vendor, so a vscode-lm run offers the ways out (the test chat model is vendor qaforge-test).
    restores.push(await withSetting('provider', 'vscode-lm'), await withSetting('vscodeLm.vendor', 'qaforge-no-such-vendor'),
      await withSetting('confirmBeforeRun', true));
  });
  after(async () => {
    for (const restore of restores.reverse()) await restore();
    removeDataset(dataset());
  });

  it('is asked once: the choice is written for the workspace and the next run goes offline without asking', async () => {
    removeDataset(dataset());
    const first = await withAnswers([{ choose: 'Run Offline' }, { choose: 'Generate' }], generate);
    assert.deepStrictEqual(first.asked.map((p) => p.kind), ['modalWarning', 'quickPick'], JSON.stringify(first.asked));
    assert.strictEqual(first.asked[0].answered, 'Run Offline');
    assert.match(first.asked[1].text, /\(model: offline\//);
    assert.strictEqual(first.value?.status, 'completed', first.value?.errors.join('\n'));
    assert.strictEqual(vscode.workspace.getConfiguration('qaforge').inspect('provider')?.workspaceValue, 'offline');

    removeDataset(dataset());
    const second = await withAnswers([{ choose: 'Generate' }], generate);
    assert.deepStrictEqual(second.asked.map((p) => p.kind), ['quickPick'], `asked again: ${JSON.stringify(second.asked)}`);
    assert.match(second.asked[0].text, /\(model: offline\//);
    assert.strictEqual(second.value?.status, 'completed', second.value?.errors.join('\n'));
    assert.ok(second.value.pairs > 0);
  });
});

/** First-use finding 8: the Pairs count typed in the confirm step is what the next confirm step proposes. */
describe('first use: the Pairs count of the confirm step', function () {
  const restores: Array<() => Promise<void>> = [];
  const dataset = () => inWorkspace('tests', 'datasets', 'getting-started.qa.jsonl').fsPath;
  const generate = () => vscode.commands.executeCommand<GenerationOutcome | undefined>('qaforge.generateFromFiles', inWorkspace('docs', 'getting-started.md'));
  const pairsLine = (prompt: AskedPrompt) => prompt.offered.find((label) => label.includes('Pairs:'));
  before(async () => {
    await qaforge();
    // A first use: no pairs count set for this workspace.
    restores.push(await withSetting('provider', 'offline'), await withSetting('confirmBeforeRun', true),
      await withSetting('generation.numPairs', undefined));
  });
  after(async () => {
    for (const restore of restores.reverse()) await restore();
    removeDataset(dataset());
  });

  it('proposes 20 the first time, then the count typed the first time', async () => {
    removeDataset(dataset());
    const first = await withAnswers([{ choose: 'Pairs:' }, { type: '3' }, { choose: 'Generate' }], generate);
    assert.deepStrictEqual(first.asked.map((p) => p.kind), ['quickPick', 'inputBox', 'quickPick'], JSON.stringify(first.asked));
    assert.match(pairsLine(first.asked[0]) ?? '', /Pairs: 20$/);
    assert.deepStrictEqual(first.asked[1].offered, ['20']);
    assert.match(pairsLine(first.asked[2]) ?? '', /Pairs: 3$/);
    assert.strictEqual(first.value?.status, 'completed', first.value?.errors.join('\n'));
    assert.ok(first.value.pairs > 0 && first.value.pairs <= 3, `${first.value.pairs} pairs`);

    removeDataset(dataset());
    const second = await withAnswers([{ choose: 'Generate' }], generate);
    assert.match(pairsLine(second.asked[0]) ?? '', /Pairs: 3$/, JSON.stringify(second.asked));
    assert.strictEqual(second.value?.status, 'completed', second.value?.errors.join('\n'));
    assert.ok(second.value.pairs > 0 && second.value.pairs <= 3, `${second.value.pairs} pairs`);
  });
});
