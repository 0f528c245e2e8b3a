/**
 * How the pipeline sizes its model calls: how many calls a stage splits into and the bounds of one call. Below the
 * pipeline so that the before-the-run estimate (src/core/llm/estimate.ts) follows the same rule as the run.
 */

/** Default number of model calls in flight at once. */
export const DEFAULT_CONCURRENCY = 4;
/**
 * Most items (questions, pairs) one call may ask about, so that the reply stays well inside a model's output
 * limit however small the chunks are.
 */
export const MAX_ITEMS_PER_CALL = 12;
/**
 * Fewest items (questions, pairs) a stage puts in one call when it splits to fill the concurrency: below this the
 * repeated instructions cost more prompt tokens and calls than the parallelism saves.
 */
export const MIN_ITEMS_PER_CALL = 5;
/**
 * Fewest pairs one validation call gets when validation splits to fill the concurrency: its instructions (the
 * rubric) are the longest of any stage and a verdict is a short reply, so at 5 pairs a call the instructions were
 * half its prompt while the reply it waited for stayed short.
 */
export const MIN_VERDICTS_PER_CALL = 8;
/** Fewest chunk tokens one extraction call gets when extraction splits to fill the concurrency. */
export const MIN_EXTRACT_TOKENS_PER_CALL = 1200;
/**
 * How many calls a stage with `total` units of work splits into: the concurrency when there is enough work for it
 * (at least `minPerCall` units a call), fewer otherwise, and never fewer than the per-call cap `maxPerCall` needs.
 */
export function callsFor(total: number, concurrency: number, minPerCall: number, maxPerCall: number = Infinity): number {
  const byWork = Math.min(concurrency, Math.floor(total / minPerCall));
  return Math.max(1, byWork, Math.ceil(total / maxPerCall));
}
