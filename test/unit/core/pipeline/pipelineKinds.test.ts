/**
 * Kinds beside single_hop through the pipeline: num_pairs split over the asked shares, each kind asked for in
 * generate_kind_questions, carried through answers, validation (its kind check) and revision, and written into
 * dataset pairs with their kind, turns and every source. Runs without kinds stay as they were.
 */
import { strict as assert } from 'node:assert';
import { OfflineEngine, QAWorkflowGraph, documentFromText, entriesOf, regeneratePairs, pairsFromRun, pairsOf, resolveParams, serializeDataset, parseDataset, taskSchema } from '../../../../src/core';
import type { PairVerdict, SourceDocument } from '../../../../src/core';
import { kindCounts } from '../../../../src/core/pipeline/nodes/kindQuestions';
import { toQaPair } from '../../../../src/core/dataset/regeneration';
import { lexicalLinks, pickLinks } from '../../../../src/core/pipeline/chunkLinks';
import { FakeLlm, defaultHandler, paragraphChunker } from '../../../support/fakeLlm';

const ROUTER = [
  'The Aurora router supports WPA3 encryption on its guest network. It has four gigabit Ethernet ports.',
  'Firmware updates of the Aurora router install automatically every night at 03:00. A failed update rolls back to the previous firmware.',
].join('\n\n');
const GUESTS = [
  'The guest network of the Aurora router is isolated from the main network. Guests get a separate password.',
  'Bandwidth for the guest network can be capped in the settings under Guests. The cap applies to every guest device.',
].join('\n\n');
const DOCS: SourceDocument[] = [documentFromText('router.md', ROUTER), documentFromText('guests.md', GUESTS)];
const KINDS = { single_hop: 0.4, multi_hop: 0.3, unanswerable: 0.2, multi_turn: 0.1 };

describe('pipeline: kinds', () => {
  it('splits num_pairs over the kinds by largest remainder, in the kinds\' order', () => {
    const counts = (n: number, kinds: Record<string, number>) => Object.fromEntries(kindCounts(resolveParams({ num_pairs: n, kinds })));
    assert.deepEqual(counts(10, KINDS), { single_hop: 4, multi_hop: 3, unanswerable: 2, multi_turn: 1 });
    assert.deepEqual(counts(7, KINDS), { single_hop: 3, multi_hop: 2, unanswerable: 1, multi_turn: 1 });
    assert.deepEqual(counts(3, { multi_hop: 1 }), { multi_hop: 3 });
    assert.deepEqual(Object.fromEntries(kindCounts(resolveParams({ num_pairs: 5 }))), { single_hop: 5 }, 'no kinds: all single_hop');
  });

  it('without kinds, no kind task is called and validation has no kind_check', async () => {
    const llm = new FakeLlm();
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker }).runFromDocuments(DOCS, { num_pairs: 3 });
    assert.equal(llm.callsOf('generate_kind_questions').length, 0);
    const schema = JSON.stringify(taskSchema('validate_pairs', llm.callsOf('validate_pairs')[0].input));
    assert.ok(!schema.includes('kind_check'));
    assert.ok(r.qaPairs.every((p) => p.kind === undefined && p.turns === undefined && p.moreChunkIds === undefined));
  });

  it('asks for each kind over the right chunks and carries it to every stage', async () => {
    const llm = new FakeLlm();
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker }).runFromDocuments(DOCS, { num_pairs: 10, kinds: KINDS, max_reflection_iterations: 0 });
    assert.equal(r.status, 'completed');
    const byKind = (k: string | undefined) => r.validatedQaPairs.filter((p) => p.kind === k);
    assert.deepEqual([byKind(undefined).length, byKind('multi_hop').length, byKind('unanswerable').length, byKind('multi_turn').length], [4, 3, 2, 1]);

    const requests = llm.callsOf('generate_kind_questions').flatMap((c) => c.input.requests);
    assert.ok(requests.filter((q) => q.kind === 'multi_hop').every((q) => q.chunk_ids.length === 2), 'a multi_hop request joins two linked chunks');
    assert.ok(requests.filter((q) => q.kind !== 'multi_hop').every((q) => q.chunk_ids.length === 1));
    // with margin where the corpus allows: more asked than needed
    assert.ok(requests.filter((q) => q.kind === 'unanswerable').reduce((n, q) => n + q.count, 0) > 2);

    for (const p of byKind('multi_hop')) {
      assert.ok(p.moreChunkIds && p.moreChunkIds.length >= 1 && !p.moreChunkIds.includes(p.chunkId), 'distinct further chunks');
      assert.equal(p.contexts.length, 1 + p.moreChunkIds!.length, 'one context per chunk');
      assert.equal(p.moreProvenance?.length, p.moreChunkIds!.length);
    }
    for (const p of byKind('multi_turn')) assert.ok(p.turns && p.turns.length >= 2 && p.turns[0].role === 'user');

    const answered = llm.callsOf('generate_answers').flatMap((c) => c.input.questions);
    const multiHop = answered.find((q) => q.kind === 'multi_hop');
    assert.ok(multiHop?.more_evidence_ids?.length, 'answers get the further bodies of a multi_hop question');
    const call = llm.callsOf('generate_answers').find((c) => c.input.questions.includes(multiHop!))!;
    assert.ok(multiHop!.more_evidence_ids!.every((id) => call.input.evidence.some((e) => e.evidence_id === id)));
    assert.ok(answered.find((q) => q.kind === 'multi_turn')?.turns?.length);
    assert.ok(answered.filter((q) => !q.kind).every((q) => !('turns' in q) && !('more_evidence_ids' in q)), 'single_hop items unchanged');
    const validation = llm.callsOf('validate_pairs')[0];
    assert.ok(JSON.stringify(taskSchema('validate_pairs', validation.input)).includes('kind_check'));
  });

  it('drops a multi_hop pair one passage answers and an answerable unanswerable one, as rejected and not relabelled, and tops each kind up', async () => {
    let failed = 0;
    const validate = (input: Parameters<ReturnType<typeof defaultHandler<'validate_pairs'>>>[0], call: number, request: Parameters<ReturnType<typeof defaultHandler<'validate_pairs'>>>[2]) => {
      const reply = defaultHandler('validate_pairs')(input, call, request) as { verdicts: PairVerdict[] };
      return { verdicts: reply.verdicts.map((v, i) => {
        const kind = input.pairs[i].kind;
        const fails = call === 0 && (kind === 'multi_hop' || kind === 'unanswerable') && failed++ < 2;
        return { ...v, kind_check: fails ? 'fails' as const : 'holds' as const };
      }) };
    };
    const llm = new FakeLlm({ handlers: { validate_pairs: validate } });
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker }).runFromDocuments(DOCS, { num_pairs: 10, kinds: KINDS, max_reflection_iterations: 0 });
    const dropped = r.rejectedQaPairs.filter((p) => p.quality?.verdict === 'drop');
    assert.equal(dropped.length, 2);
    for (const p of dropped) {
      assert.ok(p.kind === 'multi_hop' || p.kind === 'unanswerable', 'kept its kind');
      assert.match(p.quality!.feedback, p.kind === 'multi_hop' ? /^Not multi-hop/ : /^Answerable/);
    }
    const kinds = (k: string) => r.validatedQaPairs.filter((p) => (p.kind ?? 'single_hop') === k).length;
    assert.equal(kinds('single_hop'), 4, 'the top-up does not fill a kind\'s shortfall with single_hop pairs');
    assert.equal(kinds('multi_hop') + kinds('unanswerable'), 5, 'each dropped pair was replaced by one of its own kind');
    const topUp = llm.callsOf('generate_kind_questions').at(-1)!.input;
    assert.ok(topUp.avoid_questions.length >= 10, 'the top-up avoids the questions already asked');
  });

  it('rejects reply questions that break their kind\'s shape (multi_hop over one chunk, multi_turn without turns)', async () => {
    const llm = new FakeLlm({ handlers: { generate_kind_questions: (input) => ({ questions: input.requests.map((q) => ({
      request_id: q.request_id, turns: [], question: `Broken ${q.request_id}?`, sources: [{ chunk_id: q.chunk_ids[0], statement_indices: [0] }],
    })).filter((_q, i) => input.requests[i].kind !== 'unanswerable') }) } });
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker }).runFromDocuments(DOCS, { num_pairs: 4, kinds: { multi_hop: 0.5, multi_turn: 0.5 }, max_reflection_iterations: 0 });
    assert.equal(r.qaPairs.length, 0);
    assert.ok(r.errors.some((e) => /only 0 of the 2 requested multi_hop questions/.test(e.message)), JSON.stringify(r.errors));
  });

  it('keeps only multi_turn conversations that alternate from the user to the assistant, so the final question is the user\'s next turn', async () => {
    const shapes = [
      [['user', 'a'], ['assistant', 'b']],
      [['user', 'a'], ['assistant', 'b'], ['user', 'c']],
      [['assistant', 'a'], ['user', 'b']],
      [['user', 'a'], ['assistant', 'b'], ['user', 'c'], ['assistant', 'd']],
    ] as const;
    const llm = new FakeLlm({ handlers: { generate_kind_questions: (input) => ({ questions: input.requests.flatMap((q) => shapes.map((turns, i) => ({
      request_id: q.request_id, turns: turns.map(([role, content]) => ({ role, content })), question: `And what about shape ${i} of ${q.request_id}?`,
      sources: [{ chunk_id: q.chunk_ids[0], statement_indices: [0] }],
    }))) }) } });
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker }).runFromDocuments(DOCS, { num_pairs: 20, kinds: { multi_turn: 1 }, max_reflection_iterations: 0 });
    assert.ok(r.qaPairs.length > 0);
    assert.ok(r.qaPairs.every((p) => /shape [03] /.test(p.question)), r.qaPairs.map((p) => p.question).join('\n'));
  });

  it('runs no top-up round for multi_hop questions once every chunk link is used', async () => {
    const llm = new FakeLlm();
    const two = [documentFromText('a.md', 'The Zephyr cache stores map tiles on disk.'), documentFromText('b.md', 'Clear the Zephyr cache from the console.')];
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker }).runFromDocuments(two, { num_pairs: 3, kinds: { multi_hop: 1 }, max_reflection_iterations: 0 });
    assert.equal(r.qaPairs.filter((p) => p.kind === 'multi_hop').length, 1, 'the one link gives one question');
    assert.equal(llm.callsOf('generate_kind_questions').length, 1, 'no second round over the same link');
    assert.ok(r.errors.some((e) => /only 1 of the 3 requested multi_hop questions .*declined, never forced/.test(e.message)), 'the warning says why it is short');
    assert.equal(llm.callsOf('validate_pairs').length, 1);
  });

  it('checks an unanswerable question against the chunk elsewhere most likely to answer it too', async () => {
    const llm = new FakeLlm();
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker }).runFromDocuments(DOCS, { num_pairs: 2, kinds: { unanswerable: 1 }, max_reflection_iterations: 0 });
    const pairs = r.qaPairs.filter((p) => p.kind === 'unanswerable');
    assert.ok(pairs.length > 0);
    for (const p of pairs) {
      assert.equal(p.moreChunkIds?.length, 1, 'one more chunk to check');
      assert.notEqual(p.moreChunkIds![0], p.chunkId);
      assert.equal(p.contexts.length, 1, 'the passage checked against is not its evidence');
      const own = new Set(r.statements.filter((s) => s.chunkId === p.chunkId).map((s) => s.id));
      assert.ok(p.statementIds.length > 0 && p.statementIds.every((id) => own.has(id)), 'nor are its statements');
    }
    const validated = llm.callsOf('validate_pairs').flatMap((c) => c.input.pairs).filter((p) => p.kind === 'unanswerable');
    assert.ok(validated.every((p) => p.more_evidence_ids?.length === 1), 'validation reads both passages');
    assert.match(llm.callsOf('validate_pairs')[0].request.messages[0].content, /nor by any of `more_evidence_ids`/);
    assert.ok(pairsFromRun(r).filter((p) => p.kind === 'unanswerable').every((p) => p.sources === undefined), 'the file cites its own span only');
  });

  it('the kind questions\' reply schema binds each request to its own chunks and kind shape', () => {
    const schema = taskSchema('generate_kind_questions', {
      difficulty: 'medium', avoid_questions: [],
      chunks: [{ chunk_id: 'c1', statements: [{ index: 0, text: 'A.' }, { index: 3, text: 'B.' }] }, { chunk_id: 'c2', statements: [{ index: 1, text: 'C.' }] }],
      requests: [
        { request_id: 'r1', kind: 'multi_hop', chunk_ids: ['c1', 'c2'], question_type: 'factual', count: 1 },
        { request_id: 'r2', kind: 'multi_turn', chunk_ids: ['c2'], question_type: 'factual', count: 1 },
      ],
    }) as { properties: { questions: { items: { anyOf: Array<{ properties: Record<string, { minItems?: number; maxItems?: number; items: unknown }> }> } } } };
    const [hop, turn] = schema.properties.questions.items.anyOf;
    assert.equal(hop.properties.sources.minItems, 2);
    assert.equal(hop.properties.turns.maxItems, 0);
    assert.match(JSON.stringify(hop.properties.sources.items), /"enum":\["c1"\].*"enum":\[0,3\].*"enum":\["c2"\].*"enum":\[1\]/);
    assert.equal(turn.properties.turns.minItems, 2);
    assert.equal(turn.properties.sources.minItems, 1);
  });

  it('links chunks by shared rare terms, across files first, spreading the links over the chunks', () => {
    const chunk = (id: string, path: string) => ({ id, path, docIndex: 0, text: '', start: 0, end: 0, tokens: 1, provenance: { kind: 'file' as const, path, startLine: 1, endLine: 1, start: 0, end: 0, spanHash: id } });
    const st = (chunkId: string, content: string) => ({ id: `${chunkId}-${content}`, chunkId, content, start: 0, end: 0, alignment: 1 });
    const material = [
      { chunk: chunk('a', 'x.md'), statements: [st('a', 'The Zephyr cache stores tiles.')] },
      { chunk: chunk('b', 'x.md'), statements: [st('b', 'The Zephyr cache expires hourly.')] },
      { chunk: chunk('c', 'y.md'), statements: [st('c', 'Clear the Zephyr cache from the console.')] },
      { chunk: chunk('d', 'y.md'), statements: [st('d', 'Billing invoices arrive monthly.')] },
    ];
    const links = lexicalLinks(material);
    assert.ok(links.every((l) => !l.chunks.some((c) => c.id === 'd')), 'a chunk sharing no rare term is not linked');
    const best = pickLinks(links, 1, material.length)[0];
    assert.notEqual(best.chunks[0].path, best.chunks[1].path, 'a cross-file link wins a tie');
    // two links over four chunks: one each at first; a chunk is used twice only because no other link is left
    const two = pickLinks(links, 2, material.length);
    assert.equal(two.length, 2);
    assert.equal(new Set(two.flatMap((l) => l.chunks.map((c) => c.id))).size, 3);
  });

  it('the offline engine writes every kind, labelled, and the dataset file round-trips kind, turns and sources', async () => {
    const r = await new QAWorkflowGraph({ llm: new OfflineEngine(), chunker: paragraphChunker }).runFromDocuments(DOCS, { num_pairs: 10, kinds: KINDS });
    const pairs = pairsFromRun(r);
    const kinds = new Set(pairs.map((p) => p.kind ?? 'single_hop'));
    assert.deepEqual([...kinds].sort(), ['multi_hop', 'multi_turn', 'single_hop', 'unanswerable']);
    assert.ok(pairs.every((p) => p.generator.provider === 'offline'));
    const unanswerable = pairs.find((p) => p.kind === 'unanswerable')!;
    assert.match(unanswerable.answer, /^This is not documented\./);
    const multiHop = pairs.find((p) => p.kind === 'multi_hop')!;
    assert.ok(multiHop.sources && multiHop.sources.length >= 2);
    assert.deepEqual(multiHop.sources[0], multiHop.source, 'the primary span first');
    const text = serializeDataset(entriesOf(pairs));
    assert.equal(serializeDataset(parseDataset(text)), text, 'canonical: read back and written again, the same bytes');
    const back = pairsOf(parseDataset(text)).find((p) => p.id === multiHop.id)!;
    assert.deepEqual([back.kind, back.sources], [multiHop.kind, multiHop.sources]);
    const turn = pairsOf(parseDataset(text)).find((p) => p.kind === 'multi_turn')!;
    assert.ok(turn.turns && turn.turns.length >= 2);
  });

  it('regeneration keeps a pair\'s kind: an unanswerable pair is revised as unanswerable, a multi_hop pair without its further texts is kept as it is and said so', async () => {
    const r = await new QAWorkflowGraph({ llm: new OfflineEngine(), chunker: paragraphChunker }).runFromDocuments(DOCS, { num_pairs: 10, kinds: KINDS });
    const pairs = pairsFromRun(r);
    const unanswerable = toQaPair(pairs.find((p) => p.kind === 'unanswerable')!);
    const multiHop = toQaPair(pairs.find((p) => p.kind === 'multi_hop')!);
    assert.equal(unanswerable.kind, 'unanswerable');
    const llm = new FakeLlm();
    const out = await regeneratePairs([{ pair: unanswerable, sourceText: ROUTER }, { pair: multiHop, sourceText: ROUTER }], { max_reflection_iterations: 1 }, { llm }, {});
    const revised = llm.callsOf('revise_questions').flatMap((c) => c.input.pairs);
    assert.deepEqual(revised.map((p) => p.kind), ['unanswerable'], 'only the unanswerable pair is regenerated, with its kind');
    assert.equal(out.pairs[0].kind, 'unanswerable');
    assert.deepEqual(out.pairs[1], multiHop, 'the multi_hop pair comes back unchanged');
    assert.ok(out.errors.some((e) => e.subject === multiHop.id && /texts of its further sources were not given/.test(e.message)));
  });

  it('regenerates a multi_hop pair from every one of its sources, and it stays multi-hop', async () => {
    const r = await new QAWorkflowGraph({ llm: new OfflineEngine(), chunker: paragraphChunker }).runFromDocuments(DOCS, { num_pairs: 10, kinds: KINDS });
    const original = pairsFromRun(r).find((p) => p.kind === 'multi_hop')!;
    const pair = toQaPair(original);
    assert.equal(pair.moreProvenance?.length, original.sources!.length - 1);
    const llm = new FakeLlm();
    const out = await regeneratePairs([{ pair, sourceText: original.contexts[0], moreSourceTexts: original.contexts.slice(1) }], { max_reflection_iterations: 1 }, { llm }, {});
    const revised = llm.callsOf('revise_questions').flatMap((c) => c.input.pairs);
    assert.equal(revised.length, 1);
    assert.equal(revised[0].kind, 'multi_hop');
    assert.equal(revised[0].more_evidence_ids?.length, 1, 'the revision sees its further body');
    const again = out.pairs[0];
    assert.equal(again.kind, 'multi_hop');
    assert.equal(again.contexts.length, 2, 'one context per source, not the old ones again');
    assert.deepEqual(again.moreProvenance, pair.moreProvenance, 'its further span stays where it was');
    assert.ok(out.errors.every((e) => !/further sources/.test(e.message)));
  });
});
