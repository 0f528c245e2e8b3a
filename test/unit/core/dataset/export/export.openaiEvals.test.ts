/** openai-evals and openai-evals-api: read back as the evals registry and the hosted Evals API read them. */
import { strict as assert } from 'node:assert';
import { exportFiles } from '../../../../../src/core/dataset/export/index';
import { KEPT, PAIRS, TRICKY } from './exportFixtures';
import { openAiEvalsApiItems, openAiEvalsFactPrompt, openAiEvalsResolve, pythonJsonLines } from './exportLoaders';

describe('export openai-evals: the registry JSONL and its model-graded fact eval', () => {
  const [samples, registry] = exportFiles(PAIRS, 'openai-evals', { name: 'Kettle Docs' }, 'kettle.evals.jsonl');

  it('the registry YAML resolves to a ModelBasedClassify fact eval over the samples file', () => {
    assert.equal(registry.name, 'kettle.evals.yaml');
    assert.deepEqual(openAiEvalsResolve(registry.text), { name: 'kettle-docs', samplesJsonl: 'kettle-docs/kettle.evals.jsonl', spec: 'fact', evalType: 'cot_classify' });
  });

  it('every sample fills the fact prompt: chat input with the context, ideal = the answer, and keeps its id', () => {
    const rows = pythonJsonLines(samples.text) as Array<Record<string, unknown>>;
    assert.deepEqual(rows.map((r) => r.id), KEPT.map((p) => p.id));
    rows.forEach((r, i) => {
      const prompt = openAiEvalsFactPrompt(r, 'a completion');
      assert.ok(prompt.includes(`[Expert]: ${KEPT[i].answer}`));
      assert.ok(prompt.includes(KEPT[i].question));
      assert.ok(prompt.includes(KEPT[i].contexts[0]));
    });
    assert.ok(openAiEvalsFactPrompt(rows[1], 'x').includes(TRICKY));
  });

  it('the check fails on a sample without ideal, or a registry pointing at a missing spec', () => {
    assert.throws(() => openAiEvalsFactPrompt({ input: 'q' }, 'c'), /ideal must be a string/);
    assert.throws(() => openAiEvalsResolve('x:\n  id: x.dev.v0\n  metrics: [accuracy]\n'), /names no spec/);
  });
});

describe('export openai-evals-api: items and their item_schema for the hosted Evals API', () => {
  const [jsonl, config] = exportFiles(PAIRS, 'openai-evals-api', {}, 'kettle.jsonl');

  it('every row is {"item": …} and follows the item_schema of the data source config', () => {
    assert.equal(config.name, 'kettle.data_source_config.json');
    const items = openAiEvalsApiItems(jsonl.text, config.text);
    assert.deepEqual(items.map((i) => i.id), KEPT.map((p) => p.id));
    assert.equal(items[0].reference, 'Two years.');
    assert.deepEqual(items[1].contexts, ['ctx 1', TRICKY]);
    assert.equal(items[2].score, null);
  });

  it('the check fails on an item the schema does not allow', () => {
    const line = JSON.parse(jsonl.text.split('\n')[0]) as { item: Record<string, unknown> };
    assert.throws(() => openAiEvalsApiItems(`${JSON.stringify({ item: { ...line.item, contexts: 'one' } })}\n`, config.text), /item\.contexts: expected array/);
    assert.throws(() => openAiEvalsApiItems(`${JSON.stringify({ item: { ...line.item, extra: 1 } })}\n`, config.text), /item\.extra: not in the schema/);
    assert.throws(() => openAiEvalsApiItems(`${JSON.stringify(line.item)}\n`, config.text), /must be \{"item"/);
  });
});
