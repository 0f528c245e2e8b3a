import { strict as assert } from 'node:assert';
import { InvalidShardError, parseShard, selectShard, shardOfPath, statementCapacity } from '../../../../src/core/usecases/shard';
import type { SourceDocument } from '../../../../src/core/ingest/types';

const doc = (path: string, words: number): SourceDocument => ({
  path, format: 'text', text: Array.from({ length: words }, (_, i) => `word${i}`).join(' '), hash: 'x'.repeat(64),
  locate: () => ({ start: 0, end: 0, startLine: 1, endLine: 1 }), warnings: [],
});
const PARAMS = { numPairs: 20, chunkSize: 4000, statementsPerChunk: 5 };

describe('usecases/shard', () => {
  it('parses i/n and refuses anything else with the rule and the value', () => {
    assert.deepEqual(parseShard('2/4'), { index: 2, count: 4 });
    assert.deepEqual(parseShard(' 1 / 1 '), { index: 1, count: 1 });
    for (const bad of ['0/4', '5/4', '4', '1/0', 'a/b', '-1/2', '1/1001', '1.5/3']) {
      assert.throws(() => parseShard(bad), (e: Error) => e instanceof InvalidShardError && e.message.includes(JSON.stringify(bad)) && /i\/n/.test(e.message), bad);
    }
  });

  it('puts a path in the same shard every time, backslashes or not, and spreads paths over all shards', () => {
    assert.equal(shardOfPath('docs/a.md', 7), shardOfPath('docs/a.md', 7));
    assert.equal(shardOfPath('docs\\a.md', 7), shardOfPath('docs/a.md', 7));
    const seen = new Set(Array.from({ length: 200 }, (_, i) => shardOfPath(`docs/page-${i}.md`, 4)));
    assert.deepEqual([...seen].sort(), [1, 2, 3, 4]);
  });

  it('covers every file once over the shards, and their parts of num_pairs add up to it', function () {
    // five shards each count the tokens of the whole 180,000-word corpus (as every CI job of a matrix does): ~6 s here,
    // past mocha's 10 s under a loaded CI machine
    this.timeout(60000);
    const docs = Array.from({ length: 30 }, (_, i) => doc(`docs/p${i}.md`, 50 + i * 400));
    const picks = [1, 2, 3, 4, 5].map((index) => selectShard(docs, [], PARAMS, { index, count: 5 }));
    const paths = picks.flatMap((p) => p.documents.map((d) => d.path));
    assert.deepEqual([...paths].sort(), docs.map((d) => d.path).sort());
    assert.equal(picks.reduce((n, p) => n + p.numPairs, 0), 20);
    for (const p of picks) assert.deepEqual(p.perShard, picks[0].perShard, 'every shard computes the same split');
  });

  it('weighs a file by the statements its chunks can give, as a single run spreads pairs over chunks', () => {
    assert.equal(statementCapacity(0, PARAMS), 0);
    assert.equal(statementCapacity(300, PARAMS), 5, 'a short file is one chunk of statements_per_chunk');
    assert.equal(statementCapacity(1000, PARAMS), 5);
    assert.equal(statementCapacity(4000, PARAMS), 20, 'statements_per_chunk per 1,000 tokens');
    assert.equal(statementCapacity(3000, { ...PARAMS, chunkSize: 1000 }), 15, 'three chunks');
    assert.equal(statementCapacity(2000, { ...PARAMS, chunkSize: 2000 }), 10, 'one long chunk is asked for more statements');
  });

  it('gives a shard with no file no pair', () => {
    const only = doc('docs/only.md', 100);
    const empty = [1, 2, 3].find((i) => i !== shardOfPath(only.path, 3))!;
    const pick = selectShard([only], [], PARAMS, { index: empty, count: 3 });
    assert.equal(pick.documents.length, 0);
    assert.equal(pick.numPairs, 0);
  });
});
