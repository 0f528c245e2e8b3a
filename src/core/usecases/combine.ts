/** One RunResult for a generation that ran over documents and over sessions. */
import type { RunResult, RunStatus } from '../domain/records';

const SEVERITY: Record<RunStatus, number> = { completed: 0, 'budget-exceeded': 1, failed: 2, cancelled: 3 };

/** The two results as one: pairs and chunks concatenated, usage and time summed, the worse status. */
export function combineResults(a: RunResult, b: RunResult): RunResult {
  const pairs = a.qaPairs.length + b.qaPairs.length;
  return {
    ...a,
    status: SEVERITY[b.status] > SEVERITY[a.status] ? b.status : a.status,
    chunks: [...a.chunks, ...b.chunks],
    statements: [...a.statements, ...b.statements],
    qaPairs: [...a.qaPairs, ...b.qaPairs],
    validatedQaPairs: [...a.validatedQaPairs, ...b.validatedQaPairs],
    rejectedQaPairs: [...a.rejectedQaPairs, ...b.rejectedQaPairs],
    averageQuality: pairs ? (a.averageQuality * a.qaPairs.length + b.averageQuality * b.qaPairs.length) / pairs : 0,
    currentIteration: Math.max(a.currentIteration, b.currentIteration),
    errors: [...a.errors, ...b.errors],
    usage: {
      calls: a.usage.calls + b.usage.calls,
      cacheHits: a.usage.cacheHits + b.usage.cacheHits,
      promptTokens: a.usage.promptTokens + b.usage.promptTokens,
      ...(a.usage.cachedPromptTokens || b.usage.cachedPromptTokens ? { cachedPromptTokens: (a.usage.cachedPromptTokens ?? 0) + (b.usage.cachedPromptTokens ?? 0) } : {}),
      completionTokens: a.usage.completionTokens + b.usage.completionTokens,
      costUsd: a.usage.costUsd + b.usage.costUsd,
    },
    elapsedMs: a.elapsedMs + b.elapsedMs,
  };
}

/**
 * Splits a pair count over two inputs in proportion to their text size, at least 1 each, and at least `unitsA` /
 * `unitsB` (their documents / conversations) each when the total allows both: a short conversation beside long
 * pages must still get its pair (a trial's German support ticket got none when sessions were given 2 of 7 pairs for
 * 3 conversations). When the total cannot cover every unit, it is shared in proportion to the units.
 */
export function splitPairs(total: number, sizeA: number, sizeB: number, unitsA = 1, unitsB = 1): [number, number] {
  if (total < 2) return [1, 1];
  const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
  const units = Math.max(1, unitsA) + Math.max(1, unitsB);
  const a = units > total
    ? clamp(Math.round((total * Math.max(1, unitsA)) / units), 1, total - 1)
    : clamp(Math.round((total * sizeA) / Math.max(1, sizeA + sizeB)), Math.max(1, unitsA), total - Math.max(1, unitsB));
  return [a, total - a];
}
