/**
 * PrepareEnhancement: sends each failing pair to the stage its critique concerns — revise_question marks the
 * question for rewriting (answered fresh afterwards), revise_answer re-opens the answer under the same question —
 * and leaves dropped pairs alone; or starts the one top-up round for a shortfall of validated pairs.
 */
import type { GraphNode } from '../../graph/types';
import { isAccepted, wantsPolish } from '../pairs';
import type { PairSlot, PipelineState } from '../state';
import { passes, polishRoute, routeOf } from '../verdict';
import { NODE } from './ids';
import { startTopUp } from './topUp';

const UNVALIDATED_CRITIQUE = 'This pair could not be validated. Make the question specific and standalone, and answer it fully from the source.';

/**
 * The PrepareEnhancement node: counts the iteration and marks the weak pairs with their critique.
 * Counts: in = pairs in the run, out = pairs marked for another iteration (none before a top-up round).
 */
export const prepareEnhancement: GraphNode<PipelineState> = {
  id: NODE.enhance,
  label: 'Collect each weak pair\'s critique and start another iteration',
  next: [{ to: NODE.questions }],
  async run(state) {
    if (startTopUp(state)) {
      // the top-up round asks for new pairs; it is not another reflection iteration and revises nothing
      return { next: NODE.questions, counts: { in: state.slots.length, out: 0 } };
    }
    state.iteration++;
    let marked = 0;
    for (const slot of state.slots) {
      const forced = state.forceRevise.has(slot.id);
      const polish = !forced && wantsPolish(slot, state.params.validationThreshold);
      if (!forced && !polish && (slot.dropped || slot.settled || isAccepted(slot, state.params.validationThreshold))) continue;
      if (polish) slot.polished = true;
      markForRevision(slot, forced, state.params.validationThreshold, state.iteration);
      marked++;
    }
    state.forceRevise.clear();
    return { next: NODE.questions, counts: { in: state.slots.length, out: marked } };
  },
};

/**
 * Routes one slot: a forced revision (regeneration) or a revise_question verdict rewrites the question with the
 * question critique (after a verdict, the new question's answer is written with the answer critique, when there
 * is one); revise_answer keeps the best version's question and clears its answer, to be written again with the
 * answer critique.
 */
function markForRevision(slot: PairSlot, forced: boolean, threshold: number, iteration: number): void {
  const quality = slot.best?.quality;
  const route = !quality ? 'revise_question' : passes(quality, threshold) ? polishRoute(quality) : routeOf(quality, threshold);
  if (route === 'revise_answer' && !forced && slot.best) {
    slot.current = { ...slot.best, answer: '', iteration };
    delete slot.current.quality;
    slot.answerCritique = quality?.answerCritique || quality?.feedback || UNVALIDATED_CRITIQUE;
    slot.questionCritique = null;
    slot.pending = true;
    return;
  }
  slot.revise = true;
  // what the validator said of the answer still holds for the answer to the reworded question (a trial's pair kept
  // the over-claim its critique named, because only the question critique reached the next round)
  slot.answerCritique = forced ? null : quality?.answerCritique || null;
  // a critique set before (regeneration after a source change) says more than the last one
  slot.questionCritique ??= quality?.questionCritique || quality?.feedback || UNVALIDATED_CRITIQUE;
}
