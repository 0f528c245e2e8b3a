import { strict as assert } from 'node:assert';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import { EXPORT_FORMATS, exportDataset, isExportFormat } from '../../src/core/dataset/export/index';
import { csvField } from '../../src/core/dataset/export/csv';
import type { DatasetPair } from '../../src/core/dataset/types';
import { pair } from './datasetFixtures';

const tricky = 'Comma, "quotes", a\nnewline, CRLF\r\nand ünïcödé — 日本語 🫖';
const pairs: DatasetPair[] = [
  pair({ id: 'a', question: 'How long is the warranty?', answer: 'Two years.' }),
  pair({ id: 'b', question: tricky, answer: `Answer: ${tricky}`, contexts: ['ctx 1', tricky], statements: [] }),
  pair({ id: 'r', question: 'Rejected?', status: 'rejected' }),
  pair({ id: 's', question: 'From a chat?', source: { session_file: 'chats/s.json', session_id: 's1', message_indices: [2, 3], span_hash: '0123456789abcdef' } }),
];
const exported = pairs.filter((p) => p.status !== 'rejected');

const lines = (text: string): unknown[] => text.trimEnd().split('\n').map((l) => JSON.parse(l) as unknown);

describe('exporters', () => {
  it('knows every format', () => {
    assert.deepEqual(EXPORT_FORMATS, ['ragas', 'deepeval', 'promptfoo', 'openai-evals', 'csv', 'axion']);
    assert.ok(isExportFormat('csv'));
    assert.ok(!isExportFormat('toString'));
  });

  it('ragas: JSONL of user_input, reference, reference_contexts', () => {
    const rows = lines(exportDataset(pairs, 'ragas'));
    assert.deepEqual(rows, exported.map((p) => ({ user_input: p.question, reference: p.answer, reference_contexts: p.contexts })));
  });

  it('deepeval: a JSON array of goldens with input, expected_output, context, source_file', () => {
    const goldens = JSON.parse(exportDataset(pairs, 'deepeval')) as unknown[];
    assert.deepEqual(goldens, exported.map((p) => ({
      input: p.question, expected_output: p.answer, context: p.contexts,
      source_file: p.id === 's' ? 'chats/s.json' : 'docs/kettle.md',
    })));
  });

  it('promptfoo: YAML tests with vars and a factuality assertion on the expected answer', () => {
    const tests = parseYaml(exportDataset(pairs, 'promptfoo')) as Array<{ vars: { question: string; context: string }; assert: Array<{ type: string; value: string }>; metadata: { id: string; source: string } }>;
    assert.equal(tests.length, exported.length);
    tests.forEach((t, i) => {
      assert.equal(t.vars.question, exported[i].question);
      assert.equal(t.vars.context, exported[i].contexts.join('\n\n'));
      assert.deepEqual(t.assert, [{ type: 'factuality', value: exported[i].answer }]);
      assert.equal(t.metadata.id, exported[i].id);
    });
    assert.equal(tests[2].metadata.source, 'chats/s.json#s1:2,3');
    assert.deepEqual(parseYaml(exportDataset([], 'promptfoo')), []);
  });

  it('openai-evals: JSONL of chat input messages and the ideal answer', () => {
    const rows = lines(exportDataset(pairs, 'openai-evals')) as Array<{ input: Array<{ role: string; content: string }>; ideal: string }>;
    assert.equal(rows.length, exported.length);
    rows.forEach((r, i) => {
      assert.deepEqual(r.input.map((m) => m.role), ['system', 'user']);
      assert.ok(r.input[1].content.endsWith(exported[i].question));
      assert.ok(r.input[1].content.includes(exported[i].contexts[0]));
      assert.equal(r.ideal, exported[i].answer);
    });
  });

  it('csv: RFC 4180 that a CSV parser reads back field for field (commas, quotes, newlines, non-ASCII)', () => {
    const text = exportDataset(pairs, 'csv');
    assert.ok(text.endsWith('\r\n'));
    const rows = parseCsv(text, { columns: true, relax_column_count: false }) as Array<Record<string, string>>;
    assert.equal(rows.length, exported.length);
    assert.equal(rows[1].question, tricky);
    assert.equal(rows[1].answer, `Answer: ${tricky}`);
    assert.equal(rows[1].contexts, `ctx 1\n\n${tricky}`);
    assert.equal(rows[0].score, '0.9');
    assert.equal(rows[0].source, 'docs/kettle.md:3-4');
    assert.deepEqual(rows.map((r) => r.id), ['a', 'b', 's']);
  });

  it('csv: quotes only fields that need it', () => {
    assert.equal(csvField('plain'), 'plain');
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('two\nlines'), '"two\nlines"');
  });

  it('axion: JSON records with query, expected_output, expected_reference', () => {
    const items = JSON.parse(exportDataset(pairs, 'axion')) as Array<{ id: string; query: string; expected_output: string; expected_reference: string }>;
    assert.deepEqual(items.map((i) => i.query), exported.map((p) => p.question));
    assert.deepEqual(items.map((i) => i.expected_output), exported.map((p) => p.answer));
    assert.equal(items[0].expected_reference, 'The Lumen kettle has a two-year warranty.');
    assert.equal(items[1].expected_reference, `ctx 1\n${tricky}`, 'falls back to the contexts when there are no statements');
  });

  it('leaves rejected pairs out unless asked, and can drop low scores', () => {
    for (const format of EXPORT_FORMATS) {
      assert.ok(!exportDataset(pairs, format).includes('Rejected?'), format);
      assert.ok(exportDataset(pairs, format, { includeRejected: true }).includes('Rejected?'), format);
    }
    const low = [pair({ id: 'low', question: 'Low?', quality: { score: 0.2, criteria: {}, feedback: '' } }), pair({ id: 'none', question: 'None?', quality: null })];
    assert.deepEqual(lines(exportDataset(low, 'ragas', { minScore: 0.5 })).map((r) => (r as { user_input: string }).user_input), ['None?']);
  });
});
