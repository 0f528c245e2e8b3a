/** What a first-time user reads (issue 14): counted nouns, line ranges, the shortfall, the estimate line, pair names. */
import { strict as assert } from 'node:assert';
import { resolveParams } from '../../../src/core/domain/params';
import { estimateLine } from '../../../src/host/commands/estimateLine';
import { counted, lineRange, pairName, shortfallNote, sourceLocation } from '../../../src/shared/labels';
import { sourceLabel } from '../../../src/host/panels/runEventMessages';

describe('labels a user reads', () => {
  it('counts nouns without "(s)"', () => {
    assert.equal(counted(1, 'document'), '1 document');
    assert.equal(counted(4, 'document'), '4 documents');
    assert.equal(counted(0, 'pair'), '0 pairs');
    assert.equal(counted(3, 'entry', 'entries'), '3 entries');
  });

  it('writes one line as "3" and a range as "3-7", in the editor and the pipeline view', () => {
    assert.equal(lineRange(3, 3), '3');
    assert.equal(lineRange(3, null), '3');
    assert.equal(lineRange(3, 7), '3-7');
    assert.equal(sourceLocation('docs/a.md', 12, 12), 'docs/a.md:12');
    assert.equal(sourceLocation('chat.json#s1', null, null), 'chat.json#s1');
    assert.equal(sourceLabel({ kind: 'file', path: 'docs/a.md', startLine: 5, endLine: 5 } as Parameters<typeof sourceLabel>[0]), 'docs/a.md:5');
  });

  it('says the shortfall of a completed run, and nothing when it got what it asked for', () => {
    assert.equal(shortfallNote(400, 199, true), '199 of 400 asked: the content allows no more');
    assert.equal(shortfallNote(20, 20, true), '');
    assert.equal(shortfallNote(400, 199, false), '', 'a cancelled run says cancelled, not "the content allows no more"');
  });

  it('names a pair by its question in Problems, shortened, with its id', () => {
    assert.equal(pairName('What does the K2 measure?', 'a1b2'), '"What does the K2 measure?" (a1b2)');
    const long = pairName('Why '.repeat(40), 'x');
    assert.ok(long.length < 90 && long.includes('…') && long.endsWith('(x)'), long);
    assert.equal(pairName(undefined, 'x'), 'x');
  });

  it('estimates the offline engine as free, and a model run by the pairs asked', () => {
    const docs = [1200, 800, 3000, 450];
    const offline = estimateLine(docs, resolveParams({ numPairs: 20 }), 'offline/heuristic-v1');
    assert.match(offline, /^4 documents, 5,450 tokens → up to 20 pairs .*free \(offline\)/);
    assert.doesNotMatch(offline, /no cost known|document\(s\)/);
    const tokensOf = (line: string) => Number(/≈ ([\d,]+) tokens for/.exec(line)?.[1].replace(/,/g, ''));
    const few = estimateLine(docs, resolveParams({ numPairs: 20 }), 'openai/gpt-4o-mini');
    const many = estimateLine(docs, resolveParams({ numPairs: 400 }), 'openai/gpt-4o-mini');
    assert.match(few, /for 20 pairs/);
    assert.match(many, /for 400 pairs/);
    assert.ok(tokensOf(many) > tokensOf(few), `${few} | ${many}`);
    // the run's stages split to fill qaforge.concurrency, so the estimate counts the calls it will make
    const callsOf = (line: string) => Number(/≈ (\d+) calls?/.exec(line)?.[1]);
    const at = (concurrency: number) => callsOf(estimateLine(docs, resolveParams({ numPairs: 400 }), 'openai/gpt-4o-mini', { concurrency }));
    assert.ok(at(16) > at(1), `calls at concurrency 1: ${at(1)}, at 16: ${at(16)}`);
  });
});
