/**
 * GenerateAnswers: answers every pending question from its body of evidence only (the statements its question
 * rests on, with their quotes, and one window of whole sentences around them; the whole chunk when none is
 * aligned), batched by chunk up to the token budget, with the answer critique when the validator asked for a
 * new answer to the same question, and the answer_length in the prompt. The body is kept for validation.
 */
import type { GraphNode } from '../../graph/types';
import { ANSWER_MAX_SENTENCES } from '../../domain/params';
import { splitSlotGroups, textCost } from '../batching';
import { bodiesCost, evidenceTable, pairBodies, type EvidenceBody } from '../evidenceBody';
import { kindFieldsOf } from '../kindFields';
import { callTask, forEachBatch, newTally } from '../llmCall';
import { localId } from '../callIds';
import { groundAnswer } from '../pairs';
import { slotGroups, type PairSlot, type PipelineState } from '../state';
import { NODE } from './ids';
import { materialOf } from './steering';

/** A chunk's part of an answer call: its questions, each with its bodies of evidence (its own first). */
interface AnswerGroup {
  slots: PairSlot[];
  bodies: EvidenceBody[][];
}

/**
 * The GenerateAnswers node. Counts: in = questions to answer, out = answered, dropped = new questions left
 * without an answer (removed); regenerated pairs without one keep their best version (neither).
 */
export const generateAnswers: GraphNode<PipelineState> = {
  id: NODE.answers,
  label: 'Answer each question from its body of evidence only',
  next: [{ to: NODE.validate }],
  async run(state, ctx) {
    const p = state.params;
    const tally = newTally();
    const groups: AnswerGroup[] = slotGroups(state, (s) => s.pending && s.current.answer === '')
      .map((g) => ({ slots: g.slots, bodies: g.slots.map((s) => pairBodies(state, s)) }));
    const batches = splitSlotGroups(groups, (g) => bodiesCost(g.bodies.flat()) + textCost(...g.slots.flatMap((s) => [s.current.question, s.answerCritique ? `${s.answerCritique} ${s.best?.answer ?? ''}` : ''])), state.runtime.batchTokenBudget, state.runtime.splitCalls);
    const asked = groups.reduce((n, g) => n + g.slots.length, 0);
    let answered = 0;
    await forEachBatch(batches, async (batch) => {
      const items = batch.flatMap((g) => g.slots.map((slot, i) => ({ slot, body: g.bodies[i][0], bodies: g.bodies[i] })));
      const table = evidenceTable(items.flatMap((x) => x.bodies));
      const reply = await callTask(state, NODE.answers, ctx, 'generate_answers', {
        ...materialOf(state),
        evidence: table.evidence,
        questions: items.map(({ slot, body, bodies }, i) => ({
          question_id: localId('q', i), evidence_id: table.idOf(body), ...kindFieldsOf(slot, table, bodies), question: slot.current.question,
          ...(slot.answerCritique ? { answer_critique: slot.answerCritique, ...(slot.best?.answer ? { previous_answer: slot.best.answer } : {}) } : {}),
        })),
        answer_length: { name: p.answerLength, max_sentences: ANSWER_MAX_SENTENCES[p.answerLength] },
        ...(p.customGuidelines ? { custom_guidelines: p.customGuidelines } : {}),
        ...(p.exampleAnswer ? { example_answer: p.exampleAnswer } : {}),
      }, `questions ${items.map((x) => x.slot.id).join(', ')}`, tally);
      for (const [i, { slot, body, bodies }] of items.entries()) {
        const a = reply?.answers.find((x) => x.question_id === localId('q', i));
        if (a && a.answer.trim()) {
          groundAnswer(state, slot, body, a.answer, a.statement_indices, bodies.slice(1));
          answered++;
        } else {
          // no answer: a regenerated pair falls back to its best version; a new question is dropped
          slot.pending = false;
          if (slot.best) slot.current = slot.best;
        }
      }
    });
    const before = state.slots.length;
    state.slots = state.slots.filter((s) => s.best || s.current.answer !== '');
    if (before > state.slots.length) {
      state.errors.push({ node: NODE.answers, message: `${before - state.slots.length} question(s) got no answer and were dropped` });
    }
    return { next: NODE.validate, counts: { in: asked, out: answered, dropped: before - state.slots.length, retried: tally.retried } };
  },
};
