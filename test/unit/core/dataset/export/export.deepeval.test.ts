/** deepeval: read back with add_goldens_from_json_file / add_goldens_from_jsonl_file (confident-ai/deepeval). */
import { strict as assert } from 'node:assert';
import { exportDataset } from '../../../../../src/core/dataset/export/index';
import { KEPT, PAIRS } from './exportFixtures';
import { deepEvalGoldensFromJson, deepEvalGoldensFromJsonl } from './exportLoaders';

describe('export deepeval: as add_goldens_from_json_file and add_goldens_from_jsonl_file read it', () => {
  it('JSON: every golden, with the pair id as name and its facts in additional_metadata', () => {
    const goldens = deepEvalGoldensFromJson(exportDataset(PAIRS, 'deepeval'));
    assert.deepEqual(goldens.map((g) => g.name), KEPT.map((p) => p.id));
    assert.deepEqual(goldens[0], {
      input: 'How long is the warranty?', expected_output: 'Two years.', context: ['The Lumen kettle comes with a two-year warranty.'],
      source_file: 'docs/kettle.md', name: 'a', comments: 'Good.',
      additional_metadata: { kind: 'single_hop', question_type: 'factual', difficulty: 'easy', score: 0.9, status: 'draft', source: 'docs/kettle.md:3-4' },
    });
    assert.equal(goldens[2].source_file, 'chats/s.json');
    assert.equal((goldens[2].additional_metadata as { score: unknown }).score, null, 'an unscored pair says so');
  });

  it('JSONL: the same goldens, one a line', () => {
    assert.deepEqual(deepEvalGoldensFromJsonl(exportDataset(PAIRS, 'deepeval-jsonl')), deepEvalGoldensFromJson(exportDataset(PAIRS, 'deepeval')));
  });

  it('the check fails where DeepEval fails: no input, a string context', () => {
    assert.throws(() => deepEvalGoldensFromJson('[{"expected_output": "x"}]'), /Golden\.input: field required/);
    assert.throws(() => deepEvalGoldensFromJsonl('{"input": "q", "context": "c"}\n'), /Golden\.context: input should be list\[str\]/);
  });
});
