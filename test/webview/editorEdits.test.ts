/**
 * The dataset editor's host logic in Node: intents become one-line replacements of the document text, and a
 * regeneration (through the real pipeline with the offline engine) rewrites only the chosen pairs.
 */
import { strict as assert } from 'node:assert';
import { parseDataset, pairsOf, serializeDataset } from '../../src/core/dataset';
import { OfflineEngine } from '../../src/core/llm/offline/engine';
import { regeneratePairs } from '../../src/core/pipeline/regenerate';
import { editField, replacementsFor, withStatus } from '../../src/host/editor/pairEdits';
import { regeneratedPair, sourceTextFor, toQaPair } from '../../src/core/dataset/regeneration';
import { datasetText, makePair } from './support/datasetFixture';

function applyLines(text: string, replacements: Array<{ line: number; text: string }>): string {
  const lines = text.split('\n');
  for (const r of replacements) lines[r.line - 1] = r.text;
  return lines.join('\n');
}

describe('dataset editor: intents as document edits', () => {
  const text = datasetText(12, ['{"broken": true', 'plain words']);

  it('rewrites only the edited pair\'s line, marks it edited, and keeps malformed lines', () => {
    const target = pairsOf(parseDataset(text))[4];
    const { replacements, missing } = replacementsFor(text, [target.id], (p) => editField(p, 'question', 'Why <b>?</b>'));
    assert.deepEqual(missing, []);
    assert.equal(replacements.length, 1);
    const next = applyLines(text, replacements);
    const before = text.split('\n');
    const after = next.split('\n');
    assert.deepEqual(after.filter((l, i) => l !== before[i]).length, 1, 'a one-line diff');
    const entries = parseDataset(next);
    const edited = pairsOf(entries).find((p) => p.id === target.id);
    assert.equal(edited?.question, 'Why <b>?</b>');
    assert.equal(edited?.status, 'edited');
    assert.deepEqual(entries.filter((e) => e.kind === 'invalid').map((e) => e.line), [13, 14]);
    assert.equal(serializeDataset(entries).includes('plain words'), true, 'malformed lines survive a save');
  });

  it('changes status in bulk, skips unchanged pairs and reports missing ids', () => {
    const pairs = pairsOf(parseDataset(text));
    const alreadyAccepted = pairs.find((p) => p.status === 'accepted');
    assert.ok(alreadyAccepted);
    const draft = pairs.find((p) => p.status === 'draft');
    assert.ok(draft);
    const { replacements, missing } = replacementsFor(text, [alreadyAccepted.id, draft.id, 'gone'], (p) => withStatus(p, 'accepted'));
    assert.deepEqual(missing, ['gone']);
    assert.equal(replacements.length, 1);
    assert.match(replacements[0].text, /"status":"accepted"/);
  });

  const guide = ['# Guide', '', 'Retries back off exponentially, starting at one second and doubling up to a minute.',
    'The chunk size is 4000 tokens by default.', 'API keys live in the secret storage, never in settings.', ''].join('\n');
  const weak = (i: number) => makePair(i, {
    source: { path: 'docs/guide.md', start_line: 3, end_line: 5, span_hash: '0000000000000000' },
    quality: { score: 0.2, criteria: { grounded: 0.2, complete: 0.2, relevant: 0.2, clear: 0.2, standalone: 0.2 }, feedback: 'The answer does not use the source.' },
    status: 'draft', question: `Question ${i} about nothing?`, answer: 'Unrelated.',
  });
  const read = async (p: string) => (p === 'docs/guide.md' ? guide : undefined);

  it('runs the chosen pairs through the real regeneration pipeline, grounded in their current source', async function () {
    this.timeout(30_000);
    const pairs = pairsOf(parseDataset(datasetText(6, [], weak)));
    const chosen = pairs.slice(0, 2);
    const items = await Promise.all(chosen.map(async (pair) => ({ pair: toQaPair(pair), sourceText: await sourceTextFor(pair, read) })));
    assert.match(items[0].sourceText, /Retries back off/);
    const seen: string[] = [];
    const results = await regeneratePairs(items, { validationThreshold: 0.7, maxReflectionIterations: 1 }, {
      llm: new OfflineEngine(), onEvent: (e) => { if (e.type === 'node-started') seen.push(e.node); },
    });
    assert.deepEqual(results.map((r) => r.id), chosen.map((p) => p.id), 'only the chosen pairs come back, ids kept');
    assert.ok(seen.includes('GenerateAnswers') && seen.includes('ValidateQAPairs'));
  });

  it('writes a regenerated version back on its own line: draft again, previous score kept, span hash refreshed', () => {
    const original = datasetText(6, ['not json'], weak);
    const pairs = pairsOf(parseDataset(original));
    const target = pairs[1];
    const next = { ...toQaPair(target), question: 'How do retries back off?', answer: 'Exponentially, from one second up to a minute.',
      quality: { score: 0.91, criteria: { grounded: 1, complete: 0.9, relevant: 0.9, clear: 0.9, standalone: 0.85 }, feedback: 'Grounded.' }, iteration: 1 };
    const llm = { provider: 'offline', model: 'heuristic-v1' };
    assert.equal(regeneratedPair(target, toQaPair(target), llm, guide), undefined, 'an unchanged pair is not rewritten');
    const updated = regeneratedPair({ ...target, status: 'edited' }, next, llm, guide);
    assert.ok(updated);
    const { replacements } = replacementsFor(original, [target.id], () => updated);
    const after = parseDataset(applyLines(original, replacements));
    const afterPairs = pairsOf(after);
    assert.deepEqual(afterPairs.map((p) => p.id), pairs.map((p) => p.id), 'ids and order kept');
    for (const p of afterPairs) if (p.id !== target.id) assert.deepEqual(p, pairs.find((q) => q.id === p.id), 'other pairs untouched');
    const p = afterPairs.find((q) => q.id === target.id)!;
    assert.equal(p.question, 'How do retries back off?');
    assert.equal(p.status, 'draft');
    assert.deepEqual(p.previous_scores, [0.2]);
    assert.equal(p.quality?.score, 0.91);
    assert.equal(p.generator.iteration, 1);
    assert.match(p.source.span_hash, /^[0-9a-f]{16}$/);
    assert.notEqual(p.source.span_hash, '0000000000000000', 'span hash follows the current file');
    assert.equal(after.filter((e) => e.kind === 'invalid').length, 1);
  });
});
