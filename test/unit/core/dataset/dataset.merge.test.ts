import { strict as assert } from 'node:assert';
import { entriesOf, pairsOf, parseDataset, serializeDataset } from '../../../../src/core/dataset/file';
import { mergeDatasets, mergeWithSummary } from '../../../../src/core/dataset/merge';
import type { DatasetEntry, DatasetPair } from '../../../../src/core/dataset/types';
import { pair } from '../../support/datasetFixtures';

function byId(entries: DatasetEntry[]): Map<string, DatasetPair> {
  return new Map(pairsOf(entries).map((p) => [p.id, p]));
}

const regenerated = (id: string, score: number): DatasetPair =>
  pair({ id, answer: `Regenerated answer ${score}.`, quality: { score, criteria: { grounded: score }, feedback: 'new' } });

describe('mergeDatasets', () => {
  it('adds new pairs as drafts and keeps pairs the run did not produce', () => {
    const existing = entriesOf([pair({ id: 'old' })]);
    const merged = byId(mergeDatasets(existing, [pair({ id: 'new', status: 'accepted' })]));
    assert.deepEqual([...merged.keys()].sort(), ['new', 'old']);
    assert.equal(merged.get('new')!.status, 'draft');
  });

  it('replaces a draft, keeping its id and recording the replaced score', () => {
    const existing = entriesOf([pair({ id: 'd', quality: { score: 0.5, criteria: {}, feedback: '' }, previous_scores: [0.3] })]);
    const merged = byId(mergeDatasets(existing, [regenerated('d', 0.8)])).get('d')!;
    assert.equal(merged.answer, 'Regenerated answer 0.8.');
    assert.equal(merged.status, 'draft');
    assert.deepEqual(merged.previous_scores, [0.3, 0.5]);
  });

  it('appends the incoming pair\'s own enhancement history after the replaced score', () => {
    const existing = entriesOf([pair({ id: 'd', quality: { score: 0.5, criteria: {}, feedback: '' } })]);
    const incoming = { ...regenerated('d', 0.9), previous_scores: [0.6] };
    assert.deepEqual(byId(mergeDatasets(existing, [incoming])).get('d')!.previous_scores, [0.5, 0.6]);
  });

  it('never replaces accepted or edited pairs unless replaceReviewed', () => {
    const existing = entriesOf([pair({ id: 'a', status: 'accepted' }), pair({ id: 'e', status: 'edited', answer: 'Hand-written.' })]);
    const incoming = [regenerated('a', 0.99), regenerated('e', 0.99)];
    const kept = mergeWithSummary(existing, incoming);
    assert.deepEqual(pairsOf(kept.entries), pairsOf(existing));
    assert.equal(kept.summary.keptReviewed, 2);
    const replaced = byId(mergeDatasets(existing, incoming, { replaceReviewed: true }));
    assert.equal(replaced.get('e')!.answer, 'Regenerated answer 0.99.');
    assert.equal(replaced.get('e')!.status, 'draft');
    assert.deepEqual(replaced.get('e')!.previous_scores, [0.9]);
  });

  it('keeps rejected pairs rejected, even with replaceReviewed', () => {
    const existing = entriesOf([pair({ id: 'r', status: 'rejected' })]);
    for (const replaceReviewed of [false, true]) {
      const merged = byId(mergeDatasets(existing, [regenerated('r', 0.95)], { replaceReviewed })).get('r')!;
      assert.equal(merged.status, 'rejected');
      assert.equal(merged.answer, pair().answer);
    }
  });

  it('merges into a file of 200,000 lines (more than a spread of arguments fits on the stack)', () => {
    const template = pair({ id: 'x' });
    const existing: DatasetEntry[] = Array.from({ length: 200_000 }, (_, i) => ({ kind: 'pair', line: i + 1, pair: { ...template, id: `p${i}` } }));
    const merged = mergeWithSummary(existing, [pair({ id: 'new' })]);
    assert.equal(merged.summary.added, 1);
    assert.equal(merged.entries.at(-1)!.line, 200_001);
  });

  it('keeps invalid lines', () => {
    const existing = parseDataset(`{broken\n${JSON.stringify(pair({ id: 'a' }))}\n`);
    const merged = mergeDatasets(existing, [pair({ id: 'b' })]);
    assert.ok(serializeDataset(merged).endsWith('{broken\n'));
    assert.equal(pairsOf(merged).length, 2);
  });

  it('is idempotent: merging the same generation twice gives the same bytes', () => {
    const incoming = [regenerated('x', 0.7), regenerated('y', 0.8)];
    const once = serializeDataset(mergeDatasets([], incoming));
    const twice = mergeWithSummary(parseDataset(once), incoming);
    assert.equal(serializeDataset(twice.entries), once);
    assert.deepEqual(twice.summary, { added: 0, replaced: 0, unchanged: 2, keptReviewed: 0 });
  });
});
