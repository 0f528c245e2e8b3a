import * as assert from 'assert';
import { scriptedPrompts, type AskedPrompt } from '../../../src/host/scriptedPrompts';

describe('host/scriptedPrompts', () => {
  it('answers in order and records what each question offered', async () => {
    const asked: AskedPrompt[] = [];
    const prompts = scriptedPrompts([{ choose: 'Offline' }, { type: '7' }, { choose: 'Pairs' }], asked);
    assert.strictEqual(await prompts.modalWarning('no model', 'Select Model…', 'Run Offline'), 'Run Offline');
    assert.strictEqual(await prompts.inputBox({ title: 'Number of pairs', value: '20' }), '7');
    const item = await prompts.quickPick([{ label: 'Generate' }, { label: 'Pairs: 7' }], { title: 'confirm' });
    assert.strictEqual(item?.label, 'Pairs: 7');
    assert.deepStrictEqual(asked, [
      { kind: 'modalWarning', text: 'no model', offered: ['Select Model…', 'Run Offline'], answered: 'Run Offline' },
      { kind: 'inputBox', text: 'Number of pairs', offered: ['20'], answered: '7' },
      { kind: 'quickPick', text: 'confirm', offered: ['Generate', 'Pairs: 7'], answered: 'Pairs: 7' },
    ]);
  });

  it('dismisses and names the problem when the script runs out, has no such choice, or the wrong kind of answer', async () => {
    const asked: AskedPrompt[] = [];
    const prompts = scriptedPrompts([{ choose: 'Nope' }, { choose: 'Generate' }], asked);
    assert.strictEqual(await prompts.modalWarning('m', 'Run Offline'), undefined);
    assert.strictEqual(await prompts.inputBox({ title: 'Number of pairs' }), undefined);
    assert.strictEqual(await prompts.quickPick([{ label: 'Generate' }], { title: 't' }), undefined);
    assert.deepStrictEqual(asked.map((p) => p.problem), [
      'no choice contains "Nope"', 'scripted to choose "Generate" where text is asked', 'no scripted answer left',
    ]);
  });

  it('refuses typed text the input box would refuse', async () => {
    const asked: AskedPrompt[] = [];
    const prompts = scriptedPrompts([{ type: 'ten' }], asked);
    assert.strictEqual(await prompts.inputBox({ validateInput: (v) => (/^\d+$/.test(v) ? undefined : 'Enter a whole number') }), undefined);
    assert.strictEqual(asked[0].problem, '"ten" refused: Enter a whole number');
  });
});
