import { strict as assert } from 'node:assert';
import { pairsFromRun } from '../../../../src/core/dataset/fromRun';
import { buildManifest, manifestPathFor, parseManifest, serializeManifest, ManifestError } from '../../../../src/core/dataset/manifest';
import { lineSpanHash, messagesSpanHash } from '../../../../src/core/dataset/span';
import { parseDataset, serializeDataset, entriesOf } from '../../../../src/core/dataset/file';
import { checkStaleness } from '../../../../src/core/dataset/staleness';
import { resolveParams } from '../../../../src/core/domain/params';
import type { QAPair, RunResult } from '../../../../src/core/domain/records';

const DOC = 'Line one.\nDie Garantie beträgt zwei Jahre.\nLine three.\n';

function qa(over: Partial<QAPair>): QAPair {
  return {
    id: 'q1', question: 'Wie lange gilt die Garantie?', answer: 'Zwei Jahre.', questionType: 'factual', difficulty: 'easy',
    chunkId: 'c1', statementIds: ['s1', 'missing'], contexts: ['Die Garantie beträgt zwei Jahre.'],
    provenance: { kind: 'file', path: 'kettle.de.md', startLine: 2, endLine: 2, start: 10, end: 42, spanHash: 'aaaaaaaaaaaaaaaa' },
    quality: { score: 0.83333333, criteria: { grounded: 1, complete: 0.666666, relevant: 1, clear: 1, standalone: 0.5 }, feedback: 'ok' },
    iteration: 1, previousScores: [0.41234567],
    ...over,
  };
}

function run(pairs: QAPair[], validated: string[]): RunResult {
  return {
    status: 'completed', params: resolveParams({ num_pairs: 2 }), inputSource: 'documents', chunks: [],
    statements: [{ id: 's1', chunkId: 'c1', content: 'Die Garantie beträgt zwei Jahre.', start: 10, end: 42, alignment: 1 }],
    qaPairs: pairs, validatedQaPairs: pairs.filter((p) => validated.includes(p.id)),
    rejectedQaPairs: pairs.filter((p) => !validated.includes(p.id)),
    averageQuality: 0.7, currentIteration: 1, errors: [],
    usage: { calls: 12, cacheHits: 3, promptTokens: 1000, completionTokens: 200, costUsd: 0.00123456789 },
    provider: 'offline', model: 'heuristic-v1', promptVersion: '3', elapsedMs: 1234.6,
  };
}

describe('pairsFromRun', () => {
  const sessionPair = qa({
    id: 'q2', statementIds: [], previousScores: [], quality: undefined,
    provenance: { kind: 'session', file: 'chat.json', sessionId: 's1', messageIndices: [1], spanHash: 'bbbbbbbbbbbbbbbb' },
  });
  const result = run([qa({}), sessionPair], ['q1']);
  const sessions = [{ file: 'chat.json', id: 's1', metadata: {}, messages: [{ role: 'user', content: 'Hallo' }, { role: 'assistant', content: 'Zwei Jahre.' }] }];

  it('converts every pair (validated or not) to a draft with the pipeline id, statements, rounded quality and history', () => {
    const [file, session] = pairsFromRun(result, { sourceText: (p) => (p === 'kettle.de.md' ? DOC : undefined), sessions, mapPath: (p) => `docs/${p}` });
    assert.equal(file.id, 'q1');
    assert.equal(file.status, 'draft');
    assert.deepEqual(file.statements, ['Die Garantie beträgt zwei Jahre.']);
    assert.deepEqual(file.source, { path: 'docs/kettle.de.md', start_line: 2, end_line: 2, span_hash: lineSpanHash(DOC, 2, 2) });
    assert.equal(file.quality!.score, 0.8333);
    assert.equal(file.quality!.criteria.complete, 0.6667);
    assert.deepEqual(file.previous_scores, [0.4123]);
    assert.deepEqual(file.generator, { provider: 'offline', model: 'heuristic-v1', prompt_version: '3', iteration: 1 });
    assert.deepEqual(session.source, { session_file: 'docs/chat.json', session_id: 's1', message_indices: [1], span_hash: messagesSpanHash([sessions[0].messages[1]]) });
    assert.equal(session.quality, null);
    assert.equal('previous_scores' in session, false);
  });

  it('writes pairs that parse back valid and that check as fresh against the same sources', async () => {
    const pairs = pairsFromRun(result, { sourceText: () => DOC, sessions });
    const entries = parseDataset(serializeDataset(entriesOf(pairs)));
    assert.deepEqual(entries.map((e) => e.kind), ['pair', 'pair']);
    const reports = await checkStaleness(pairs, async (p) => (p === 'kettle.de.md' ? DOC : '{}'), { parseSessions: () => sessions });
    assert.deepEqual(reports.map((r) => r.state), ['ok', 'ok']);
  });

  it('stores pdf spans as lines of the extracted text, with the page, so check can recompute them', async () => {
    const pages = ['Page one line.\nSecond line.', 'Die Garantie beträgt drei Jahre.\nEnd.'];
    const text = pages.join('\n\n');
    const start = text.indexOf('Die Garantie');
    const end = start + 'Die Garantie beträgt drei Jahre.'.length;
    const pdf = qa({ provenance: { kind: 'file', path: 'manual.pdf', startLine: 1, endLine: 1, start, end, page: 2, spanHash: 'cccccccccccccccc' } });
    const [p] = pairsFromRun(run([pdf], ['q1']), { sourceText: () => text });
    assert.deepEqual(p.source, { path: 'manual.pdf', start_line: 4, end_line: 4, span_hash: lineSpanHash(text, 4, 4), page: 2 });
    assert.equal(parseDataset(serializeDataset(entriesOf([p])))[0].kind, 'pair');
    assert.equal((await checkStaleness([p], async () => text))[0].state, 'ok');
    const [moved] = await checkStaleness([p], async () => `New first line.\n${text}`);
    assert.deepEqual(moved.moved, { path: 'manual.pdf', start_line: 5, end_line: 5, span_hash: lineSpanHash(text, 4, 4) });
  });

  it('keeps the pipeline span hash when the source text is unknown, and can keep only validated pairs', () => {
    const pairs = pairsFromRun(result, { validatedOnly: true, provider: 'openai', model: 'gpt-x' });
    assert.deepEqual(pairs.map((p) => p.id), ['q1']);
    assert.equal((pairs[0].source as { span_hash: string }).span_hash, 'aaaaaaaaaaaaaaaa');
    assert.equal(pairs[0].generator.provider, 'openai');
  });
});

describe('dataset manifest', () => {
  const result = run([qa({})], ['q1']);

  it('names the sidecar after the dataset', () => {
    assert.equal(manifestPathFor('tests/datasets/docs.qa.jsonl'), 'tests/datasets/docs.qa.manifest.json');
    assert.equal(manifestPathFor('x.jsonl'), 'x.jsonl.manifest.json');
  });

  it('records snake_case params, model, prompt version, sources and run stats, and round-trips through the schema', () => {
    const m = buildManifest({ result, dataset: 'docs.qa.jsonl', root: '../..', sources: { 'b.md': 'b'.repeat(64), 'a.md': 'a'.repeat(64) }, now: new Date('2026-01-02T03:04:05Z') });
    assert.equal(m.params.num_pairs, 2);
    assert.equal(m.params.validation_threshold, 0.7);
    assert.deepEqual(Object.keys(m.sources), ['a.md', 'b.md']);
    assert.deepEqual(m.stats, {
      status: 'completed', calls: 12, cache_hits: 3, prompt_tokens: 1000, completion_tokens: 200, cost_usd: 0.001235,
      elapsed_ms: 1235, pairs: 1, validated: 1, below_threshold: 0, average_quality: 0.7, iterations: 1,
    });
    assert.deepEqual(parseManifest(serializeManifest(m)), m);
  });

  it('records the prompt tokens served from the provider\'s cache, only when there were any', () => {
    const cachedRun = { ...result, usage: { ...result.usage, cachedPromptTokens: 640 } };
    const m = buildManifest({ result: cachedRun, dataset: 'docs.qa.jsonl', root: '.', sources: { 'a.md': 'a'.repeat(64) } });
    assert.equal(m.stats.cached_prompt_tokens, 640);
    assert.deepEqual(Object.keys(m.stats).slice(3, 6), ['prompt_tokens', 'cached_prompt_tokens', 'completion_tokens']);
    assert.deepEqual(parseManifest(serializeManifest(m)), m);
    assert.equal('cached_prompt_tokens' in buildManifest({ result, dataset: 'd.qa.jsonl', root: '.', sources: {} }).stats, false);
  });

  it('keeps created and earlier sources when a later run updates it', () => {
    const first = buildManifest({ result, dataset: 'd.qa.jsonl', root: '.', sources: { 'a.md': 'a'.repeat(64) }, now: new Date('2026-01-01T00:00:00Z') });
    const second = buildManifest({ result, dataset: 'd.qa.jsonl', root: '.', sources: { 'b.md': 'b'.repeat(64) }, previous: first, now: new Date('2026-02-01T00:00:00Z') });
    assert.equal(second.created, '2026-01-01T00:00:00.000Z');
    assert.equal(second.updated, '2026-02-01T00:00:00.000Z');
    assert.deepEqual(Object.keys(second.sources), ['a.md', 'b.md']);
  });

  it('refuses a manifest with a bad field, naming it', () => {
    const m = buildManifest({ result, dataset: 'd.qa.jsonl', root: '.', sources: { 'a.md': 'not-a-hash' } });
    assert.throws(() => parseManifest(serializeManifest(m)), (e: unknown) => e instanceof ManifestError && /sources\.a\.md must match pattern/.test(e.message));
    assert.throws(() => parseManifest('{'), /not valid JSON/);
  });
});
