import { strict as assert } from 'node:assert';
import { DuplicateFilter, Pool, alignPassage, groupBy, jaccard, settleAll, tokenSet, tokenize } from '../../../../src/core/util';

describe('util: pool', () => {
  it('never runs more than the limit at once and keeps order of results', async () => {
    const pool = new Pool(3);
    let inFlight = 0;
    let max = 0;
    const results = await settleAll(pool, Array.from({ length: 20 }, (_, i) => i), async (i) => {
      inFlight++;
      max = Math.max(max, inFlight);
      await new Promise((r) => setTimeout(r, 1 + (i % 3)));
      inFlight--;
      if (i === 5) throw new Error('five');
      return i * 2;
    });
    assert.equal(max, 3);
    assert.equal(pool.maxInFlight, 3);
    assert.equal(results[4].status === 'fulfilled' && results[4].value, 8);
    assert.equal(results[5].status, 'rejected');
  });
  it('refuses new work once the signal is aborted', async () => {
    const pool = new Pool(1);
    const c = new AbortController();
    c.abort();
    await assert.rejects(pool.run(async () => 1, c.signal), { name: 'AbortError' });
  });
  it('rejects a bad limit with the value', () => {
    assert.throws(() => new Pool(0), /at least 1; got 0/);
  });
});

describe('util: similarity and dedup', () => {
  it('tokenizes non-English text without losing letters, CJK per character', () => {
    assert.deepEqual(tokenize('Größe: Ärger über Öl!').map((t) => t.text), ['größe', 'ärger', 'über', 'öl']);
    assert.deepEqual(tokenize('東京は日本').map((t) => t.text), ['東', '京', 'は', '日', '本']);
    const t = tokenize('  café au lait');
    assert.deepEqual([t[0].start, t[0].end], [2, 6]);
  });
  it('finds exact and near duplicates but keeps different questions', () => {
    const f = new DuplicateFilter();
    assert.ok(f.add('What is the capital of France?'));
    assert.ok(!f.add('what is the capital of france'), 'exact after normalisation');
    assert.ok(!f.add('What is the capital city of France?'), 'near duplicate');
    assert.ok(f.add('How many ports does the Aurora router have?'));
    assert.ok(!f.add('How many ports does the Aurora router have now?'), 'near duplicate');
    assert.ok(f.add('How many ports does the Boreal router have?'), 'another product is another question');
    assert.ok(f.add('How often does module 3 retry a write?'));
    assert.ok(f.add('How often does module 4 retry a write?'), 'numbers tell questions apart');
    assert.ok(f.add('Which river flows through Paris?'));
    assert.ok(f.add('What is the price of the Basic plan?'));
    assert.ok(f.add('What is the price of the Premium plan?'), 'a different subject is not a duplicate');
    assert.ok(jaccard(tokenSet('a b c'), tokenSet('a b d')) < 0.75);
  });
});

describe('util: fuzzy alignment', () => {
  const text = 'The warranty covers parts for two years. Labour is covered for the first year only, '
    + 'and accidental damage is never covered. Claims must be filed online within 30 days of the fault.';

  it('aligns an exact quote with score 1', () => {
    const a = alignPassage('Labour is covered for the first year only', text);
    assert.equal(a.score, 1);
    assert.equal(text.slice(a.start, a.end), 'Labour is covered for the first year only');
  });

  it('aligns a quote of hard-wrapped text copied with its line breaks as spaces to the exact span, punctuation included', () => {
    const wrapped = '* `warn` - Display a warning and continue\n  the download.\n\n* `skip` - Skip downloading the object and\n  continue with the next one.\n';
    const a = alignPassage('`skip` - Skip downloading the object and continue with the next one.', wrapped);
    assert.equal(a.score, 1);
    assert.equal(wrapped.slice(a.start, a.end), '`skip` - Skip downloading the object and\n  continue with the next one.');
    const across = alignPassage('the download. * `skip` - Skip', wrapped);
    assert.equal(wrapped.slice(across.start, across.end), 'the download.\n\n* `skip` - Skip', 'a blank line folds to one space');
  });

  it('aligns a paraphrase to its best matching span with a score below 1', () => {
    const a = alignPassage('Claims have to be filed online within thirty days after the fault', text);
    const span = text.slice(a.start, a.end);
    assert.ok(a.score > 0.5 && a.score < 1, `score ${a.score}`);
    assert.match(span, /^Claims must be filed online within 30 days of the fault/);
    assert.doesNotMatch(span, /warranty/);
  });

  it('treats case and punctuation differences as exact', () => {
    const a = alignPassage('labour is covered, for the first year only', text);
    assert.equal(a.score, 1);
    assert.equal(text.slice(a.start, a.end), 'Labour is covered for the first year only');
  });

  it('aligns in Japanese text', () => {
    const ja = '東京は日本の首都です。大阪は西日本の商業の中心です。';
    const a = alignPassage('大阪は西日本の商業の中心', ja);
    assert.equal(ja.slice(a.start, a.end), '大阪は西日本の商業の中心');
  });

  it('gives score 0 when nothing is shared', () => {
    assert.equal(alignPassage('zebra quantum', text).score, 0);
  });
});

describe('util: groupBy', () => {
  it('groups by key in first-seen order, keeping item order within a group', () => {
    const groups = groupBy(['b1', 'a1', 'b2', 'c1', 'a2'], (x) => x[0]);
    assert.deepEqual([...groups.keys()], ['b', 'a', 'c']);
    assert.deepEqual(groups.get('b'), ['b1', 'b2']);
    assert.deepEqual(groups.get('a'), ['a1', 'a2']);
  });
});
