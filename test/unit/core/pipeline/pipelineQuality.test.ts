import { strict as assert } from 'node:assert';
import { QAWorkflowGraph } from '../../../../src/core';
import type { PairVerdict, RunEvent } from '../../../../src/core';
import { MIN_ALIGNMENT, alignQuote, statementsOf } from '../../../../src/core/pipeline/nodes/extractStatements';
import { FakeLlm, paragraphChunker, verdictOf } from '../../../support/fakeLlm';

const DOC = [
  'The Aurora router supports WPA3 encryption. It has four gigabit Ethernet ports. Firmware updates install automatically every night.',
  'The guest network is isolated from the main network. Guests get a separate password. Bandwidth for guests can be capped in the settings.',
].join('\n\n');

function verdict(pair_id: string, s: number, feedback: string): PairVerdict {
  return verdictOf(pair_id, s, feedback);
}

describe('pipeline: statements verified by their quotes', () => {
  const text = 'Intro line.\n\nClaims must be filed online within 30 days of the fault. Labour is covered for one year.';
  const chunk = { id: 'c', docIndex: 0, path: 'w.md', text: text.slice(13), start: 13, end: text.length, tokens: 20,
    provenance: { kind: 'file' as const, path: 'w.md', startLine: 3, endLine: 3, start: 13, end: text.length, spanHash: 'x' } };

  it('verifies an exact quote: score 1, offsets into the document, the quote kept', () => {
    const { kept: [s] } = statementsOf(chunk, [{ statement: 'Labour is covered for a year.', quote: 'Labour is covered for one year.' }], 5);
    assert.equal(s.alignment, 1);
    assert.equal(text.slice(s.start, s.end), 'Labour is covered for one year.');
    assert.equal(s.quote, 'Labour is covered for one year.');
  });

  it('aligns a re-worded or re-wrapped quote fuzzily, keeping the chunk\'s own text as the quote', () => {
    const { kept: [s] } = statementsOf(chunk, [{ statement: 'Claims have to be made online in the 30 days after a fault.', quote: 'claims must be filed on-line within\n  thirty days of a fault' }], 5);
    assert.ok(s.alignment >= MIN_ALIGNMENT && s.alignment < 1, `alignment ${s.alignment}`);
    assert.match(s.quote!, /^Claims must be filed online within 30 days of the fault/);
    assert.equal(text.slice(s.start, s.end), s.quote);
  });

  it('drops a statement whose quote is not in the chunk, or that has none, with the reason; de-duplicates', () => {
    const out = statementsOf(chunk, [
      { statement: 'Labour is covered for one year.', quote: 'Labour is covered for one year.' },
      { statement: 'labour is covered for one year', quote: 'Labour is covered' },
      { statement: 'Quantum zebras orbit Saturn.', quote: 'Quantum zebras orbit Saturn.' },
      { statement: 'Repairs are free.', quote: '' },
    ], 5);
    assert.equal(out.kept.length, 1);
    assert.deepEqual(out.dropped.map((d) => d.reason), [
      'a duplicate of another statement of the chunk',
      'its quote "Quantum zebras orbit Saturn." is not in the chunk',
      'it has no quote',
    ]);
    assert.equal(alignQuote(chunk, 'Quantum zebras'), undefined);
  });

  it('counts unverified statements as dropped in a run and names them in a warning, before questions are asked', async () => {
    const llm = new FakeLlm({ handlers: {
      extract_statements: (input) => ({ chunks: input.chunks.map((c) => ({ chunk_id: c.chunk_id, statements: [
        { statement: 'WPA3 encryption is supported by the Aurora router.', quote: 'Aurora routers support WPA3' },
        { statement: 'The router was designed in Oslo.', quote: 'designed by a team in Oslo' },
      ] })) }),
    } });
    const events: RunEvent[] = [];
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker, onEvent: (e) => events.push(e) }).runFromDocuments(DOC, { num_pairs: 1 });
    const s = r.statements.find((x) => x.content.startsWith('WPA3'))!;
    assert.ok(s, 'a paraphrased quote is aligned, not dropped');
    assert.ok(s.alignment >= MIN_ALIGNMENT && s.alignment < 1);
    assert.match(DOC.slice(s.start, s.end), /Aurora router supports WPA3/);
    assert.ok(!r.statements.some((x) => x.content.includes('Oslo')), 'the unverifiable statement is gone');
    const finished = events.find((e) => e.type === 'node-finished' && e.node === 'ExtractStatements');
    assert.ok(finished && finished.type === 'node-finished' && finished.counts.dropped === 3, 'Oslo twice, and the WPA3 quote in the guest-network chunk, counted as dropped');
    const asked = llm.callsOf('generate_questions').flatMap((c) => c.input.chunks.flatMap((ch) => ch.statements.map((st) => st.text)));
    assert.ok(!asked.some((t) => t.includes('Oslo')), 'questions never see it');
    const warnings = events.flatMap((e) => (e.type === 'node-error' && e.node === 'ExtractStatements' && !e.fatal ? [e.message] : []));
    assert.equal(warnings.length, 2);
    assert.match(warnings[0], /1 statement\(s\) dropped before questions: "The router was designed in Oslo\." — its quote "designed by a team in Oslo" is not in the chunk/);
  });
});

describe('pipeline: validation and enhancement', () => {
  it('rejects pairs under the threshold, then regenerates only them with their critique until they pass', async () => {
    let firstBad = '';
    const llm = new FakeLlm({ handlers: {
      validate_pairs: (input, call) => ({
        verdicts: input.pairs.map((p, i) => {
          if (call === 0 && i === 0) { firstBad = p.question; return verdict(p.pair_id, 0.4, 'The question is vague; name the router.'); }
          if (p.question.includes('(revised')) return verdict(p.pair_id, 0.95, 'none');
          return verdict(p.pair_id, 0.85, 'none');
        }),
      }),
    } });
    const events: RunEvent[] = [];
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker, onEvent: (e) => events.push(e) })
      .runFromDocuments(DOC, { num_pairs: 4, validation_threshold: 0.7, max_reflection_iterations: 3 });

    assert.equal(r.status, 'completed');
    assert.equal(r.currentIteration, 1, 'one enhancement iteration, then the threshold was met');
    assert.equal(r.validatedQaPairs.length, 4);
    assert.equal(r.rejectedQaPairs.length, 0);
    const firstVersion = events.find((e) => e.type === 'pair-validated' && e.pair.question === firstBad);
    const firstId = firstVersion?.type === 'pair-validated' ? firstVersion.pair.id : '';
    const fixed = r.validatedQaPairs.find((p) => p.id === firstId)!;
    assert.ok(fixed, 'the pair keeps its id across versions');
    assert.match(fixed.question, /\(revised after: The question is vague; name the router\.\)/);
    assert.deepEqual(fixed.previousScores, [0.4]);
    assert.equal(fixed.quality!.score, 0.95);
    assert.equal(fixed.iteration, 1);

    const revise = llm.callsOf('revise_questions');
    assert.equal(revise.length, 1);
    assert.deepEqual(revise[0].input.pairs.map((p) => [p.question, p.question_critique, p.score]), [[firstBad, 'The question is vague; name the router.', 0.4]]);
    const answers = llm.callsOf('generate_answers');
    assert.equal(answers.length, 2);
    assert.deepEqual(answers[1].input.questions.map((q) => [q.question, q.answer_critique]), [[fixed.question, undefined]], 'a rewritten question is answered fresh: no critique of the old answer');
    const validations = llm.callsOf('validate_pairs');
    assert.deepEqual(validations[1].input.pairs.map((p) => p.question), [fixed.question], 'only the failing pair is validated again');
    const validatedEvents = events.filter((e) => e.type === 'pair-validated');
    assert.equal(validatedEvents.length, 5);
    assert.ok(validatedEvents.some((e) => e.type === 'pair-validated' && e.pair.id === firstId && !e.accepted));
    assert.ok(events.some((e) => e.type === 'node-started' && e.node === 'PrepareEnhancement' && e.iteration === 0));
    assert.ok(events.some((e) => e.type === 'node-finished' && e.node === 'PrepareEnhancement' && e.iteration === 0 && e.counts.out === 1));
    assert.ok(events.some((e) => e.type === 'node-started' && e.node === 'GenerateQuestions' && e.iteration === 1));
  });

  it('stops at max_reflection_iterations, keeps the best version, and reports the rest as rejected with feedback', async () => {
    // each round rewrites the answer with the best version's critique: 0.3, then 0.5 (the best), then 0.45
    const scores = [0.3, 0.5, 0.45];
    const llm = new FakeLlm({ handlers: {
      validate_pairs: (input, call) => ({ verdicts: input.pairs.map((p) => verdict(p.pair_id, scores[call] ?? 0.2, `attempt ${call}: answer is incomplete`)) }),
    } });
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker }).runFromDocuments(DOC, { num_pairs: 1, max_reflection_iterations: 2 });
    assert.equal(r.currentIteration, 2);
    assert.equal(r.validatedQaPairs.length, 0, 'nothing under the threshold is validated');
    // after the last iteration one top-up round adds a pair for the shortfall (validated at 0.2: rejected too)
    assert.equal(r.rejectedQaPairs.length, 2);
    const p = r.rejectedQaPairs.find((x) => x.previousScores.length > 0)!;
    assert.equal(p.quality!.score, 0.5, 'the best version wins, not the last');
    assert.equal(p.quality!.feedback, 'attempt 1: answer is incomplete');
    assert.deepEqual(p.previousScores, [0.3, 0.45]);
    assert.equal(p.iteration, 1);
    assert.equal(llm.callsOf('validate_pairs').length, 4);
    assert.equal(r.averageQuality, 0.35);
  });

  it('scores the five named criteria into their mean, clamped to 0..1', async () => {
    const llm = new FakeLlm({ handlers: {
      validate_pairs: (input) => ({ verdicts: input.pairs.map((p) => ({ pair_id: p.pair_id, grounded: 1, complete: 0.5, relevant: 1.7, clear: 0.5, standalone: -1, question_critique: ' make it standalone ', answer_critique: 'none', verdict: 'revise_question' as const })) }),
    } });
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker }).runFromDocuments(DOC, { num_pairs: 1, max_reflection_iterations: 0 });
    const q = r.rejectedQaPairs[0].quality!;
    assert.deepEqual(q.criteria, { grounded: 1, complete: 0.5, relevant: 1, clear: 0.5, standalone: 0 });
    assert.equal(q.score, 0.6);
    assert.equal(q.feedback, 'make it standalone');
    assert.equal(r.currentIteration, 0);
  });
});

describe('pipeline: questions de-duplicated, count met', () => {
  it('drops exact and near-duplicate questions and tops up to the requested count', async () => {
    const llm = new FakeLlm({ handlers: {
      generate_questions: (input, call) => ({
        questions: input.chunks.flatMap((c) => call === 0
          ? [
            { chunk_id: c.chunk_id, question: 'What encryption does the router support?', question_type: 'factual', statement_indices: [0] },
            { chunk_id: c.chunk_id, question: 'What encryption does the router support?', question_type: 'factual', statement_indices: [0] },
            { chunk_id: c.chunk_id, question: 'Which encryption does the router support?', question_type: 'factual', statement_indices: [0] },
          ]
          : [
            { chunk_id: c.chunk_id, question: `How are firmware updates installed on chunk ${c.chunk_id}?`, question_type: 'factual', statement_indices: [2] },
            { chunk_id: c.chunk_id, question: `How many Ethernet ports are there, per chunk ${c.chunk_id}?`, question_type: 'factual', statement_indices: [1] },
          ]),
      }),
    } });
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker }).runFromDocuments(DOC.split('\n\n')[0], { num_pairs: 3, question_types: ['factual'] });
    const questions = r.validatedQaPairs.map((p) => p.question);
    assert.equal(questions.length, 3, questions.join(' | '));
    assert.equal(new Set(questions).size, 3);
    assert.ok(!(questions.includes('What encryption does the router support?') && questions.includes('Which encryption does the router support?')));
    const calls = llm.callsOf('generate_questions');
    assert.equal(calls.length, 2, 'one top-up round');
    assert.deepEqual(calls[1].input.avoid_questions, ['What encryption does the router support?']);
    assert.ok(calls[0].input.chunks[0].requests[0].count > 3, 'asks for a few more than needed');
  });

  it('reports when the content cannot give the requested count', async () => {
    const llm = new FakeLlm({ handlers: {
      generate_questions: (input) => ({ questions: input.chunks.map((c) => ({ chunk_id: c.chunk_id, question: 'What is it?', question_type: 'factual', statement_indices: [] })) }),
    } });
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker }).runFromDocuments('Short text.', { num_pairs: 4 });
    assert.equal(r.qaPairs.length, 1);
    assert.ok(r.errors.some((e) => /only 1 of the 4 requested questions/.test(e.message)));
  });
});

describe('pipeline: model replies normalised', () => {
  it('maps question types case-insensitively to the configured ones', async () => {
    const llm = new FakeLlm({ handlers: {
      generate_questions: (input) => ({ questions: input.chunks.flatMap((c) => c.requests.map((r, i) => ({ chunk_id: c.chunk_id, question: `Question ${i} about ${c.chunk_id}: ${r.question_type}?`, question_type: ` ${r.question_type.toUpperCase()} `, statement_indices: [0] }))) }),
    } });
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker }).runFromDocuments(DOC, { num_pairs: 2, question_types: ['factual', 'analysis'] });
    assert.deepEqual(r.validatedQaPairs.map((p) => p.questionType).sort(), ['analysis', 'factual']);
  });
});

describe('pipeline: revisions never duplicate another pair', () => {
  it('keeps the old question when the revision repeats another pair\'s question, and answers it fresh', async () => {
    let other = '';
    const llm = new FakeLlm({ handlers: {
      validate_pairs: (input, call) => ({ verdicts: input.pairs.map((p, i) => {
        if (call === 0 && i === 0) { other = input.pairs[1].question; return verdict(p.pair_id, 0.2, 'too vague'); }
        return verdict(p.pair_id, 0.9, 'none');
      }) }),
      revise_questions: (input) => ({ revisions: input.pairs.map((p) => ({ pair_id: p.pair_id, question: other.toUpperCase(), statement_indices: [] })) }),
    } });
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker }).runFromDocuments(DOC, { num_pairs: 2 });
    const questions = r.qaPairs.map((p) => p.question.toLowerCase());
    assert.equal(new Set(questions).size, questions.length, questions.join(' | '));
    const again = llm.callsOf('generate_answers')[1].input.questions[0];
    assert.equal(again.answer_critique, undefined, 'the question critique is not an answer critique');
    assert.notEqual(again.question.toLowerCase(), other.toLowerCase(), 'the old question is answered again, not the repeat');
  });
});
