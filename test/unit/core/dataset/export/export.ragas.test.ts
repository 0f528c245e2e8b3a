/** ragas: read back with EvaluationDataset.from_jsonl and Testset.from_jsonl, under a C locale (explodinggradients/ragas). */
import { strict as assert } from 'node:assert';
import { exportDataset } from '../../../../../src/core/dataset/export/index';
import { KEPT, PAIRS, TRICKY } from './exportFixtures';
import { ragasEvaluationDatasetFromJsonl, ragasTestsetFromJsonl } from './exportLoaders';

describe('export ragas: as EvaluationDataset.from_jsonl and Testset.from_jsonl read it', () => {
  const text = exportDataset(PAIRS, 'ragas');

  it('is pure ASCII, so it opens under a C locale, and the text is unchanged once parsed', () => {
    const samples = ragasEvaluationDatasetFromJsonl(text);
    assert.equal(samples.length, KEPT.length);
    assert.equal(samples[1].user_input, TRICKY);
    assert.deepEqual(samples[1].reference_contexts, ['ctx 1', TRICKY]);
    assert.equal(samples[0].reference, 'Two years.');
    assert.deepEqual(samples.map((s) => s.id), KEPT.map((p) => p.id), 'the pair id stays in the file (Ragas ignores the key)');
  });

  it('has the reference context ids, one per context, naming the source span', () => {
    const samples = ragasEvaluationDatasetFromJsonl(text);
    assert.deepEqual(samples[0].reference_context_ids, ['docs/kettle.md:3-4#1']);
    assert.deepEqual(samples[1].reference_context_ids, ['docs/kettle.md:3-4#1', 'docs/kettle.md:3-4#2']);
    assert.deepEqual(samples[2].reference_context_ids, ['chats/s.json#s1:2,3#1']);
  });

  it('loads as a Testset: synthesizer_name per kind and question type', () => {
    const testset = ragasTestsetFromJsonl(text);
    assert.deepEqual(testset.map((s) => s.synthesizer_name), ['qaforge_single_hop_factual', 'qaforge_single_hop_factual', 'qaforge_single_hop_factual', 'qaforge_multi_hop_factual']);
    assert.equal(testset[0].eval_sample.user_input, 'How long is the warranty?');
    assert.ok(!('synthesizer_name' in testset[0].eval_sample));
  });

  it('the check fails where Ragas fails: UTF-8 under a C locale, no synthesizer_name, a string for a list', () => {
    const utf8 = text.replace(/\\u00fc/, 'ü');
    assert.throws(() => ragasEvaluationDatasetFromJsonl(utf8), /'ascii' codec can't decode/);
    const line = JSON.parse(text.split('\n')[0]) as Record<string, unknown>;
    const { synthesizer_name: _drop, ...withoutName } = line;
    assert.throws(() => ragasTestsetFromJsonl(`${JSON.stringify(withoutName)}\n`), /KeyError: 'synthesizer_name'/);
    assert.throws(() => ragasEvaluationDatasetFromJsonl(`${JSON.stringify({ ...line, reference_contexts: 'ctx' })}\n`), /reference_contexts: input should be list\[str\]/);
  });
});

describe('export ragas: persona, query style and length', () => {
  it('carries persona_name, query_style and query_length when the pair has them, and nothing when not', () => {
    const styled = { ...PAIRS[0], persona: 'New owner', query_style: 'web_search' as const, query_length: 'short' as const };
    const [line] = exportDataset([styled, PAIRS[0]], 'ragas').trim().split('\n');
    const sample = JSON.parse(line) as Record<string, unknown>;
    assert.equal(sample.persona_name, 'New owner');
    assert.equal(sample.query_style, 'web_search');
    assert.equal(sample.query_length, 'short');
    const plain = JSON.parse(exportDataset([PAIRS[0]], 'ragas').trim()) as Record<string, unknown>;
    assert.ok(!('persona_name' in plain) && !('query_style' in plain) && !('query_length' in plain));
    assert.equal(ragasTestsetFromJsonl(`${line}\n`).length, 1);
  });
});
