/** Turns a run's state into its RunResult: best versions, accepted vs rejected, average quality, usage. */
import type { RunOutcome } from '../graph/types';
import { BudgetExceededError } from '../llm/port';
import { isAccepted } from './pairs';
import { PROMPT_VERSION } from './prompts/index';
import type { QAPair, RunResult, RunStatus } from './records';
import type { PipelineState } from './state';

/** The run status of a graph outcome (a budget stop is its own status). */
export function statusOf(outcome: RunOutcome): RunStatus {
  if (outcome.status !== 'failed') return outcome.status;
  return outcome.error instanceof BudgetExceededError ? 'budget-exceeded' : 'failed';
}

/** Builds the result from whatever the state holds, complete or partial. */
export function buildResult(state: PipelineState, status: RunStatus, elapsedMs: number): RunResult {
  const threshold = state.params.validationThreshold;
  const chunkOrder = new Map(state.chunks.map((c, i) => [c.id, i]));
  const order = (a: { chunkId: string }, b: { chunkId: string }) => (chunkOrder.get(a.chunkId) ?? 0) - (chunkOrder.get(b.chunkId) ?? 0);
  const slots = [...state.slots].sort(order);
  const qaPairs: QAPair[] = [];
  const validatedQaPairs: QAPair[] = [];
  const rejectedQaPairs: QAPair[] = [];
  for (const slot of slots) {
    const pair = slot.best ?? (slot.current.answer ? slot.current : undefined);
    if (!pair) continue;
    qaPairs.push(pair);
    if (isAccepted(slot, threshold)) validatedQaPairs.push(pair);
    else if (pair.quality || slot.best) rejectedQaPairs.push(pair);
  }
  const scored = qaPairs.filter((p) => p.quality).map((p) => p.quality!.score);
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
  };
}
