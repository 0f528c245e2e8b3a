/** Kinds in the CSV, Hugging Face and Axion exports, read back by a CSV parser, load_dataset("json") and Dataset.read_json. */
import { strict as assert } from 'node:assert';
import { parse as parseCsv } from 'csv-parse/sync';
import { exportDataset, exportFiles } from '../../../../../src/core/dataset/export/index';
import { CSV_COLUMNS, CSV_KIND_COLUMNS } from '../../../../../src/core/dataset/export/csv';
import { DECLINE_CRITERION } from '../../../../../src/core/dataset/export/kinds';
import { KIND_PAIRS } from './exportFixtures';
import { axionReadJson, huggingFaceCardCast, huggingFaceJsonTable } from './exportLoaders';

const TURNS = [
  { role: 'user', content: 'Does the Lumen kettle have a warranty?' },
  { role: 'assistant', content: 'Yes, it comes with a warranty — ünïcödé kept.' },
];

describe('export csv: kinds', () => {
  const text = exportDataset(KIND_PAIRS, 'csv');
  const rows = parseCsv(text, { columns: true, relax_column_count: false }) as Array<Record<string, string>>;

  it('adds persona, query_style, query_length and turns (JSON) after the usual columns', () => {
    assert.ok(text.startsWith(`${[...CSV_COLUMNS, ...CSV_KIND_COLUMNS].join(',')}\r\n`));
    assert.deepEqual(rows.map((r) => r.kind), ['single_hop', 'multi_hop', 'unanswerable', 'multi_turn']);
    const mt = rows[3];
    assert.deepEqual([mt.persona, mt.query_style, mt.query_length], ['New owner', 'poor_grammar', 'short']);
    assert.deepEqual(JSON.parse(mt.turns), TURNS);
    assert.deepEqual([rows[0].persona, rows[0].turns], ['', ''], 'empty for pairs without them');
  });

  it('multi-hop: both contexts in contexts, a blank line between them', () => {
    assert.equal(rows[1].contexts, KIND_PAIRS[1].contexts.join('\n\n'));
  });

  it('an export of pairs without turns, persona or query shape has the columns of before kinds', () => {
    assert.ok(exportDataset(KIND_PAIRS.slice(0, 3), 'csv').startsWith(`${CSV_COLUMNS.join(',')}\r\n`));
  });
});

describe('export huggingface: kinds', () => {
  const [data, card] = exportFiles(KIND_PAIRS, 'huggingface', {}, 'kettle.jsonl');
  const table = huggingFaceJsonTable(data.text);

  it('every row has the kind columns, one Arrow type each, and the card declares them', () => {
    assert.equal(table.columns.persona, 'string');
    assert.equal(table.columns.query_style, 'string');
    assert.equal(table.columns.turns, 'list<struct>');
    assert.deepEqual(table.rows[3].turns, TURNS);
    assert.deepEqual(table.rows[0].turns, []);
    assert.equal(table.rows[0].persona, null);
    assert.doesNotThrow(() => huggingFaceCardCast(card.text, table));
    assert.match(card.text, /- `turns`: list of \{role, content\}/);
  });

  it('multi-hop: both contexts; unanswerable: its kind', () => {
    assert.deepEqual(table.rows[1].contexts, KIND_PAIRS[1].contexts);
    assert.equal(table.rows[2].kind, 'unanswerable');
  });

  it('the check fails where casting would: turns declared but missing from the rows', () => {
    const [plain] = exportFiles(KIND_PAIRS.slice(0, 3), 'huggingface', {}, 'kettle.jsonl');
    assert.throws(() => huggingFaceCardCast(card.text, huggingFaceJsonTable(plain.text)), /differ from the columns/);
  });
});

describe('export axion: kinds', () => {
  const loaded = axionReadJson(exportDataset(KIND_PAIRS, 'axion', { name: 'kettle' }));

  it('loads every item; the multi-turn item has a conversation ending with the question', () => {
    assert.deepEqual(loaded.skipped, []);
    const mt = loaded.items[3];
    assert.deepEqual(mt.conversation, { messages: [...TURNS, { role: 'user', content: 'And how long does it last?' }], reference_text: 'Two years.' });
    assert.equal(mt.query, 'And how long does it last?', 'the same question Axion takes from the conversation');
    assert.equal(loaded.items[0].conversation, undefined);
  });

  it('unanswerable: acceptance_criteria say the answer declines; multi-hop: both contexts in document_text', () => {
    assert.deepEqual(loaded.items[2].acceptance_criteria, [DECLINE_CRITERION]);
    assert.equal(loaded.items[1].document_text, KIND_PAIRS[1].contexts.join('\n\n'));
    assert.equal((JSON.parse(loaded.items[2].metadata ?? '') as { kind: string }).kind, 'unanswerable');
  });

  it('the check fails where Axion fails: a message role it has no class for', () => {
    const doc = JSON.parse(exportDataset(KIND_PAIRS, 'axion', { name: 'kettle' })) as { items: Array<{ conversation?: { messages: Array<{ role: string }> } }> };
    const conversation = doc.items[3].conversation;
    if (conversation) conversation.messages[0].role = 'human';
    assert.equal(axionReadJson(JSON.stringify(doc)).skipped.length, 1);
  });
});
