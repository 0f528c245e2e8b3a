/**
 * GenerateAnswers: answers every pending question from its chunk only, batched by chunk up to the token
 * budget, with the pair's critique when it is being regenerated and the answer_length target in the prompt.
 */
import type { GraphNode } from '../../graph/types';
import { ANSWER_LENGTH_SENTENCES } from '../params';
import { MAX_ITEMS_PER_CALL, batchByTokens, capGroups, textCost } from '../batching';
import { callTask, forEachBatch } from '../llmCall';
import { groundAnswer, taskStatements } from '../pairs';
import { chunkById, type PairSlot, type PipelineState } from '../state';
import { NODE } from './ids';

/** Pending slots grouped by chunk, in chunk order. */
export function pendingByChunk(state: PipelineState, filter: (s: PairSlot) => boolean) {
  const groups = new Map<string, PairSlot[]>();
  for (const s of state.slots) if (s.pending && filter(s)) groups.set(s.chunkId, [...(groups.get(s.chunkId) ?? []), s]);
  return [...groups].map(([chunkId, slots]) => ({ chunk: chunkById(state, chunkId)!, slots })).filter((g) => g.chunk);
}

/** The GenerateAnswers node. */
export const generateAnswers: GraphNode<PipelineState> = {
  id: NODE.answers,
  label: 'Answer each question from its source only',
  next: [{ to: NODE.validate }],
  async run(state, ctx) {
    const p = state.params;
    const groups = capGroups(pendingByChunk(state, (s) => s.current.answer === ''));
    const batches = batchByTokens(groups, (g) => textCost(g.chunk.text, ...g.slots.map((s) => s.current.question)), state.runtime.batchTokenBudget, (g) => g.slots.length, MAX_ITEMS_PER_CALL);
    const asked = groups.reduce((n, g) => n + g.slots.length, 0);
    let answered = 0;
    await forEachBatch(batches, async (batch) => {
      const slots = batch.flatMap((g) => g.slots);
      const reply = await callTask(state, NODE.answers, ctx, 'generate_answers', {
        chunks: batch.map((g) => ({ chunk_id: g.chunk.id, text: g.chunk.text, statements: taskStatements(state, g.chunk.id) })),
        questions: slots.map((s) => ({ question_id: s.id, chunk_id: s.chunkId, question: s.current.question, critique: s.critique })),
        answer_length: { name: p.answerLength, sentences: ANSWER_LENGTH_SENTENCES[p.answerLength] },
        custom_guidelines: p.customGuidelines ?? null,
        example_answer: p.exampleAnswer ?? null,
      }, `questions ${slots.map((s) => s.id).join(', ')}`);
      for (const g of batch) {
        for (const slot of g.slots) {
          const a = reply?.answers.find((x) => x.question_id === slot.id);
          if (a && a.answer.trim()) {
            groundAnswer(state, slot, g.chunk, a.answer, a.statement_indices);
            answered++;
          } else {
            // no answer: a regenerated pair falls back to its best version; a new question is dropped
            slot.pending = false;
            if (slot.best) slot.current = slot.best;
          }
        }
      }
    });
    const before = state.slots.length;
    state.slots = state.slots.filter((s) => s.best || s.current.answer !== '');
    if (before > state.slots.length) {
      state.errors.push({ node: NODE.answers, message: `${before - state.slots.length} question(s) got no answer and were dropped` });
    }
    return { next: NODE.validate, counts: { in: asked, out: answered, dropped: asked - answered, retried: state.retries } };
  },
};
