/**
 * PrepareEnhancement: marks only the pairs below the threshold for another round, each with its critique; or
 * starts the one top-up round for a shortfall of validated pairs.
 */
import type { GraphNode } from '../../graph/types';
import { isAccepted } from '../pairs';
import type { PipelineState } from '../state';
import { NODE } from './ids';

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
    if (state.topUp === 'due') {
      // the top-up round asks for new pairs; it is not another reflection iteration and revises nothing
      state.topUp = 'running';
      return { next: NODE.questions, counts: { in: state.slots.length, out: 0 } };
    }
    state.iteration++;
    let marked = 0;
    for (const slot of state.slots) {
      if (isAccepted(slot, state.params.validationThreshold) && !state.forceRevise.has(slot.id)) continue;
      slot.revise = true;
      // a critique set before (regeneration after a source change) says more than the last feedback
      slot.critique ??= slot.best?.quality?.feedback || UNVALIDATED_CRITIQUE;
      marked++;
    }
    state.forceRevise.clear();
    return { next: NODE.questions, counts: { in: state.slots.length, out: marked } };
  },
};
