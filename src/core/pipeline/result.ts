/** Turns a run's state into its RunResult: best versions, accepted vs rejected, average quality, usage. */
import type { RunOutcome } from '../graph/types';
import { BudgetExceededError } from '../llm/port';
import { isAccepted } from './pairs';
import { PROMPT_VERSION } from './prompts/index';
import type { QAPair, Quality, RunResult, RunStatus } from '../domain/records';
import { CRITERIA } from '../domain/tasks';
import type { PipelineState } from './state';

/** The run status of a graph outcome (a budget stop is its own status). */
export function statusOf(outcome: RunOutcome): RunStatus {
  if (outcome.status !== 'failed') return outcome.status;
  return outcome.error instanceof BudgetExceededError ? 'budget-exceeded' : 'failed';
}

/** Feedback of an answered pair that was never validated because the run stopped (budget, cancel, failure). */
export const NOT_VALIDATED_STOPPED = 'not validated: run stopped';
/** Feedback of an answered pair whose validation call failed or returned no verdict. */
export const NOT_VALIDATED_NO_VERDICT = 'not validated: the validation call failed or returned no verdict';

/**
 * The quality given to an answered pair that has none: score 0 on every criterion (so it sorts with the pairs
 * below the threshold and "regenerate below threshold" picks it up) and feedback saying why. Such pairs are left
 * out of the average quality.
 */
export function notValidated(status: RunStatus): Quality {
  const criteria = Object.fromEntries(CRITERIA.map((c) => [c, 0])) as Quality['criteria'];
  return { score: 0, criteria, feedback: status === 'completed' ? NOT_VALIDATED_NO_VERDICT : NOT_VALIDATED_STOPPED };
}

/**
 * Builds the result from whatever the state holds, complete or partial. Every answered pair is in `qaPairs`;
 * those under the threshold, and those never validated (feedback {@link NOT_VALIDATED_STOPPED} or
 * {@link NOT_VALIDATED_NO_VERDICT}), are in `rejectedQaPairs`.
 */
export function buildResult(state: PipelineState, status: RunStatus, elapsedMs: number): RunResult {
  const threshold = state.params.validationThreshold;
  const chunkOrder = new Map(state.chunks.map((c, i) => [c.id, i]));
  const order = (a: { chunkId: string }, b: { chunkId: string }) => (chunkOrder.get(a.chunkId) ?? 0) - (chunkOrder.get(b.chunkId) ?? 0);
  const slots = [...state.slots].sort(order);
  const qaPairs: QAPair[] = [];
  const validatedQaPairs: QAPair[] = [];
  const rejectedQaPairs: QAPair[] = [];
  const scored: number[] = [];
  for (const slot of slots) {
    const found = slot.best ?? (slot.current.answer ? slot.current : undefined);
    if (!found) continue;
    if (found.quality) scored.push(found.quality.score);
    // an answered pair nobody scored stays visible as needing attention, with the reason, never silently dropped
    const pair = found.quality ? found : { ...found, quality: notValidated(status) };
    qaPairs.push(pair);
    if (isAccepted(slot, threshold)) validatedQaPairs.push(pair);
    else rejectedQaPairs.push(pair);
  }
  const averageQuality = scored.length ? Math.round((scored.reduce((a, b) => a + b, 0) / scored.length) * 1000) / 1000 : 0;
  return {
    status,
    params: state.params,
    inputSource: state.input.kind,
    chunks: state.chunks,
    statements: [...state.statements].sort((a, b) => order(a, b) || a.start - b.start),
    qaPairs,
    validatedQaPairs,
    rejectedQaPairs,
    averageQuality,
    currentIteration: state.iteration,
    errors: state.errors,
    usage: { ...state.usage },
    provider: state.runtime.llm.provider,
    model: state.runtime.llm.model,
    promptVersion: PROMPT_VERSION,
    elapsedMs,
    ...(state.personas?.length ? { personas: state.personas.map((p) => ({ ...p })) } : {}),
  };
}
