/**
 * `qaforge generate`'s summary line counts the run's pairs per kind (validated / below threshold) when the run has
 * pairs of more than one kind, on the same one line; a single-hop run's summary reads as it always did (issue 16).
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXIT } from '../../../src/cli/errors';
import { formatKindCounts } from '../../../src/cli/progress';
import { parseDataset } from '../../../src/core/dataset/file';
import type { QAPair } from '../../../src/core/domain/records';
import { KETTLE_DOC } from '../support/datasetFixtures';
import { kettleWorkspace } from '../support/cliRun';

const pair = (kind?: QAPair['kind']) => ({ ...(kind ? { kind } : {}) }) as QAPair;

describe('qaforge generate: the summary per kind', function () {
  this.timeout(30000);

  it('formats the counts per kind in the core\'s kind order, and nothing for pairs of one kind', () => {
    assert.equal(formatKindCounts([pair(), pair()], [pair()]), '');
    assert.equal(formatKindCounts([pair('multi_hop')], [pair('multi_hop')]), '', 'one kind, even not single_hop');
    assert.equal(formatKindCounts([], []), '');
    assert.equal(
      formatKindCounts([pair('multi_turn'), pair(), pair('multi_hop'), pair()], [pair('multi_hop'), pair('unanswerable')]),
      ' (single_hop: 2 validated, 0 below; multi_hop: 1 validated, 1 below; unanswerable: 0 validated, 1 below; multi_turn: 1 validated, 0 below)',
    );
  });

  describe('the printed summary', () => {
    const { dir, generate } = kettleWorkspace(KETTLE_DOC);

    it('a run of several kinds adds its counts per kind to the one summary line, matching the file', async () => {
      const r = await generate('--num-pairs', '6', '--kinds', 'single_hop=0.5,unanswerable=0.5');
      assert.ok(r.code === EXIT.ok || r.code === EXIT.partial, r.err);
      const lines = r.out.trimEnd().split('\n');
      assert.equal(lines.length, 1, r.out);
      const written = parseDataset(fs.readFileSync(path.join(dir(), 'ds/k.qa.jsonl'), 'utf8')).flatMap((e) => (e.kind === 'pair' ? [e.pair] : []));
      const kinds = new Set(written.map((p) => p.kind ?? 'single_hop'));
      assert.deepEqual([...kinds].sort(), ['single_hop', 'unanswerable'], 'the offline engine wrote both kinds');
      const m = /this run: (\d+) validated, (\d+) below threshold \(single_hop: (\d+) validated, (\d+) below; unanswerable: (\d+) validated, (\d+) below\), average quality/.exec(lines[0]);
      assert.ok(m, lines[0]);
      const [validated, below, singleOk, singleBelow, noneOk, noneBelow] = m.slice(1).map(Number);
      assert.equal(singleOk + noneOk, validated);
      assert.equal(singleBelow + noneBelow, below);
      assert.equal(singleOk + singleBelow, written.filter((p) => (p.kind ?? 'single_hop') === 'single_hop').length);
      assert.equal(noneOk + noneBelow, written.filter((p) => p.kind === 'unanswerable').length);
    });

    it('a single-hop run prints the summary without counts per kind', async () => {
      const r = await generate('--num-pairs', '3');
      assert.ok(r.code === EXIT.ok || r.code === EXIT.partial, r.err);
      assert.match(r.out, /this run: \d+ validated, \d+ below threshold, average quality \d\.\d\d; calls /);
      assert.doesNotMatch(r.out, /single_hop|validated, \d+ below;/);
    });
  });
});
