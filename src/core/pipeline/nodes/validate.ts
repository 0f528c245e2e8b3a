/**
 * ValidateQAPairs: scores every pending pair on the five named criteria against the body of evidence its answer
 * was written from (batched by chunk), keeps each pair's best version, and routes to enhancement while pairs
 * are below the threshold and iterations remain — or, once, to a top-up round when fewer pairs than num_pairs
 * are validated and some statements are still unused.
 */
import type { GraphNode } from '../../graph/types';
import { END } from '../../graph/types';
import { MIN_VERDICTS_PER_CALL, splitSlotGroups, textCost } from '../batching';
import { pairBodies, bodiesCost, evidenceTable } from '../evidenceBody';
import { kindFieldsOf } from '../kindFields';
import { withKindCheck } from '../kindCheck';
import { callTask, forEachBatch, newTally } from '../llmCall';
import { localId } from '../callIds';
import { isAccepted, recordVersion, settleRepeat, versionKey, wantsPolish } from '../pairs';
import { qualityOf, withQuestionChecks } from '../verdict';
import { withAgentStanding } from '../agentStanding';
import { slotGroups, type PipelineState } from '../state';
import { EDGE, NODE } from './ids';
import { materialOf } from './steering';
import { settleTopUp } from './topUp';

/** True when another enhancement iteration should run: some pair fails and was neither dropped nor settled. */
export function needsEnhancement(state: PipelineState): boolean {
  const threshold = state.params.validationThreshold;
  const open = state.slots.some((s) => (!s.dropped && !s.settled && !isAccepted(s, threshold)) || wantsPolish(s, threshold));
  return open && state.iteration < state.params.maxReflectionIterations;
}

/**
 * The ValidateQAPairs node; routes to PrepareEnhancement or to the end. Counts: in = pairs scored, out = passed
 * (threshold and gates), rejected = failed, dropped included (kept as rejected pairs, never removed).
 */
export const validatePairs: GraphNode<PipelineState> = {
  id: NODE.validate,
  label: 'Score pairs on grounded, complete, relevant, clear, standalone; keep, revise or drop each',
  next: [{ to: NODE.enhance, label: EDGE.below }, { to: END, label: EDGE.met }],
  async run(state, ctx) {
    const threshold = state.params.validationThreshold;
    const tally = newTally();
    // a version validated before would get the same verdict again: it is not sent, and another round would repeat it
    const repeats = state.slots.filter((s) => settleRepeat(s));
    const groups = slotGroups(state, (s) => s.pending && s.current.answer !== '')
      .map((g) => ({ slots: g.slots, bodies: g.slots.map((s) => pairBodies(state, s)) }));
    const cost = (g: (typeof groups)[number]) => bodiesCost(g.bodies.flat()) + textCost(...g.slots.flatMap((s) => [s.current.question, s.current.answer]));
    const batches = splitSlotGroups(groups, cost, state.runtime.batchTokenBudget, state.runtime.splitCalls, MIN_VERDICTS_PER_CALL);
    const total = groups.reduce((n, g) => n + g.slots.length, 0);
    let accepted = repeats.filter((s) => isAccepted(s, threshold)).length;
    let rejected = repeats.length - accepted;
    await forEachBatch(batches, async (batch) => {
      const items = batch.flatMap((g) => g.slots.map((slot, i) => ({ slot, body: g.bodies[i][0], bodies: g.bodies[i] })));
      const slots = items.map((x) => x.slot);
      const table = evidenceTable(items.flatMap((x) => x.bodies));
      const reply = await callTask(state, NODE.validate, ctx, 'validate_pairs', {
        ...materialOf(state),
        threshold,
        evidence: table.evidence.map(({ evidence_id, text }) => ({ evidence_id, text })),
        pairs: items.map(({ slot, body, bodies }, i) => ({ pair_id: localId('p', i), evidence_id: table.idOf(body), ...kindFieldsOf(slot, table, bodies), question: slot.current.question, answer: slot.current.answer })),
      }, `pairs ${slots.map((s) => s.id).join(', ')}`, tally);
      let missing = 0;
      for (const [i, { slot, body }] of items.entries()) {
        slot.pending = false;
        slot.questionCritique = null;
        slot.answerCritique = null;
        const verdict = reply?.verdicts.find((v) => v.pair_id === localId('p', i));
        if (!verdict) {
          missing++;
          slot.best ??= slot.current;
          continue;
        }
        const subject = (body.chunk.headingPath ?? []).join(' ');
        const checked = withKindCheck(withAgentStanding(qualityOf(verdict), verdict.agent_standing), slot.current.kind, verdict.kind_check);
        const quality = slot.current.kind === 'unanswerable' ? checked : withQuestionChecks(checked, slot.current.question, slot.current.answer, subject);
        (slot.tried ??= new Set()).add(versionKey(slot.current));
        const best = recordVersion(slot, quality, threshold);
        const ok = isAccepted(slot, threshold);
        if (ok) accepted++;
        else rejected++;
        state.runtime.emit({ type: 'pair-validated', pair: best, accepted: ok });
      }
      if (reply && missing > 0) {
        state.errors.push({ node: NODE.validate, message: `the validator returned no verdict for ${missing} pair(s); they stay unvalidated` });
      }
    });
    const enhance = needsEnhancement(state);
    const topUp = settleTopUp(state, !enhance);
    const next: typeof NODE.enhance | typeof END = enhance || topUp ? NODE.enhance : END;
    // failing pairs are kept (enhanced, or returned as rejected pairs with their critiques), never removed
    return { next, counts: { in: total + repeats.length, out: accepted, dropped: 0, retried: tally.retried, rejected } };
  },
};
