/**
 * Runs that stop early: a fatal model error (wrong key, unknown model, consent, no model) ends the run at once
 * as failed; and answered pairs a stop left unvalidated stay visible as needing attention.
 */
import { strict as assert } from 'node:assert';
import { QAWorkflowGraph } from '../../../../src/core';
import type { RunEvent } from '../../../../src/core';
import { FatalLlmError } from '../../../../src/core/llm/port';
import { NOT_VALIDATED_NO_VERDICT, NOT_VALIDATED_STOPPED } from '../../../../src/core/pipeline/result';
import { FakeLlm, paragraphChunker } from '../../../support/fakeLlm';

function manyParagraphs(n: number): string {
  return Array.from({ length: n }, (_, i) =>
    `Module ${i} stores records in table t${i}. Module ${i} retries failed writes ${i + 2} times. Module ${i} logs to channel c${i}.`).join('\n\n');
}

describe('pipeline: fatal model errors stop the run', () => {
  it('stops at the first FatalLlmError: no further call, status failed, the error named, statements kept', async () => {
    const llm = new FakeLlm({ throwError: (_req, i) => (i === 1 ? new FatalLlmError('auth', 'the endpoint refused the API key (HTTP 401); set a valid key') : undefined) });
    const events: RunEvent[] = [];
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker, concurrency: 1, batchTokenBudget: 450, onEvent: (e) => events.push(e) })
      .runFromDocuments(manyParagraphs(6), { num_pairs: 6 });
    assert.equal(r.status, 'failed');
    assert.equal(llm.calls.length, 2, `calls: ${llm.calls.map((c) => c.task).join(', ')}`);
    assert.ok(r.statements.length > 0, 'the first batch\'s statements are kept');
    const fatal = r.errors.filter((e) => /refused the API key/.test(e.message));
    assert.equal(fatal.length, 1, JSON.stringify(r.errors));
    assert.equal(fatal[0].node, 'ExtractStatements');
    assert.ok(!r.errors.some((e) => /the rest of the run goes on/.test(e.message)), 'not recorded as a per-batch failure');
    const finished = events.at(-1);
    assert.ok(finished?.type === 'run-finished' && finished.status === 'failed');
  });

  it('keeps the answered pairs when the model fails fatally during validation', async () => {
    const llm = new FakeLlm({ throwError: (req) => (req.task === 'validate_pairs' ? new FatalLlmError('model-not-found', 'model "gpt-x" does not exist at this endpoint') : undefined) });
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker }).runFromDocuments(manyParagraphs(2), { num_pairs: 4 });
    assert.equal(r.status, 'failed');
    assert.equal(r.qaPairs.length, 4);
    assert.ok(r.errors.some((e) => e.node === 'ValidateQAPairs' && /gpt-x/.test(e.message)));
    assert.equal(llm.callsOf('validate_pairs').length, 1);
  });

  it('an ordinary failed batch still only costs that batch', async () => {
    const llm = new FakeLlm({ fail: (_req, i) => i === 1 });
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker, concurrency: 1, batchTokenBudget: 450 }).runFromDocuments(manyParagraphs(6), { num_pairs: 6 });
    assert.equal(r.status, 'completed');
    assert.ok(llm.calls.length > 2);
  });
});

describe('pipeline: pairs a stop left unvalidated', () => {
  it('after a budget stop in validation, answered pairs are rejected with "not validated: run stopped"', async () => {
    const llm = new FakeLlm({ budgetCalls: 3 }); // extract, questions, answers; validation hits the budget
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker }).runFromDocuments(manyParagraphs(2), { num_pairs: 4 });
    assert.equal(r.status, 'budget-exceeded');
    assert.equal(r.qaPairs.length, 4);
    assert.equal(r.rejectedQaPairs.length, 4);
    assert.equal(r.validatedQaPairs.length, 0);
    for (const p of r.rejectedQaPairs) {
      assert.ok(p.answer.length > 0);
      assert.equal(p.quality?.feedback, NOT_VALIDATED_STOPPED);
      assert.equal(p.quality?.score, 0);
    }
    assert.equal(r.averageQuality, 0, 'unvalidated pairs are not averaged in as scores');
  });

  it('after a cancellation during validation, the validated pairs stay validated and the rest are marked', async () => {
    const controller = new AbortController();
    const llm = new FakeLlm({ onCall: (req) => { if (req.task === 'validate_pairs' && llm.callsOf('validate_pairs').length === 2) controller.abort(); } });
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker, concurrency: 1, batchTokenBudget: 300, signal: controller.signal })
      .runFromDocuments(manyParagraphs(4), { num_pairs: 8 });
    assert.equal(r.status, 'cancelled');
    assert.ok(r.validatedQaPairs.length > 0, 'the first validation batch counts');
    const unvalidated = r.rejectedQaPairs.filter((p) => p.quality?.feedback === NOT_VALIDATED_STOPPED);
    assert.ok(unvalidated.length > 0);
    assert.equal(r.validatedQaPairs.length + unvalidated.length, r.qaPairs.length);
    assert.equal(r.averageQuality, 0.9, 'the average is over validated versions only');
  });

  it('a completed run names pairs whose validation call failed', async () => {
    const llm = new FakeLlm({ fail: (req) => req.task === 'validate_pairs' });
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker }).runFromDocuments(manyParagraphs(1), { num_pairs: 2, max_reflection_iterations: 0 });
    assert.equal(r.status, 'completed');
    assert.ok(r.rejectedQaPairs.length >= 2);
    assert.equal(r.rejectedQaPairs.length, r.qaPairs.length);
    assert.ok(r.rejectedQaPairs.every((p) => p.quality?.feedback === NOT_VALIDATED_NO_VERDICT));
  });
});
