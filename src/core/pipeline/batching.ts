/** Groups per-chunk work into batched calls up to a prompt-token budget (never one call per question). */
import { estimateTokens } from '../text/tokens';

/** Default prompt-token budget of one batched call. */
export const DEFAULT_BATCH_TOKEN_BUDGET = 6000;
/** Tokens assumed for instructions and JSON framing of each call. */
const OVERHEAD_TOKENS = 400;

/**
 * Packs `items` in order into batches whose summed cost stays within `budget` (an item bigger than the
 * budget gets a batch of its own).
 */
export function batchByTokens<T>(items: readonly T[], cost: (item: T) => number, budget: number): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let used = OVERHEAD_TOKENS;
  for (const item of items) {
    const c = cost(item);
    if (current.length > 0 && used + c > budget) {
      batches.push(current);
      current = [];
      used = OVERHEAD_TOKENS;
    }
    current.push(item);
    used += c;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** Token estimate of some texts as they appear in a JSON prompt. */
export function textCost(...texts: string[]): number {
  return texts.reduce((sum, t) => sum + estimateTokens(t) + 8, 0);
}
