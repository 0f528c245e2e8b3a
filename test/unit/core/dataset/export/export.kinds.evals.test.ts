/** Kinds in the Ragas and DeepEval exports, read back with each tool's loading rules (see exportLoaders.ts). */
import { strict as assert } from 'node:assert';
import { exportFiles } from '../../../../../src/core/dataset/export/index';
import { DECLINE_CRITERION } from '../../../../../src/core/dataset/export/kinds';
import { KIND_PAIRS } from './exportFixtures';
import { deepEvalDatasetOf, pythonJsonLines, ragasEvaluationDatasetAnyType, ragasTestsetFromJsonl } from './exportLoaders';

describe('export ragas: kinds', () => {
  const [main, multi, ...rest] = exportFiles(KIND_PAIRS, 'ragas', {}, 'kettle.ragas.jsonl');

  it('writes the multi-turn pairs to kettle.ragas.multi_turn.jsonl, the others to the main file', () => {
    assert.equal(multi.name, 'kettle.ragas.multi_turn.jsonl');
    assert.equal(rest.length, 0);
    const single = ragasEvaluationDatasetAnyType(main.text);
    assert.equal(single.type, 'SingleTurnSample');
    assert.deepEqual(single.samples.map((s) => s.id), ['a', 'mh', 'u']);
  });

  it('multi-hop: every context as reference_contexts, each id naming its own span', () => {
    const mh = ragasEvaluationDatasetAnyType(main.text).samples[1];
    assert.deepEqual(mh.reference_contexts, KIND_PAIRS[1].contexts);
    assert.deepEqual(mh.reference_context_ids, ['docs/kettle.md:3-4#1', 'docs/lid.md:7-9#2']);
    assert.equal(ragasTestsetFromJsonl(main.text)[1].synthesizer_name, 'qaforge_multi_hop_factual');
  });

  it('unanswerable: marked by synthesizer_name (a Testset column) and graded by its per-sample rubrics', () => {
    const u = ragasTestsetFromJsonl(main.text)[2];
    assert.equal(u.synthesizer_name, 'qaforge_unanswerable_factual');
    const rubrics = u.eval_sample.rubrics as Record<string, string>;
    assert.equal(rubrics.score5_description, DECLINE_CRITERION);
    assert.ok(!('rubrics' in ragasTestsetFromJsonl(main.text)[0].eval_sample), 'only unanswerable samples have a rubric');
  });

  it('multi-turn: MultiTurnSamples whose user_input is the conversation as Ragas messages, the question last', () => {
    const loaded = ragasEvaluationDatasetAnyType(multi.text);
    assert.equal(loaded.type, 'MultiTurnSample');
    const [mt] = loaded.samples;
    assert.deepEqual(mt.user_input, [
      { content: 'Does the Lumen kettle have a warranty?', type: 'human' },
      { content: 'Yes, it comes with a warranty — ünïcödé kept.', type: 'ai' },
      { content: 'And how long does it last?', type: 'human' },
    ]);
    assert.equal(mt.reference, 'Two years.');
    assert.equal(mt.id, 'mt');
    assert.doesNotMatch(multi.text, /[^\x00-\x7f]/u, 'ASCII-only like the main file');
    const [t] = ragasTestsetFromJsonl(multi.text);
    assert.equal(t.synthesizer_name, 'qaforge_multi_turn_factual');
    assert.ok(Array.isArray(t.eval_sample.user_input), 'the Testset builds it as a MultiTurnSample too');
  });

  it('the check fails where Ragas fails: one file with both sample types', () => {
    const mixed = `${main.text}${multi.text}`;
    assert.throws(() => ragasEvaluationDatasetAnyType(mixed), /SingleTurnSample\.user_input: input should be str, got list/);
    assert.throws(() => ragasEvaluationDatasetAnyType(`${multi.text}${main.text}`), /MultiTurnSample\.user_input: input should be a valid list/);
  });
});

describe('export deepeval: kinds', () => {
  for (const format of ['deepeval', 'deepeval-jsonl'] as const) {
    const ext = format === 'deepeval' ? 'json' : 'jsonl';
    const [main, conversational, ...rest] = exportFiles(KIND_PAIRS, format, {}, `kettle.${ext}`);
    const rows = (text: string): unknown[] => (ext === 'json' ? JSON.parse(text) as unknown[] : pythonJsonLines(text));

    it(`${format}: Goldens in the main file, ConversationalGoldens in kettle.conversational.${ext}`, () => {
      assert.equal(conversational.name, `kettle.conversational.${ext}`);
      assert.equal(rest.length, 0);
      const single = deepEvalDatasetOf(rows(main.text));
      assert.equal(single.multiTurn, false);
      assert.deepEqual(single.goldens.map((g) => g.name), ['a', 'mh', 'u']);
    });

    it(`${format}: multi-hop context has both contexts; unanswerable is marked in additional_metadata`, () => {
      const [a, mh, u] = deepEvalDatasetOf(rows(main.text)).goldens;
      assert.equal((mh.context as string[]).length, 2);
      assert.equal((u.additional_metadata as { unanswerable?: boolean }).unanswerable, true);
      assert.equal((u.additional_metadata as { kind: string }).kind, 'unanswerable');
      assert.ok(!('unanswerable' in (a.additional_metadata as object)));
    });

    it(`${format}: the multi-turn pair is a ConversationalGolden whose turns end with the question`, () => {
      const loaded = deepEvalDatasetOf(rows(conversational.text));
      assert.equal(loaded.multiTurn, true);
      const [mt] = loaded.goldens;
      assert.deepEqual(mt.turns, [
        { role: 'user', content: 'Does the Lumen kettle have a warranty?' },
        { role: 'assistant', content: 'Yes, it comes with a warranty — ünïcödé kept.' },
        { role: 'user', content: 'And how long does it last?' },
      ]);
      assert.equal(mt.expected_outcome, 'Two years.');
      assert.equal(mt.name, 'mt');
      assert.match(String(mt.scenario), /And how long does it last\?$/);
      assert.deepEqual(mt.additional_metadata, {
        kind: 'multi_turn', question_type: 'factual', difficulty: 'easy', score: 0.9, status: 'draft', source: 'docs/kettle.md:3-4',
        persona: 'New owner', query_style: 'poor_grammar', query_length: 'short',
      });
    });
  }

  it('the check fails where DeepEval would: a file with both kinds shows only the last row\'s kind', () => {
    const [main, conversational] = exportFiles(KIND_PAIRS, 'deepeval', {}, 'kettle.json');
    const mixed = [...JSON.parse(main.text) as unknown[], ...JSON.parse(conversational.text) as unknown[]];
    assert.deepEqual(deepEvalDatasetOf(mixed).goldens.map((g) => g.name), ['mt'], 'the three Goldens are hidden');
    assert.throws(() => deepEvalDatasetOf([{ scenario: 's', turns: [{ role: 'ai', content: 'x' }] }]), /Turn\.role/);
  });
});
