/** csv: RFC 4180 read back by a CSV parser, and formula-like cells escaped against spreadsheet injection. */
import { strict as assert } from 'node:assert';
import { parse as parseCsv } from 'csv-parse/sync';
import { exportDataset } from '../../../../../src/core/dataset/export/index';
import { csvField, escapeFormula, isFormulaLike } from '../../../../../src/core/dataset/export/csv';
import { KEPT, PAIRS, TRICKY } from './exportFixtures';

const read = (text: string) => parseCsv(text, { columns: true, relax_column_count: false }) as Array<Record<string, string>>;

describe('export csv', () => {
  it('is RFC 4180 that a CSV parser reads back field for field (commas, quotes, newlines, non-ASCII)', () => {
    const text = exportDataset(PAIRS, 'csv');
    assert.ok(text.endsWith('\r\n'));
    const rows = read(text);
    assert.deepEqual(rows.map((r) => r.id), KEPT.map((p) => p.id));
    assert.equal(rows[1].question, TRICKY);
    assert.equal(rows[1].contexts, `ctx 1\n\n${TRICKY}`);
    assert.equal(rows[0].score, '0.9');
    assert.equal(rows[2].score, '');
    assert.equal(rows[0].source, 'docs/kettle.md:3-4');
    assert.equal(rows[3].kind, 'multi_hop');
  });

  it('escapes cells a spreadsheet would run as a formula, by default', () => {
    const rows = read(exportDataset(PAIRS, 'csv'));
    assert.equal(rows[1].answer, `'=HYPERLINK("http://evil")  ${TRICKY}`);
    for (const lead of ['=', '+', '-', '@', '\t', '\r']) {
      assert.ok(isFormulaLike(`${lead}1`), JSON.stringify(lead));
      assert.equal(escapeFormula(`${lead}SUM(A1)`), `'${lead}SUM(A1)`);
    }
    assert.equal(escapeFormula('Two years.'), 'Two years.');
    assert.equal(escapeFormula('a=b'), 'a=b', 'only a leading sign makes a formula');
  });

  it('writes cells unchanged with escapeFormulas: false', () => {
    const rows = read(exportDataset(PAIRS, 'csv', { escapeFormulas: false }));
    assert.equal(rows[1].answer, `=HYPERLINK("http://evil")  ${TRICKY}`);
  });

  it('quotes only fields that need it', () => {
    assert.equal(csvField('plain'), 'plain');
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('two\nlines'), '"two\nlines"');
  });
});
