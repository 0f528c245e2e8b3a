import { strict as assert } from 'node:assert';
import { applyMoves, checkStaleness } from '../../../../src/core/dataset/staleness';
import { fileSourceIn, pair } from '../../support/datasetFixtures';

const DOC_A = ['# A', '', 'The kettle boils in four minutes.', ''].join('\n');
const DOC_B = ['# B', '', 'The warranty lasts two years.', 'Keep the receipt.', ''].join('\n');

function multiHop() {
  const a = fileSourceIn(DOC_A, 'docs/a.md', 3, 3);
  const b = fileSourceIn(DOC_B, 'docs/b.md', 3, 4);
  return pair({ id: 'm1', kind: 'multi_hop', source: a, sources: [a, b] });
}

function reader(files: Record<string, string>) {
  return async (p: string) => files[p];
}

describe('staleness of every span of a pair', () => {
  it('is ok when every source is unchanged', async () => {
    const [r] = await checkStaleness([multiHop()], reader({ 'docs/a.md': DOC_A, 'docs/b.md': DOC_B }));
    assert.equal(r.state, 'ok');
  });

  it('is stale when only the second source changed, and names it', async () => {
    const changed = DOC_B.replace('two years', 'three years');
    const [r] = await checkStaleness([multiHop()], reader({ 'docs/a.md': DOC_A, 'docs/b.md': changed }));
    assert.equal(r.state, 'stale');
    assert.match(r.reason ?? '', /^sources\[1\] docs\/b\.md:3-4 changed or was deleted$/);
  });

  it('names the missing file of a second source', async () => {
    const [r] = await checkStaleness([multiHop()], reader({ 'docs/a.md': DOC_A }));
    assert.equal(r.state, 'stale');
    assert.match(r.reason ?? '', /sources\[1\] docs\/b\.md no longer exists/);
  });

  it('moves the second source and applyMoves updates sources (source stays the first span)', async () => {
    const shifted = `Intro line.\n\n${DOC_B}`;
    const pairs = [multiHop()];
    const reports = await checkStaleness(pairs, reader({ 'docs/a.md': DOC_A, 'docs/b.md': shifted }));
    assert.equal(reports[0].state, 'moved');
    assert.match(reports[0].reason ?? '', /sources\[1\] docs\/b\.md:3-4 moved to lines 5-6/);
    const [fixed] = applyMoves(pairs, reports);
    assert.deepEqual(fixed.sources?.map((s) => ('start_line' in s ? s.start_line : -1)), [3, 5]);
    assert.deepEqual(fixed.source, pairs[0].source);
  });
});
