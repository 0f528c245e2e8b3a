/**
 * The one regeneration path (core use case, used by the Regenerate commands and the dataset editor): what it
 * chooses, what it asks, why nothing changed when nothing did, and provenance that agrees with the new answer.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runGenerate } from '../../../../src/cli/generate/job';
import { parseDataset, pairsOf } from '../../../../src/core/dataset/file';
import { lineSpanHash } from '../../../../src/core/dataset/span';
import { regeneratedPair, toQaPair } from '../../../../src/core/dataset/regeneration';
import { sourceReader } from '../../../../src/core/dataset/sources';
import { checkStaleness } from '../../../../src/core/dataset/staleness';
import { isSessionSource, type DatasetPair } from '../../../../src/core/dataset/types';
import { resolveParams } from '../../../../src/core/domain/params';
import { createLlm } from '../../../../src/core/llm/factory';
import { regenerateInDataset, type RegenerateRequest } from '../../../../src/core/usecases/regenerateInDataset';
import { editField } from '../../../../src/host/editor/pairEdits';
import { makeDocx } from '../../support/ingestFixtures';

const DOC = [
  '# Lumen kettle', '',
  'The Lumen kettle boils 1.7 litres of water in four minutes.',
  'The kettle switches itself off when the water boils.', '',
  '## Care', '',
  'The warranty of the Lumen kettle lasts two years from the date of purchase.',
  'Descaling the kettle every month keeps the temperature sensor accurate.',
  'Rinse the filter under warm water once a week to keep limescale out of the spout.', '',
].join('\n');

describe('dataset regeneration: one path for the commands and the editor', function () {
  this.timeout(30000);
  let root: string;
  const params = resolveParams({ numPairs: 4, maxReflectionIterations: 1 });
  const out = () => path.join(root, 'tests/datasets/k.qa.jsonl');
  const pairsInFile = (): DatasetPair[] => pairsOf(parseDataset(fs.readFileSync(out(), 'utf8')));

  beforeEach(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'qaforge-regen-'));
    fs.mkdirSync(path.join(root, 'docs'));
    fs.writeFileSync(path.join(root, 'docs/kettle.md'), DOC);
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  async function generate(paths = [path.join(root, 'docs')], runParams = params): Promise<DatasetPair[]> {
    await runGenerate({
      paths, sessionFiles: [], out: out(), root, params: runParams, llm: createLlm({ provider: 'offline' }), ingest: {},
      replaceReviewed: false, verbose: false, log: () => undefined,
    });
    return pairsInFile();
  }

  const request = (pairs: DatasetPair[], over: Partial<RegenerateRequest>): RegenerateRequest => ({
    pairs, scope: 'stale', read: sourceReader(root), params, llm: createLlm({ provider: 'offline' }), ...over,
  });

  it('a regenerated stale pair points at the lines its new contexts come from, with their statements (Go to Source selects them)', async () => {
    const before = await generate();
    const target = before.find((p) => !isSessionSource(p.source) && p.statements.some((s) => /warranty/.test(s)));
    assert.ok(target, 'a pair about the warranty sentence of the Care section');
    // Insert lines above and rewrite the pair's sentences: its old range now holds other text.
    const changed = DOC.replace('## Care', '## Care\n\nRead this before the first use.\n')
      .replace('lasts two years from the date of purchase', 'lasts three years when the kettle is registered online');
    fs.writeFileSync(path.join(root, 'docs/kettle.md'), changed);
    const stale = await checkStaleness(before, sourceReader(root));
    assert.ok(stale.some((r) => r.id === target.id && r.state === 'stale'), 'the pair is stale after the edit');

    const result = await regenerateInDataset(request(before, { scope: 'selected', ids: [target.id] }));
    const next = result.updated.get(target.id);
    assert.ok(next, result.whyNothing);
    assert.ok(!isSessionSource(next.source));
    const lines = changed.split('\n').slice(next.source.start_line - 1, next.source.end_line).join('\n');
    for (const context of next.contexts) assert.ok(lines.includes(context.trim()), `context ${JSON.stringify(context)} is outside lines ${next.source.start_line}-${next.source.end_line}`);
    assert.equal(next.source.span_hash, lineSpanHash(changed, next.source.start_line, next.source.end_line));
    assert.ok(next.statements.length > 0);
    assert.notDeepEqual(next.statements, target.statements, 'the statements are the ones the new answer rests on');
    // After writing it, Check Dataset says it is current.
    const after = await checkStaleness(before.map((p) => (p.id === target.id ? next : p)), sourceReader(root));
    assert.equal(after.find((r) => r.id === target.id)?.state, 'ok');
  });

  it('a stale pair is current again after regeneration, even when its question and answer come back the same', async () => {
    const before = await generate();
    const target = before.find((p) => !isSessionSource(p.source) && p.statements.some((s) => /warranty/.test(s)));
    assert.ok(target && !isSessionSource(target.source));
    // the line under the pair changed, but not the fact its question and answer rest on
    const changed = DOC.replace('lasts two years', 'lasts two full years');
    const next = { ...toQaPair(target), contexts: target.contexts.map((c) => c.replace('lasts two years', 'lasts two full years')) };
    const llm = createLlm({ provider: 'offline' });
    assert.equal(regeneratedPair(target, next, llm, changed), undefined, 'the same words bring nothing new to a current pair');
    const refreshed = regeneratedPair(target, next, llm, changed, new Map(), [], true);
    assert.ok(refreshed && !isSessionSource(refreshed.source), 'a stale one gets its spans refreshed');
    assert.equal(refreshed.source.span_hash, lineSpanHash(changed, refreshed.source.start_line, refreshed.source.end_line));
    fs.writeFileSync(path.join(root, 'docs/kettle.md'), changed);
    const after = await checkStaleness(before.map((p) => (p.id === target.id ? refreshed : p)), sourceReader(root));
    assert.equal(after.find((r) => r.id === target.id)?.state, 'ok');
  });

  it('a multi-hop pair whose second source changed is regenerated from both sources, stays multi-hop and is current again', async () => {
    fs.writeFileSync(path.join(root, 'docs/descaling.md'), [
      '# Descaling the Lumen kettle', '',
      'Descaling removes limescale from the temperature sensor of the Lumen kettle.',
      'Use the Lumen descaler tablets; vinegar damages the seal.', '',
    ].join('\n'));
    const before = await generate([path.join(root, 'docs')], resolveParams({ numPairs: 4, maxReflectionIterations: 1, kinds: { multi_hop: 1 } }));
    const target = before.find((p) => p.kind === 'multi_hop' && p.sources?.length === 2 && !isSessionSource(p.sources[1]));
    assert.ok(target, before.map((p) => `${p.kind} ${p.sources?.length}`).join(', '));
    const second = target.sources![1] as { path: string; start_line: number };
    const file = path.join(root, second.path);
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines[second.start_line - 1] = `${lines[second.start_line - 1]} It takes ten minutes.`;
    fs.writeFileSync(file, lines.join('\n'));
    const stale = await checkStaleness(before, sourceReader(root));
    assert.equal(stale.find((r) => r.id === target.id)?.state, 'stale', 'a changed second source makes it stale');

    const result = await regenerateInDataset(request(before, { scope: 'selected', ids: [target.id] }));
    assert.deepEqual(result.errors.filter((e) => /further sources/.test(e.message)), []);
    const next = result.updated.get(target.id);
    assert.ok(next, result.whyNothing);
    assert.equal(next.kind, 'multi_hop');
    assert.equal(next.sources?.length, 2);
    assert.deepEqual(next.sources![0], next.source);
    assert.equal(next.contexts.length, 2);
    const after = await checkStaleness(before.map((p) => (p.id === target.id ? next : p)), sourceReader(root));
    assert.equal(after.find((r) => r.id === target.id)?.state, 'ok', 'both spans current after the regeneration');
  });

  it('reviewed pairs in a selection are regenerated only after a yes; bulk scopes say why nothing changed', async () => {
    const before = await generate();
    const accepted = before.map((p) => ({ ...p, status: 'accepted' as const, quality: p.quality && { ...p.quality, score: 0.1 } }));
    const ids = [accepted[0].id];
    let asked = 0;
    const no = await regenerateInDataset(request(accepted, { scope: 'selected', ids, hooks: { confirmReviewed: async () => { asked++; return false; } } }));
    assert.equal(asked, 1);
    assert.equal(no.updated.size, 0);
    assert.equal(no.keptReviewed, 1);
    assert.match(no.whyNothing ?? '', /reviewed/);

    const yes = await regenerateInDataset(request(accepted, { scope: 'selected', ids, hooks: { confirmReviewed: async () => true } }));
    assert.equal(yes.chosen, 1);
    assert.equal(yes.updated.get(ids[0])?.status, 'draft', 'a regenerated pair needs a new review');

    const bulk = await regenerateInDataset(request(accepted, { scope: 'below-threshold' }));
    assert.equal(bulk.chosen, 0);
    assert.match(bulk.whyNothing ?? '', /reviewed .* select them/);
    const none = await regenerateInDataset(request(before, { scope: 'stale' }));
    assert.equal(none.whyNothing, 'no pair is stale');
  });

  it('docx pairs are current when their file did not change (the reader of Check Dataset, not raw bytes)', async () => {
    fs.writeFileSync(path.join(root, 'docs/brief.docx'), await makeDocx([
      'The Lumen kettle boils 1.7 litres of water in four minutes.',
      'The warranty of the Lumen kettle lasts two years from the date of purchase.',
    ]));
    const pairs = (await generate([path.join(root, 'docs/brief.docx')])).filter((p) => !isSessionSource(p.source) && p.source.path.endsWith('.docx'));
    assert.ok(pairs.length > 0);
    const result = await regenerateInDataset(request(pairs, { scope: 'stale' }));
    assert.deepEqual(result.staleBefore, []);
    assert.equal(result.whyNothing, 'no pair is stale');
  });

  it('editing a rejected pair keeps it rejected; editing a draft marks it edited', () => {
    const [draft] = pairsOf(parseDataset(JSON.stringify({ ...samplePair(), status: 'draft' })));
    assert.equal(editField({ ...draft, status: 'rejected' }, 'answer', 'Fixed.').status, 'rejected');
    assert.equal(editField(draft, 'answer', 'Fixed.').status, 'edited');
  });
});

function samplePair(): DatasetPair {
  return {
    id: 'p1', question: 'How long is the warranty?', answer: 'Two years.', question_type: 'factual', difficulty: 'easy',
    contexts: ['The warranty lasts two years.'], statements: ['The warranty lasts two years.'],
    source: { path: 'docs/kettle.md', start_line: 8, end_line: 8, span_hash: '0123456789abcdef' },
    quality: null, status: 'draft', generator: { provider: 'offline', model: 'heuristic-v1', prompt_version: '1', iteration: 0 },
  };
}
