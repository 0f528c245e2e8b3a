/**
 * GenerateAnswers: answers every pending question from its evidence only (the passages around its supporting
 * statements; the whole chunk when it has none aligned), batched by chunk up to the token budget, with the
 * answer critique when the validator asked for a new answer to the same question, and the answer_length in the prompt.
 */
import type { GraphNode } from '../../graph/types';
import { ANSWER_LENGTH_SENTENCES } from '../../domain/params';
import { batchSlotGroups, textCost } from '../batching';
import { evidenceByChunk, evidenceSpans, evidenceText, mergeSpans } from '../evidence';
import { callTask, forEachBatch } from '../llmCall';
import { groundAnswer, statementsAt, statementsById, taskStatements } from '../pairs';
import type { Chunk } from '../../domain/records';
import { slotGroups, type PairSlot, type PipelineState } from '../state';
import type { TaskStatement } from '../../domain/tasks';
import { NODE } from './ids';

/** A chunk's part of an answer call: its evidence text and the statements the answers may cite. */
interface AnswerSource {
  chunk: Chunk;
  slots: PairSlot[];
  text: string;
  statements: TaskStatement[];
}

/** Sets each slot's evidence from its supporting statements and builds the chunk's part of the prompt. */
function answerSource(state: PipelineState, chunk: Chunk, slots: PairSlot[]): AnswerSource {
  const cited = new Map<number, TaskStatement>();
  for (const slot of slots) {
    const support = statementsById(state, chunk.id, slot.current.statementIds);
    slot.evidence = evidenceSpans(chunk, support.map((s) => s.statement), state.params.answerLength);
    for (const { statement, index } of support) cited.set(index, { index, text: statement.content });
  }
  const text = evidenceText(chunk, slots.map((s) => s.evidence));
  // the whole chunk is sent when some question has no evidence of its own: then all its statements may be cited
  const statements = text === chunk.text ? taskStatements(state, chunk.id) : [...cited.values()].sort((a, b) => a.index - b.index);
  return { chunk, slots, text, statements };
}

/**
 * The GenerateAnswers node. Counts: in = questions to answer, out = answered, dropped = new questions left
 * without an answer (removed); regenerated pairs without one keep their best version (neither).
 */
export const generateAnswers: GraphNode<PipelineState> = {
  id: NODE.answers,
  label: 'Answer each question from its source only',
  next: [{ to: NODE.validate }],
  async run(state, ctx) {
    const p = state.params;
    const groups = slotGroups(state, (s) => s.pending && s.current.answer === '').map((g) => answerSource(state, g.chunk, g.slots));
    const batches = batchSlotGroups(groups, (g) => textCost(g.text, ...g.statements.map((s) => s.text), ...g.slots.map((s) => s.current.question)), state.runtime.batchTokenBudget);
    const asked = groups.reduce((n, g) => n + g.slots.length, 0);
    let answered = 0;
    await forEachBatch(batches, async (batch) => {
      const slots = batch.flatMap((g) => g.slots);
      const reply = await callTask(state, NODE.answers, ctx, 'generate_answers', {
        chunks: mergeByChunk(batch),
        questions: slots.map((s) => ({ question_id: s.id, chunk_id: s.chunkId, question: s.current.question, ...(s.answerCritique ? { answer_critique: s.answerCritique } : {}) })),
        answer_length: { name: p.answerLength, sentences: ANSWER_LENGTH_SENTENCES[p.answerLength] },
        custom_guidelines: p.customGuidelines ?? null,
        example_answer: p.exampleAnswer ?? null,
      }, `questions ${slots.map((s) => s.id).join(', ')}`);
      for (const g of batch) {
        for (const slot of g.slots) {
          const a = reply?.answers.find((x) => x.question_id === slot.id);
          if (a && a.answer.trim()) {
            groundAnswer(state, slot, g.chunk, a.answer, a.statement_indices);
            widenEvidence(state, slot, g.chunk, a.statement_indices);
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
    return { next: NODE.validate, counts: { in: asked, out: answered, dropped: before - state.slots.length, retried: state.retries } };
  },
};

/** One prompt entry per chunk, even when a chunk's questions were split over capped groups of one batch. */
function mergeByChunk(batch: readonly AnswerSource[]): Array<{ chunk_id: string; text: string; statements: TaskStatement[] }> {
  return evidenceByChunk(batch).map(({ chunk, text, groups }) => {
    const byIndex = new Map(groups.flatMap((g) => g.statements).map((s) => [s.index, s]));
    // a group sent the whole chunk already carries all its statements, so the union is right either way
    return { chunk_id: chunk.id, text, statements: [...byIndex.values()].sort((a, b) => a.index - b.index) };
  });
}

/** The validator sees what the answer rests on: the question's evidence plus the statements the answer cited. */
function widenEvidence(state: PipelineState, slot: PairSlot, chunk: Chunk, indices: number[]): void {
  if (!slot.evidence) return;
  const cited = evidenceSpans(chunk, statementsAt(state, chunk.id, indices), state.params.answerLength) ?? [];
  slot.evidence = mergeSpans([...slot.evidence, ...cited]);
}
