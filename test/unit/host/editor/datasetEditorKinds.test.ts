/** The dataset editor's kinds (rows, filter, summary), its quality banner's findings and their words. */
import { strict as assert } from 'node:assert';
import { pairToLine, PAIR_KINDS } from '../../../../src/core/dataset';
import { entriesToView, pairToRow } from '../../../../src/host/editor/datasetRows';
import { EDITOR_QUALITY_MAX_PAIRS, qualityBanner, qualityFindings } from '../../../../src/host/editor/qualityFindings';
import { kindLabel } from '../../../../src/shared/labels';
import { pairKind } from '../../../../src/shared/protocol';
import { DatasetModel, noFilter, summarize } from '../../../../webview/datasetEditor/model';
import { findingLine, findingsPerGate } from '../../../../webview/datasetEditor/quality';
import { pair } from '../../support/datasetFixtures';

const A = { path: 'docs/a.md', start_line: 3, end_line: 4, span_hash: '0123456789abcdef' };
const B = { path: 'docs/b.md', start_line: 10, end_line: 12, span_hash: 'fedcba9876543210' };
const SESSION = { session_file: 'transcripts/s.jsonl', session_id: 's1', message_indices: [0, 1], span_hash: '00000000000000aa' };

function fourKinds() {
  return [
    pair({ id: 'single' }),
    pair({ id: 'hop', kind: 'multi_hop', question: 'How do the kettle warranty and descaling relate?', source: A, sources: [A, B, SESSION] }),
    pair({ id: 'none', kind: 'unanswerable', question: 'Does the kettle have a Bluetooth app?' }),
    pair({ id: 'turn', kind: 'multi_turn', question: 'And for how long?', turns: [{ role: 'user', content: 'Is there a warranty?' }, { role: 'assistant', content: 'Yes.' }] }),
  ];
}

function rowsOf(pairs = fourKinds()) {
  return pairs.map((p, i) => pairToRow(p, i + 1));
}

describe('dataset editor kinds', () => {
  // that the views list the core's kinds in its order is pinned once, by PAIR_KIND_ORDER's test (pipelineKinds.test.ts)
  it('accepts every core kind as a pair kind, and nothing else', () => {
    for (const k of PAIR_KINDS) assert.ok(pairKind(k), k);
    assert.equal(pairKind('multihop'), false);
  });

  it('gives a row its kind, every span (primary first, sessions without lines) and its turns', () => {
    const [single, hop, , turn] = rowsOf();
    assert.equal(single.kind, 'single_hop');
    assert.deepEqual(single.sources, [{ source: 'docs/kettle.md', startLine: 3, endLine: 4 }]);
    assert.deepEqual(single.turns, []);
    assert.equal(hop.kind, 'multi_hop');
    assert.deepEqual(hop.sources, [
      { source: 'docs/a.md', startLine: 3, endLine: 4 },
      { source: 'docs/b.md', startLine: 10, endLine: 12 },
      { source: 'transcripts/s.jsonl', startLine: null, endLine: null },
    ]);
    assert.equal(hop.source, 'docs/a.md');
    assert.deepEqual(turn.turns, [{ role: 'user', content: 'Is there a warranty?' }, { role: 'assistant', content: 'Yes.' }]);
  });

  it('reads a line written before kinds as single_hop with its one source', () => {
    const text = `${pairToLine(pair({ id: 'old' }))}\n`;
    assert.ok(!text.includes('"kind"'));
    const { rows } = entriesToView([{ kind: 'pair', line: 1, pair: JSON.parse(text) }]);
    assert.equal(rows[0].kind, 'single_hop');
    assert.equal(rows[0].sources.length, 1);
  });

  it('filters rows by kind and combines the kind with the other filters', () => {
    const model = new DatasetModel();
    model.load(rowsOf(), [], 0.7, 1);
    const ids = (f: Partial<ReturnType<typeof noFilter>>) => model.apply({ ...noFilter(), ...f }).map((i) => model.rows[i].id);
    assert.deepEqual(ids({}), ['single', 'hop', 'none', 'turn']);
    assert.deepEqual(ids({ kind: 'multi_hop' }), ['hop']);
    assert.deepEqual(ids({ kind: 'multi_turn' }), ['turn']);
    assert.deepEqual(ids({ kind: 'single_hop', text: 'bluetooth' }), []);
    assert.deepEqual(ids({ kind: 'unanswerable', text: 'bluetooth' }), ['none']);
  });

  it('counts pairs per kind in the core order, leaving out kinds with no pair', () => {
    const rows = rowsOf([...fourKinds(), pair({ id: 'hop2', kind: 'multi_hop', source: A, sources: [A, B] }), pair({ id: 's2' }), pair({ id: 's3' })]);
    assert.deepEqual(summarize(rows).kinds, [['single_hop', 3], ['multi_hop', 2], ['unanswerable', 1], ['multi_turn', 1]]);
    assert.deepEqual(summarize(rowsOf([pair({ id: 'a' }), pair({ id: 'b' })])).kinds, [['single_hop', 2]]);
  });

  it('labels kinds as a reader writes them', () => {
    assert.deepEqual(PAIR_KINDS.map(kindLabel), ['single-hop', 'multi-hop', 'unanswerable', 'multi-turn']);
  });
});

describe('dataset editor quality banner', () => {
  const manifest = (extra: object = {}) => JSON.stringify({
    format_version: 1, dataset: 'd.qa.jsonl', root: '.', params: { question_types: ['factual'], difficulty: 'easy' },
    provider: 'offline', model: 'heuristic-v1', prompt_version: '1',
    sources: { 'docs/kettle.md': 'a'.repeat(64), 'docs/other.md': 'b'.repeat(64) },
    stats: { status: 'completed', calls: 0, cache_hits: 0, prompt_tokens: 0, completion_tokens: 0, cost_usd: 0, elapsed_ms: 0, pairs: 0, validated: 0, below_threshold: 0, average_quality: 0, iterations: 0 },
    created: '2026-01-01T00:00:00Z', updated: '2026-01-01T00:00:00Z', ...extra,
  });
  // Statements quoted from the contexts, so the quotes gate passes and each test sees the gate it is about.
  const grounded = (o: Parameters<typeof pair>[0]) => pair({ statements: ['The Lumen kettle comes with a two-year warranty.'], ...o });
  const text = (pairs = [grounded({ id: 'a' }), grounded({ id: 'b', question: 'How long is the warranty of the Lumen kettle??' })]) =>
    pairs.map((p) => `${pairToLine(p)}\n`).join('');

  it('reports the core gates over the document and the manifest beside it (the report of check --quality)', () => {
    const findings = qualityFindings(text(), manifest(), 'd.qa.manifest.json');
    const gates = findings.map((f) => f.gate).sort();
    assert.deepEqual(gates, ['coverage', 'near_duplicate']);
    const dup = findings.find((f) => f.gate === 'near_duplicate');
    assert.equal(dup?.line, 2);
    assert.match(dup?.message ?? '', /pair b is a near-duplicate of pair a on line 1/);
    assert.match(findings.find((f) => f.gate === 'coverage')?.message ?? '', /docs\/other\.md/);
  });

  it('without a manifest runs the gates that need none; an invalid manifest is a finding naming it and the field', () => {
    assert.deepEqual(qualityFindings(text(), undefined, 'd.qa.manifest.json').map((f) => f.gate), ['near_duplicate']);
    const bad = qualityFindings(text(), manifest({ format_version: 'one' }), 'd.qa.manifest.json');
    const problem = bad.find((f) => f.gate === 'manifest');
    assert.ok(problem, JSON.stringify(bad));
    assert.equal(problem.line, 0);
    assert.match(problem.message, /^d\.qa\.manifest\.json is invalid: .*format_version/);
    assert.ok(bad.some((f) => f.gate === 'near_duplicate'));
    assert.match(qualityFindings(text(), '{ not json', 'm.json')[0].message, /^m\.json is invalid: not valid JSON/);
  });

  it('passes a clean dataset, and skips malformed lines', () => {
    assert.deepEqual(qualityFindings(`${text([grounded({ id: 'a' })])}{"broken": \n`, undefined, 'm.json'), []);
  });

  it('words findings like the CLI and counts them per gate', () => {
    assert.equal(findingLine({ gate: 'near_duplicate', line: 7, message: 'm' }), 'line 7: quality near_duplicate: m');
    assert.equal(findingLine({ gate: 'coverage', line: 0, message: 'no pair draws on docs/x.md' }), 'dataset: quality coverage: no pair draws on docs/x.md');
    assert.equal(findingsPerGate([
      { gate: 'quotes', line: 1, message: '' }, { gate: 'coverage', line: 0, message: '' }, { gate: 'quotes', line: 2, message: '' },
    ]), 'quotes 2, coverage 1');
  });
});

describe('dataset editor quality banner on a large dataset', () => {
  it('does not run the gates above the limit, and says to run the CLI (keeping manifest problems)', () => {
    const text = [pair({ id: 'a' }), pair({ id: 'b' }), pair({ id: 'c' })].map((p) => `${pairToLine(p)}\n`).join('');
    const banner = qualityBanner(text, '{ not json', 'm.json', 2);
    assert.match(banner.skipped ?? '', /not computed in the editor for 3 pairs \(more than 2\): run qaforge check --quality/);
    assert.deepEqual(banner.findings.map((f) => f.gate), ['manifest']);
    assert.equal(qualityBanner(text, undefined, 'm.json', 3).skipped, undefined);
    assert.ok(EDITOR_QUALITY_MAX_PAIRS >= 100);
  });
});
