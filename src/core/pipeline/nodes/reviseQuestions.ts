/**
 * The enhancement half of GenerateQuestions: rewrite only the marked pairs, each with its own question critique
 * and the body of evidence of its current version.
 */
import type { NodeContext } from '../../graph/types';
import { DuplicateFilter } from '../../util/dedup';
import { normalizeText } from '../../util/similarity';
import { splitSlotGroups, textCost } from '../batching';
import { localId } from '../callIds';
import { callTask, forEachBatch, type CallTally } from '../llmCall';
import type { QuestionCounts } from './topUp';
import { bodiesCost, evidenceTable, pairBodies } from '../evidenceBody';
import { kindFieldsOf } from '../kindFields';
import { settle, statementsAt, versionKey } from '../pairs';
import { slotGroups, type PairSlot, type PipelineState } from '../state';
import { NODE } from './ids';
import { materialOf, steeringOf } from './steering';

/**
 * True when `question` repeats another pair's question: exactly (normalised) anywhere in the run, or nearly
 * within the same chunk (where near-duplicates come from), so the check stays linear in the run's size.
 */
function repeatsAnother(state: PipelineState, norms: Map<PairSlot, string>, slot: PairSlot, question: string): boolean {
  const norm = normalizeText(question);
  const sameChunk = new DuplicateFilter();
  for (const other of state.slots) {
    if (other === slot) continue;
    if (norms.get(other) === norm) return true;
    if (other.chunkId === slot.chunkId) sameChunk.add((other.best ?? other.current).question);
  }
  return sameChunk.isDuplicate(question);
}

/**
 * Sends the marked pairs (grouped by chunk, batched) to revise_questions. A revision that repeats another
 * pair's question is not used; the pair is then answered again under its old question. Either way the answer
 * critique, when the validator wrote one, goes on to that answer. A pair left with the question it was validated
 * with and no answer critique is settled instead: its answer would be asked for again with nothing new to go on.
 */
export async function reviseMarkedQuestions(state: PipelineState, ctx: NodeContext, tally: CallTally): Promise<QuestionCounts> {
  const marked = state.slots.filter((s) => s.revise);
  const groups = slotGroups(state, (s) => s.revise);
  const bodies = new Map(marked.map((s) => [s, pairBodies(state, s)]));
  const batches = splitSlotGroups(groups, (g) => bodiesCost(g.slots.flatMap((s) => bodies.get(s)!)) + textCost(...g.slots.flatMap((s) => [(s.best ?? s.current).question, s.questionCritique ?? ''])), state.runtime.batchTokenBudget, state.runtime.splitCalls);
  const steering = steeringOf(state);
  const norms = new Map(state.slots.map((s) => [s, normalizeText((s.best ?? s.current).question)]));
  let revised = 0;
  let kept = 0;

  await forEachBatch(batches, async (batch) => {
    const slots = batch.flatMap((g) => g.slots);
    const table = evidenceTable(slots.flatMap((s) => bodies.get(s)!));
    const reply = await callTask(state, NODE.questions, ctx, 'revise_questions', {
      ...steering,
      ...materialOf(state),
      evidence: table.evidence,
      pairs: slots.map((s, i) => {
        const base = s.best ?? s.current;
        return {
          pair_id: localId('p', i), evidence_id: table.idOf(bodies.get(s)![0]), ...kindFieldsOf(s, table, bodies.get(s)!), question_type: s.questionType, question: base.question,
          score: base.quality?.score ?? 0, question_critique: s.questionCritique ?? '',
        };
      }),
    }, `pairs ${slots.map((s) => s.id).join(', ')}`, tally);
    for (const [i, slot] of slots.entries()) {
      const base = slot.best ?? slot.current;
      const revision = reply?.revisions.find((r) => r.pair_id === localId('p', i));
      const usable = revision && revision.question.trim() && !repeatsAnother(state, norms, slot, revision.question);
      // a revision may rest only on statements of the body it was shown
      const shown = new Set(bodies.get(slot)![0].statements.map((s) => s.index));
      // a multi_hop question keeps the statements of every chunk it drew on (a revision cites its first body only)
      const statementIds = usable && !slot.current.moreChunkIds?.length ? statementsAt(state, slot.chunkId, revision.statement_indices.filter((i) => shown.has(i))).map((s) => s.id) : base.statementIds;
      const question = usable ? revision.question.trim() : base.question;
      if (question === base.question && !slot.answerCritique && slot.tried?.has(versionKey(base))) {
        settle(slot);
        kept++;
        continue;
      }
      slot.current = {
        ...base,
        question,
        answer: '',
        quality: undefined,
        statementIds: statementIds.length > 0 ? statementIds : base.statementIds,
        iteration: state.iteration,
      };
      delete slot.current.quality;
      slot.revise = false;
      slot.questionCritique = null;
      slot.pending = true;
      norms.set(slot, normalizeText(slot.current.question));
      if (usable) revised++;
      else kept++;
    }
  });
  return { in: marked.length, out: revised, dropped: 0, rejected: kept };
}
