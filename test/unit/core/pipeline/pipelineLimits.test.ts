import { strict as assert } from 'node:assert';
import { QAWorkflowGraph } from '../../../../src/core';
import type { RunEvent } from '../../../../src/core';
import { MAX_ITEMS_PER_CALL, MAX_STATEMENTS_PER_CALL, MIN_VERDICTS_PER_CALL, batchByTokens, callsFor, splitEvenly } from '../../../../src/core/pipeline/batching';
import { FakeLlm, paragraphChunker } from '../../../support/fakeLlm';

/** `n` paragraphs of three sentences each. */
function manyParagraphs(n: number): string {
  return Array.from({ length: n }, (_, i) =>
    `Module ${i} stores records in table t${i}. Module ${i} retries failed writes ${i + 2} times. Module ${i} logs to channel c${i}.`).join('\n\n');
}

describe('pipeline: budget and cancellation keep what was made', () => {
  it('ends as budget-exceeded with the pairs produced so far', async () => {
    // calls: 0 extract, 1 questions, 2 answers; validation (call 3) hits the budget
    const llm = new FakeLlm({ budgetCalls: 3 });
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker }).runFromDocuments(manyParagraphs(2), { num_pairs: 4 });
    assert.equal(r.status, 'budget-exceeded');
    assert.equal(r.qaPairs.length, 4, 'answered pairs are kept');
    assert.ok(r.qaPairs.every((p) => p.answer.length > 0 && p.quality?.feedback === 'not validated: run stopped'));
    assert.equal(r.validatedQaPairs.length, 0);
    assert.equal(r.statements.length, 6);
    assert.ok(r.errors.some((e) => /budget of \$/.test(e.message) && e.node === 'ValidateQAPairs'));
    assert.equal(r.usage.calls, 3);
  });

  it('starts no further calls once the budget is spent', async () => {
    const llm = new FakeLlm({ budgetCalls: 1 });
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker, concurrency: 1, batchTokenBudget: 450 }).runFromDocuments(manyParagraphs(6), { num_pairs: 6 });
    assert.equal(r.status, 'budget-exceeded');
    assert.equal(llm.calls.length, 2, JSON.stringify(llm.calls.map((c) => c.task)) + ' one call made, one refused by the budget, the queued batches never called');
    assert.ok(r.statements.length > 0, 'the first batch\'s statements are kept');
    assert.equal(r.errors.filter((e) => /budget/.test(e.message)).length, 1);
  });

  it('keeps validated pairs when the budget runs out during enhancement', async () => {
    const llm = new FakeLlm({
      budgetCalls: 5,
      handlers: { validate_pairs: (input) => ({ verdicts: input.pairs.map((p, i) => ({ pair_id: p.pair_id, grounded: i === 0 ? 0.2 : 1, complete: i === 0 ? 0.2 : 1, relevant: 1, clear: 1, standalone: 1, question_critique: '', answer_critique: i === 0 ? 'fix' : '', verdict: i === 0 ? 'revise_answer' as const : 'keep' as const })) }) },
    });
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker }).runFromDocuments(manyParagraphs(1), { num_pairs: 3 });
    assert.equal(r.status, 'budget-exceeded');
    assert.equal(r.validatedQaPairs.length, 2);
    assert.equal(r.rejectedQaPairs.length, 1);
    assert.equal(r.currentIteration, 1);
  });

  it('ends as cancelled with the pairs produced so far', async () => {
    const controller = new AbortController();
    const llm = new FakeLlm({ onCall: (req) => { if (req.task === 'validate_pairs') controller.abort(); } });
    const events: RunEvent[] = [];
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker, signal: controller.signal, onEvent: (e) => events.push(e) })
      .runFromDocuments(manyParagraphs(2), { num_pairs: 4 });
    assert.equal(r.status, 'cancelled');
    assert.equal(r.qaPairs.length, 4);
    const finished = events.at(-1);
    assert.ok(finished?.type === 'run-finished' && finished.status === 'cancelled');
  });

  it('a batch whose call fails is recorded and the run goes on with the rest', async () => {
    const llm = new FakeLlm({ fail: (req) => req.task === 'extract_statements' && (req.input as { chunks: Array<{ chunk_id: string }> }).chunks.length === 1 && (req.input as { chunks: Array<{ text: string }> }).chunks[0].text.startsWith('Module 0') });
    const events: RunEvent[] = [];
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker, batchTokenBudget: 450, onEvent: (e) => events.push(e) })
      .runFromDocuments(manyParagraphs(3), { num_pairs: 3 });
    assert.equal(r.status, 'completed');
    assert.equal(r.errors.filter((e) => e.node === 'ExtractStatements').length, 1);
    assert.match(r.errors[0].message, /extract_statements failed for chunks .*fake failure/);
    assert.equal(r.statements.length, 6, 'the other chunks still have statements');
    assert.equal(r.validatedQaPairs.length, 3, 'questions still come from every chunk');
    assert.ok(events.some((e) => e.type === 'node-error' && !e.fatal && e.node === 'ExtractStatements'));
  });
});

describe('pipeline: batching and bounded concurrency', () => {
  it('splits each stage into as many calls as the concurrency allows, each within the per-call cap', async () => {
    const llm = new FakeLlm();
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker, concurrency: 4 }).runFromDocuments(manyParagraphs(12), { num_pairs: 24 });
    assert.equal(r.validatedQaPairs.length, 24);
    const perTask = (t: string) => llm.calls.filter((c) => c.task === t).length;
    // extraction: a small corpus is not cut into scraps, and each call's statements stay within the reply cap
    const extract = llm.callsOf('extract_statements');
    assert.ok(extract.length < 4, `${extract.length} extraction calls`);
    for (const c of extract) assert.ok(c.input.chunks.reduce((n, ch) => n + ch.max_statements, 0) <= MAX_STATEMENTS_PER_CALL);
    // 24 questions (and the margin) fill the 4 streams in even calls; validation, whose rubric is the longest
    // instruction of any stage, takes at least MIN_VERDICTS_PER_CALL pairs a call: 3 calls of 8
    assert.deepEqual([perTask('generate_questions'), perTask('generate_answers'), perTask('validate_pairs')], [4, 4, 3]);
    assert.deepEqual(llm.callsOf('generate_answers').map((c) => c.input.questions.length), [6, 6, 6, 6]);
    assert.deepEqual(llm.callsOf('validate_pairs').map((c) => c.input.pairs.length), [MIN_VERDICTS_PER_CALL, MIN_VERDICTS_PER_CALL, MIN_VERDICTS_PER_CALL]);
  });

  it('at concurrency 1 a stage makes the fewest calls the per-call cap allows (never one call per question)', async () => {
    const llm = new FakeLlm();
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker, concurrency: 1 }).runFromDocuments(manyParagraphs(12), { num_pairs: 24 });
    assert.equal(r.validatedQaPairs.length, 24);
    assert.deepEqual(llm.callsOf('generate_answers').map((c) => c.input.questions.length), [12, 12]);
    for (const c of llm.callsOf('generate_questions')) {
      assert.ok(c.input.chunks.reduce((n, ch) => n + ch.requests.reduce((m, q) => m + q.count, 0), 0) <= MAX_ITEMS_PER_CALL);
    }
  });

  it('splits into several calls under a small budget, each within it', async () => {
    const llm = new FakeLlm();
    // a body of evidence (window, statements and their quotes) costs ~130 tokens here: 800 fits a few per call
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker, batchTokenBudget: 800 }).runFromDocuments(manyParagraphs(12), { num_pairs: 12 });
    assert.equal(r.validatedQaPairs.length, 12);
    const extract = llm.callsOf('extract_statements');
    assert.ok(extract.length > 1 && extract.length < 12, `${extract.length} calls`);
    assert.equal(extract.reduce((n, c) => n + c.input.chunks.length, 0), 12);
    const answers = llm.callsOf('generate_answers');
    assert.ok(answers.length > 1 && answers.length < 12, `${answers.length} answer calls`);
    for (const call of answers) {
      const tokens = Math.ceil(call.request.messages.reduce((n, m) => n + m.content.length, 0) / 4);
      assert.ok(tokens <= 800 + 400, `an answer call of ~${tokens} tokens stays near the budget`);
    }
  });

  it('never has more calls in flight than the concurrency', async () => {
    const llm = new FakeLlm({ delayMs: 5 });
    await new QAWorkflowGraph({ llm, chunker: paragraphChunker, batchTokenBudget: 450, concurrency: 2 }).runFromDocuments(manyParagraphs(10), { num_pairs: 10 });
    assert.equal(llm.maxInFlight, 2, 'bounded, and the bound is used');
    const llm3 = new FakeLlm({ delayMs: 5 });
    await new QAWorkflowGraph({ llm: llm3, chunker: paragraphChunker, batchTokenBudget: 450, concurrency: 3 }).runFromDocuments(manyParagraphs(10), { num_pairs: 10 });
    assert.equal(llm3.maxInFlight, 3);
  });

  it('packs items into batches within the budget, oversized items alone', () => {
    const batches = batchByTokens([100, 200, 5000, 300, 300], (x) => x, 1000);
    assert.deepEqual(batches, [[100, 200], [5000], [300, 300]]);
    assert.deepEqual(batchByTokens([1, 1, 1, 1, 1], () => 1, 1000, () => 2, 4), [[1, 1], [1, 1], [1]], 'item cap');
  });

  it('splits evenly into the asked number of calls, whole items in order, within every hard limit', () => {
    assert.deepEqual(splitEvenly([1, 1, 1, 1, 1, 1, 1, 1], (x) => x, 4), [[1, 1], [1, 1], [1, 1], [1, 1]]);
    assert.deepEqual(splitEvenly([3, 1, 1, 3], (x) => x, 2), [[3, 1], [1, 3]], 'items of one group are never cut');
    assert.deepEqual(splitEvenly([2, 2, 2, 2], (x) => x, 1, [{ measure: (x) => x, max: 4 }]), [[2, 2], [2, 2]], 'a hard cap wins over the share');
    assert.deepEqual(splitEvenly([9, 1], (x) => x, 1, [{ measure: (x) => x, max: 4 }]), [[9], [1]], 'an item over the cap goes alone');
    assert.equal(callsFor(40, 8, 4, 12), 8, 'enough work: one call per stream');
    assert.equal(callsFor(10, 8, 4, 12), 2, 'little work: no scraps');
    assert.equal(callsFor(40, 1, 4, 12), 4, 'one stream: still within the cap');
  });

  it('caps the questions of one call so replies stay inside output limits', async () => {
    const llm = new FakeLlm();
    const paragraph = Array.from({ length: 10 }, (_, i) => `Setting ${i} controls feature f${i} of subsystem s${i}.`).join(' ');
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker }).runFromDocuments(paragraph, { num_pairs: 40, statements_per_chunk: 10 });
    assert.equal(r.validatedQaPairs.length, 40);
    const answers = llm.callsOf('generate_answers');
    assert.ok(answers.length >= 2);
    for (const c of answers) assert.ok(c.input.questions.length <= MAX_ITEMS_PER_CALL);
    for (const c of llm.callsOf('validate_pairs')) assert.ok(c.input.pairs.length <= MAX_ITEMS_PER_CALL);
  });
});

describe('pipeline: usage and retries', () => {
  it('totals usage from the replies and reports retries per node', async () => {
    const llm = new FakeLlm({ retriesPerCall: 1, costPerCall: 0.002 });
    const events: RunEvent[] = [];
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker, onEvent: (e) => events.push(e) }).runFromDocuments(manyParagraphs(2), { num_pairs: 2 });
    assert.equal(r.usage.calls, 4);
    assert.equal(r.usage.costUsd.toFixed(3), '0.008');
    const retries = events.filter((e) => e.type === 'retry');
    assert.equal(retries.length, 4);
    assert.deepEqual(retries[0].type === 'retry' && retries[0].info, { attempt: 1, reason: 'HTTP 429', delayMs: 0 });
    const answers = events.find((e) => e.type === 'node-finished' && e.node === 'GenerateAnswers');
    assert.ok(answers?.type === 'node-finished' && answers.counts.retried === 1);
    const usage = events.filter((e) => e.type === 'usage');
    const last = usage.at(-1);
    assert.ok(last?.type === 'usage' && last.usage.calls === 4);
  });

  it('counts cache hits apart from calls', async () => {
    const llm = new FakeLlm();
    const original = llm.chatJson.bind(llm);
    llm.chatJson = async (req) => ({ ...(await original(req)), cached: req.task === 'extract_statements', costUsd: req.task === 'extract_statements' ? 0 : 0.01 }) as never;
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker }).runFromDocuments(manyParagraphs(1), { num_pairs: 1 });
    assert.equal(r.usage.cacheHits, 1);
    assert.equal(r.usage.calls, 3);
  });
});

describe('pipeline: robustness', () => {
  it('a throwing event listener does not break the run', async () => {
    const r = await new QAWorkflowGraph({ llm: new FakeLlm(), chunker: paragraphChunker, onEvent: () => { throw new Error('listener bug'); } })
      .runFromDocuments(manyParagraphs(1), { num_pairs: 1 });
    assert.equal(r.status, 'completed');
    assert.equal(r.validatedQaPairs.length, 1);
  });

  it('a failing chunker for one document is recorded; the other documents go on', async () => {
    const { documentFromText } = await import('../../../../src/core');
    const r = await new QAWorkflowGraph({
      llm: new FakeLlm(),
      chunker: async (doc, i, o) => { if (doc.path === 'bad.md') throw new Error('cannot split'); return paragraphChunker(doc, i, o); },
    }).runFromDocuments([documentFromText('bad.md', 'Some text.'), documentFromText('good.md', 'Good text is here.')], { num_pairs: 1 });
    assert.equal(r.status, 'completed');
    assert.match(r.errors[0].message, /could not chunk bad\.md: cannot split/);
    assert.equal(r.validatedQaPairs.length, 1);
  });

  it('a node that throws ends the run as failed, keeping what was made', async () => {
    const llm = new FakeLlm({ handlers: { validate_pairs: () => ({ verdicts: null as never }) } });
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker }).runFromDocuments(manyParagraphs(1), { num_pairs: 2 });
    assert.equal(r.status, 'failed');
    assert.equal(r.qaPairs.length, 2, 'answered pairs kept');
    assert.ok(r.errors.some((e) => e.node === 'ValidateQAPairs' && /ValidateQAPairs failed: .*the pairs produced so far are kept/.test(e.message)));
  });
});

describe('pipeline: a stage split over the concurrency stops as one', () => {
  it('a budget stop in one call of a split stage starts no other call of any group', async () => {
    // 24 pairs over 4 streams: answers go out in 4 calls; the second answer call hits the budget
    let answerCalls = 0;
    let stopAt = -1;
    const llm = new FakeLlm({ delayMs: 2, onCall: (req, index) => { if (req.task === 'generate_answers' && ++answerCalls === 2) stopAt = index; } });
    const probe = await new QAWorkflowGraph({ llm, chunker: paragraphChunker, concurrency: 4 }).runFromDocuments(manyParagraphs(12), { num_pairs: 24 });
    assert.equal(probe.status, 'completed');
    const limited = new FakeLlm({ delayMs: 2, budgetCalls: stopAt });
    const r = await new QAWorkflowGraph({ llm: limited, chunker: paragraphChunker, concurrency: 4 }).runFromDocuments(manyParagraphs(12), { num_pairs: 24 });
    assert.equal(r.status, 'budget-exceeded');
    // the calls already in flight when the budget ran out finish; none starts after it
    assert.ok(limited.calls.length <= stopAt + 4, `${limited.calls.length} calls for a budget of ${stopAt}`);
    assert.equal(limited.callsOf('validate_pairs').length, 0, 'no group moves on to validation');
    assert.ok(r.qaPairs.length >= limited.callsOf('generate_answers')[0].input.questions.length, 'the pairs answered before the stop are kept');
  });

  it('a cancellation during a split stage starts no further call in any group', async () => {
    const controller = new AbortController();
    let afterAbort = 0;
    const llm = new FakeLlm({
      delayMs: 2,
      onCall: (req) => {
        if (controller.signal.aborted) afterAbort++;
        if (req.task === 'generate_answers') controller.abort();
      },
    });
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker, concurrency: 4, signal: controller.signal }).runFromDocuments(manyParagraphs(12), { num_pairs: 24 });
    assert.equal(r.status, 'cancelled');
    assert.ok(afterAbort <= 3, `${afterAbort} calls reached the model after the cancel (only those already handed a stream may)`);
    assert.equal(llm.callsOf('validate_pairs').length, 0);
  });
});
