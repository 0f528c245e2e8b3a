import { strict as assert } from 'node:assert';
import { LineIndex } from '../../../../src/core/text/lines';
import { countTokens, estimateTokens } from '../../../../src/core/text/tokens';
import { documentFromText } from '../../../../src/core/ingest/document';

describe('text utilities', () => {
  it('maps offsets to 1-based lines', () => {
    const idx = new LineIndex('ab\ncd\n\nef');
    assert.equal(idx.lineAt(0), 1);
    assert.equal(idx.lineAt(2), 1);
    assert.equal(idx.lineAt(3), 2);
    assert.equal(idx.lineAt(7), 4);
    assert.deepEqual(idx.range(3, 9), { startLine: 2, endLine: 4 });
    assert.deepEqual(idx.range(3, 6), { startLine: 2, endLine: 2 });
  });

  it('counts tokens with a real tokenizer', () => {
    assert.equal(countTokens(''), 0);
    assert.equal(countTokens('hello world'), 2);
    assert.ok(countTokens('Die Katze sitzt auf der Matte.') > 5);
    assert.ok(Math.abs(estimateTokens('a'.repeat(400)) - 100) < 1);
  });

  it('builds an identity-located document', () => {
    const doc = documentFromText('notes.md', 'one\ntwo\nthree', 'markdown');
    assert.deepEqual(doc.locate(4, 13), { start: 4, end: 13, startLine: 2, endLine: 3 });
    assert.equal(doc.hash.length, 64);
  });
});
