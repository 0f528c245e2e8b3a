/**
 * Node counts mean what NodeCounts documents: `in` and `out` in the same unit where the node does not turn one
 * kind of item into another, `dropped` only for items really discarded, `rejected` for pairs judged too weak but
 * kept.
 */
import { strict as assert } from 'node:assert';
import { QAWorkflowGraph } from '../../../../src/core';
import type { GenerateQuestionsInput, NodeCounts, PairVerdict, RunEvent } from '../../../../src/core';
import { FakeLlm, defaultHandler, paragraphChunker, verdictOf } from '../../../support/fakeLlm';

const DOC = [
  'The Aurora router supports WPA3 encryption. It has four gigabit Ethernet ports. Firmware updates install automatically every night.',
  'The guest network is isolated from the main network. Guests get a separate password. Bandwidth for guests can be capped in the settings.',
].join('\n\n');

function verdict(pair_id: string, s: number): PairVerdict {
  return verdictOf(pair_id, s, s < 0.7 ? 'too vague' : '');
}

/** The counts of every finished node, as `Node#iteration` (`Node#top-up` in the top-up round). */
function countsOf(events: RunEvent[]): Map<string, NodeCounts> {
  const out = new Map<string, NodeCounts>();
  for (const e of events) if (e.type === 'node-finished') out.set(`${e.node}#${e.round ?? e.iteration}`, e.counts);
  return out;
}

describe('pipeline: node counts', () => {
  it('first pass: statements and questions are counted as proposed → kept; validation rejects, never drops', async () => {
    const events: RunEvent[] = [];
    const extract = defaultHandler('extract_statements');
    const llm = new FakeLlm({
      handlers: {
        // one duplicate statement per chunk: proposed 4, kept 3
        extract_statements: async (input, n, req) => {
          const reply = await extract(input, n, req);
          return { chunks: reply.chunks.map((c) => ({ ...c, statements: [...c.statements, c.statements[0]] })) };
        },
        // the first two pairs score below the threshold
        validate_pairs: (input) => ({ verdicts: input.pairs.map((p, i) => verdict(p.pair_id, i < 2 ? 0.3 : 0.9)) }),
      },
    });
    await new QAWorkflowGraph({ llm, chunker: paragraphChunker, onEvent: (e) => events.push(e) })
      .runFromDocuments(DOC, { num_pairs: 4, max_reflection_iterations: 0 });
    const c = countsOf(events);

    assert.deepEqual(c.get('ChunkContent#0'), { in: 1, out: 2, dropped: 0, retried: 0 });
    assert.deepEqual(c.get('ExtractStatements#0'), { in: 8, out: 6, dropped: 2, retried: 0 });

    // the fake writes as many questions as requested; the first pass is every question call before the first answers
    const firstPass = llm.calls.slice(0, llm.calls.findIndex((call) => call.task === 'generate_answers')).filter((call) => call.task === 'generate_questions');
    const generated = firstPass.reduce((n, call) => n + (call.input as GenerateQuestionsInput).chunks.reduce((m, ch) => m + ch.requests.reduce((k, r) => k + r.count, 0), 0), 0);
    const questions = c.get('GenerateQuestions#0')!;
    assert.ok(generated > 4, 'asked for a margin');
    assert.deepEqual(questions, { in: generated, out: 4, dropped: generated - 4, retried: 0 }, 'questions in → questions out');

    assert.deepEqual(c.get('GenerateAnswers#0'), { in: 4, out: 4, dropped: 0, retried: 0 });
    assert.deepEqual(c.get('ValidateQAPairs#0'), { in: 4, out: 2, dropped: 0, rejected: 2, retried: 0 }, 'below-threshold pairs are kept, not dropped');
    // the top-up round for the shortfall counts its own questions the same way
    const topUp = c.get('GenerateQuestions#top-up')!;
    assert.equal(topUp.in, topUp.out + topUp.dropped);
    assert.ok(topUp.in > topUp.out, 'the shortfall was asked for with a margin');
  });

  it('enhancement: unused revisions are rejected, and a pair that keeps its best version is not dropped', async () => {
    const events: RunEvent[] = [];
    const llm = new FakeLlm({
      handlers: {
        // the first pass: both pairs are weak (and the answers criticised, so both are answered again); afterwards they pass
        validate_pairs: (input, n) => ({ verdicts: input.pairs.map((p) => (n === 0 ? { ...verdict(p.pair_id, 0.3), answer_critique: 'name the setting' } : verdict(p.pair_id, 0.9))) }),
        // one revision repeats the other pair's question (not usable), the other is new
        revise_questions: (input) => ({
          revisions: input.pairs.map((p, i) => ({ pair_id: p.pair_id, question: i === 0 ? input.pairs[1].question : `${p.question} Name the setting.`, statement_indices: [] })),
        }),
        // the second round of answers leaves out the first pair: it falls back to its best version
        generate_answers: (input, n, req) => {
          const all = defaultHandler('generate_answers')(input, n, req) as { answers: Array<{ question_id: string; answer: string; statement_indices: number[] }> };
          return n === 0 ? all : { answers: all.answers.slice(1) };
        },
      },
    });
    const r = await new QAWorkflowGraph({ llm, chunker: paragraphChunker, onEvent: (e) => events.push(e) })
      .runFromDocuments(DOC, { num_pairs: 2, max_reflection_iterations: 1 });
    const c = countsOf(events);
    assert.deepEqual(c.get('PrepareEnhancement#0'), { in: 2, out: 2, dropped: 0, retried: 0 });
    assert.deepEqual(c.get('GenerateQuestions#1'), { in: 2, out: 1, dropped: 0, rejected: 1, retried: 0 }, 'one revision used, one rejected');
    assert.deepEqual(c.get('GenerateAnswers#1'), { in: 2, out: 1, dropped: 0, retried: 0 }, 'the unanswered pair keeps its best version');
    assert.equal(r.qaPairs.length, 2, 'no pair was discarded');
  });

  it('nodes that do not judge report no rejected count', async () => {
    const events: RunEvent[] = [];
    await new QAWorkflowGraph({ llm: new FakeLlm(), chunker: paragraphChunker, onEvent: (e) => events.push(e) }).runFromDocuments(DOC, { num_pairs: 2 });
    for (const e of events) {
      if (e.type === 'node-finished' && e.node !== 'ValidateQAPairs') assert.equal(e.counts.rejected, undefined, e.node);
    }
  });
});
