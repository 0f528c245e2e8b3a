/** axion: read back with Axion's Dataset.read_json rules (ax-foundry/axion, axion/dataset.py). */
import { strict as assert } from 'node:assert';
import { exportDataset } from '../../../../../src/core/dataset/export/index';
import { KEPT, PAIRS, TRICKY } from './exportFixtures';
import { axionReadJson } from './exportLoaders';

describe('export axion: as Dataset.read_json reads it', () => {
  const text = exportDataset(PAIRS, 'axion', { name: 'kettle' });
  const loaded = axionReadJson(text);

  it('loads every item, none skipped, with the dataset name', () => {
    assert.deepEqual(loaded.skipped, []);
    assert.equal(loaded.name, 'kettle');
    assert.deepEqual(loaded.items.map((i) => i.id), KEPT.map((p) => p.id));
  });

  it('maps query, expected_output, expected_reference (the statements, a list) and document_text', () => {
    const [a, b] = loaded.items;
    assert.equal(a.query, 'How long is the warranty?');
    assert.equal(a.expected_output, 'Two years.');
    assert.deepEqual(a.expected_reference, [{ id: 'The Lumen kettle has a two-year warranty.' }]);
    assert.equal(a.document_text, 'The Lumen kettle comes with a two-year warranty.');
    assert.deepEqual(b.expected_reference, [{ id: 'ctx 1' }, { id: TRICKY }], 'no statements: the contexts');
    assert.equal(b.query, TRICKY, 'text kept verbatim');
  });

  it('keeps the pair facts in metadata, a JSON string', () => {
    const meta = JSON.parse(loaded.items[3].metadata ?? '') as Record<string, unknown>;
    assert.deepEqual(meta, { kind: 'multi_hop', question_type: 'factual', difficulty: 'easy', score: 0.9, status: 'draft', source: 'docs/kettle.md:3-4' });
    assert.equal((JSON.parse(loaded.items[2].metadata ?? '') as { source: string }).source, 'chats/s.json#s1:2,3');
  });

  it('is ASCII-safe, as read_json opens the file with the platform encoding (a C locale reads ASCII only)', () => {
    assert.match(TRICKY, /[^\x00-\x7f]/u, 'the fixture has non-ASCII text');
    assert.doesNotMatch(text, /[^\x00-\x7f]/u);
    assert.equal(loaded.items[1].query, TRICKY, 'the escapes parse back to the same text');
  });

  it('the check fails where Axion fails: a top-level list, a string reference, a dict metadata', () => {
    const items = (JSON.parse(text) as { items: Array<Record<string, unknown>> }).items;
    assert.throws(() => axionReadJson(JSON.stringify(items)), /'list' object has no attribute 'get'/);
    const broken = { name: 'x', items: [{ ...items[0], expected_reference: 'one\ntwo' }, { ...items[1], metadata: { a: 1 } }] };
    const r = axionReadJson(JSON.stringify(broken));
    assert.equal(r.items.length, 0);
    assert.equal(r.skipped.length, 2);
  });
});
