/**
 * The top-up round: after the last iteration, a shortfall of validated pairs with statements still unused gets
 * one more question round (from those statements only), shown in the events; never more than one.
 */
import { strict as assert } from 'node:assert';
import { QAWorkflowGraph } from '../../../../src/core';
import type { PairVerdict, RunEvent } from '../../../../src/core';
import { FakeLlm, paragraphChunker, verdictOf } from '../../../support/fakeLlm';

const DOC = [
  'The Aurora router supports WPA3 encryption. It has four gigabit Ethernet ports. Firmware updates install automatically every night.',
  'The guest network is isolated from the main network. Guests get a separate password. Bandwidth for guests can be capped in the settings.',
].join('\n\n');
const v = (pair_id: string, s: number): PairVerdict => verdictOf(pair_id, s, s < 0.7 ? 'too vague' : '');

describe('pipeline: top-up round after rejections', () => {
  it('asks once for the shortfall from unused statements, and reports the round in events', async () => {
    const events: RunEvent[] = [];
    // the first validation rejects half of the pairs; later ones pass
    const llm = new FakeLlm({ handlers: { validate_pairs: (input, call) => ({ verdicts: input.pairs.map((p, i) => v(p.pair_id, call === 0 && i % 2 === 0 ? 0.3 : 0.9)) }) } });
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker, onEvent: (e) => events.push(e) })
      .runFromDocuments(DOC, { num_pairs: 2, max_reflection_iterations: 0 });
    assert.equal(r.status, 'completed');
    assert.equal(r.validatedQaPairs.length, 2, 'the shortfall was made up');
    assert.equal(r.rejectedQaPairs.length, 1, 'the rejected pair stays visible');
    assert.equal(r.currentIteration, 0, 'a top-up is not a reflection iteration');

    const asks = llm.callsOf('generate_questions');
    assert.equal(asks.length, 2);
    const firstPass = new Set(r.qaPairs.filter((p) => p !== r.qaPairs.at(-1)).flatMap((p) => p.statementIds));
    const offered = asks[1].input.chunks.flatMap((c) => c.statements.map((s) => r.statements.find((x) => x.content === s.text)!.id));
    assert.ok(offered.length > 0 && offered.every((id) => !firstPass.has(id)), 'only unused statements are offered');
    assert.equal(asks[1].input.chunks.reduce((n, c) => n + c.requests.reduce((m, q) => m + q.count, 0), 0) >= 1, true);
    assert.ok(asks[1].input.avoid_questions.length >= 2, 'earlier questions are to be avoided');

    const topUp = events.filter((e) => (e.type === 'node-started' || e.type === 'node-finished') && e.round === 'top-up');
    assert.deepEqual(topUp.filter((e) => e.type === 'node-started').map((e) => e.type === 'node-started' && e.node),
      ['PrepareEnhancement', 'GenerateQuestions', 'GenerateAnswers', 'ValidateQAPairs']);
    const q = topUp.find((e) => e.type === 'node-finished' && e.node === 'GenerateQuestions');
    // questions generated (the shortfall of 1 plus a margin) → questions kept
    const generatedInTopUp = asks[1].input.chunks.reduce((n, c) => n + c.requests.reduce((m, x) => m + x.count, 0), 0);
    assert.ok(q?.type === 'node-finished' && q.counts.in === generatedInTopUp && q.counts.out === 1 && q.counts.dropped === generatedInTopUp - 1, JSON.stringify(q));
  });

  it('runs at most one top-up round, after the enhancement iterations', async () => {
    const llm = new FakeLlm({ handlers: { validate_pairs: (input) => ({ verdicts: input.pairs.map((p) => v(p.pair_id, 0.2)) }) } });
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker }).runFromDocuments(DOC, { num_pairs: 2, max_reflection_iterations: 1 });
    assert.equal(r.currentIteration, 1);
    assert.equal(llm.callsOf('validate_pairs').length, 3, 'first pass, one enhancement, one top-up');
    assert.equal(llm.callsOf('revise_questions').length, 1);
    assert.equal(r.validatedQaPairs.length, 0);
    assert.equal(r.rejectedQaPairs.length, 4);
  });

  it('does not top up when every statement is already used', async () => {
    const llm = new FakeLlm({ handlers: { validate_pairs: (input) => ({ verdicts: input.pairs.map((p) => v(p.pair_id, 0.2)) }) } });
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker }).runFromDocuments('Alpha stores data.\n\nBeta reads it.', { num_pairs: 2, max_reflection_iterations: 0 });
    assert.equal(r.qaPairs.length, 2);
    assert.equal(llm.callsOf('validate_pairs').length, 1);
  });

  it('does not top up when enough pairs are validated', async () => {
    const llm = new FakeLlm();
    await new QAWorkflowGraph({ llm, chunker: paragraphChunker }).runFromDocuments(DOC, { num_pairs: 2 });
    assert.equal(llm.callsOf('generate_questions').length, 1);
  });
});
