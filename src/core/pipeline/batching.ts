/** Groups per-chunk work into batched calls up to a prompt-token budget (never one call per question). */
import { estimateTokens } from '../text/tokens';

/** Default prompt-token budget of one batched call. */
export const DEFAULT_BATCH_TOKEN_BUDGET = 6000;
/**
 * Most items (questions, pairs) one call may ask about, so that the reply stays well inside a model's output
 * limit however small the chunks are.
 */
export const MAX_ITEMS_PER_CALL = 20;
/** Tokens assumed for instructions and JSON framing of each call. */
const OVERHEAD_TOKENS = 400;

/**
 * Packs `items` in order into batches whose summed cost stays within `budget` and whose summed `size`
 * stays within `maxSize` (an item over either limit gets a batch of its own).
 */
export function batchByTokens<T>(items: readonly T[], cost: (item: T) => number, budget: number, size: (item: T) => number = () => 1, maxSize = Infinity): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let used = OVERHEAD_TOKENS;
  let count = 0;
  for (const item of items) {
    const c = cost(item);
    const n = size(item);
    if (current.length > 0 && (used + c > budget || count + n > maxSize)) {
      batches.push(current);
      current = [];
      used = OVERHEAD_TOKENS;
      count = 0;
    }
    current.push(item);
    used += c;
    count += n;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** Batches groups of pairs (one chunk each) by prompt tokens and by the per-call item cap. */
export function batchSlotGroups<G extends { slots: readonly unknown[] }>(groups: readonly G[], cost: (group: G) => number, budget: number): G[][] {
  return batchByTokens(groups, cost, budget, (g) => g.slots.length, MAX_ITEMS_PER_CALL);
}

/** Token estimate of some texts as they appear in a JSON prompt. */
export function textCost(...texts: string[]): number {
  return texts.reduce((sum, t) => sum + estimateTokens(t) + 8, 0);
}

/** Splits each chunk's group of pairs into groups of at most `max` pairs (same chunk, several calls). */
export function capGroups<G extends { slots: readonly unknown[] }>(groups: readonly G[], max: number = MAX_ITEMS_PER_CALL): G[] {
  return groups.flatMap((g) => {
    if (g.slots.length <= max) return [g];
    const parts: G[] = [];
    for (let i = 0; i < g.slots.length; i += max) parts.push({ ...g, slots: g.slots.slice(i, i + max) });
    return parts;
  });
}
