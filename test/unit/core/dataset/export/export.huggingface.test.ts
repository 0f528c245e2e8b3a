/** huggingface: read back as load_dataset("json") builds its table, cast to the features the card declares. */
import { strict as assert } from 'node:assert';
import { parse as parseYaml } from 'yaml';
import { exportFiles } from '../../../../../src/core/dataset/export/index';
import type { DatasetManifest } from '../../../../../src/core/dataset/manifest';
import { DATASET_CARD_MARKER } from '../../../../../src/core/dataset/export/huggingface';
import { pair } from '../../../support/datasetFixtures';
import { KEPT, PAIRS, TRICKY } from './exportFixtures';
import { huggingFaceCardCast, huggingFaceJsonTable } from './exportLoaders';

const manifest: DatasetManifest = {
  format_version: 1, dataset: 'kettle.qa.jsonl', root: '.', params: { num_pairs: 5, question_types: ['factual'] },
  provider: 'openai-compatible', model: 'gpt-4o-mini', prompt_version: '7', sources: { 'docs/kettle.md': 'ab', 'docs/lid.md': 'cd' },
  stats: { status: 'completed', calls: 12, cache_hits: 0, prompt_tokens: 1, completion_tokens: 1, cost_usd: 0, elapsed_ms: 5, pairs: 5, validated: 4, below_threshold: 1, average_quality: 0.82, iterations: 1 },
  created: '2026-11-30T10:00:00.000Z', updated: '2026-12-01T10:00:00.000Z',
};

describe('export huggingface: as load_dataset("json") reads it, with its dataset card', () => {
  const [data, card] = exportFiles(PAIRS, 'huggingface', { name: 'kettle', manifest }, 'kettle.jsonl');

  it('one Arrow type per column across every row', () => {
    const table = huggingFaceJsonTable(data.text);
    assert.deepEqual(table.columns, {
      id: 'string', question: 'string', answer: 'string', contexts: 'list<string>', statements: 'list<string>', kind: 'string',
      question_type: 'string', difficulty: 'string', score: 'double', status: 'string', source: 'string', source_file: 'string',
    });
    assert.deepEqual(table.rows.map((r) => r.id), KEPT.map((p) => p.id));
    assert.equal(table.rows[1].question, TRICKY);
    assert.equal(table.rows[2].score, null);
  });

  it('the card points at the data file and declares features every column casts to', () => {
    assert.equal(card.name, 'README.md');
    assert.deepEqual(huggingFaceCardCast(card.text, huggingFaceJsonTable(data.text)), { dataFile: 'kettle.jsonl', split: 'test' });
    assert.ok(card.text.includes(DATASET_CARD_MARKER));
  });

  it('the card header has the Hub keys: license, task_categories, configs with data_files as [{split, path}]', () => {
    const header = parseYaml(/^---\n([\s\S]*?)\n---\n/.exec(card.text)?.[1] ?? '') as Record<string, unknown>;
    assert.equal(header.license, 'unknown');
    assert.deepEqual(header.task_categories, ['question-answering']);
    assert.deepEqual(header.configs, [{ config_name: 'default', data_files: [{ split: 'test', path: 'kettle.jsonl' }] }]);
  });

  it('the card states the manifest facts', () => {
    for (const fact of ['| model | gpt-4o-mini |', '| provider | openai-compatible |', '| prompt version | 7 |', '| source files | 2 |', '| updated | 2026-12-01T10:00:00.000Z |', '"num_pairs": 5', '4 validated', '4 pairs in `kettle.jsonl`']) {
      assert.ok(card.text.includes(fact), fact);
    }
    const [, bare] = exportFiles(PAIRS, 'huggingface', {}, 'x.jsonl');
    assert.match(bare.text, /No manifest was found/);
  });

  it('an all-integer score column still casts to float64, an empty list to a sequence', () => {
    const ints = [pair({ id: 'x', quality: { score: 1, criteria: {}, feedback: '' }, statements: [] }), pair({ id: 'y', quality: { score: 0, criteria: {}, feedback: '' }, statements: [] })];
    const [d, c] = exportFiles(ints, 'huggingface', {}, 'x.jsonl');
    const table = huggingFaceJsonTable(d.text);
    assert.equal(table.columns.score, 'int64');
    assert.equal(table.columns.statements, 'list<null>');
    assert.doesNotThrow(() => huggingFaceCardCast(c.text, table));
  });

  it('the check fails where loading goes wrong: a column that changes type becomes JSON text the card cannot cast', () => {
    assert.deepEqual(huggingFaceJsonTable('{"a": "x"}\n{"a": ["x"]}\n').columns, { a: 'json' });
    const mixed = exportFiles(PAIRS, 'huggingface', {}, 'x.jsonl')[0].text.replace('"contexts":["ctx 1"', '"contexts":"ctx 1","x":["ctx 1"');
    assert.throws(() => huggingFaceCardCast(card.text, huggingFaceJsonTable(mixed)), /differ from the columns|cannot be cast/);
    const table = huggingFaceJsonTable('{"id": 1}\n');
    assert.throws(() => huggingFaceCardCast(card.text, table), /differ from the columns/);
  });
});
