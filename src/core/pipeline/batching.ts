/** Groups per-chunk work into batched calls up to a prompt-token budget (never one call per question). */
import { estimateTokens } from '../text/tokens';

/** Default prompt-token budget of one batched call (an upper bound; stages split smaller to fill the concurrency). */
export const DEFAULT_BATCH_TOKEN_BUDGET = 6000;
import { MAX_ITEMS_PER_CALL, MIN_ITEMS_PER_CALL, callsFor } from '../util/callSizing';

export { MAX_ITEMS_PER_CALL, MIN_ITEMS_PER_CALL, MIN_VERDICTS_PER_CALL, MIN_EXTRACT_TOKENS_PER_CALL, callsFor } from '../util/callSizing';
/** Most statements one extraction call may ask for: it bounds the reply (and so the call's latency). */
export const MAX_STATEMENTS_PER_CALL = 40;
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

/** A hard per-call limit: the summed `measure` of a call's items stays within `max` (an item over it goes alone). */
export interface CallLimit<T> {
  measure: (item: T) => number;
  max: number;
}

/**
 * Splits `items` in order into about `parts` calls of even summed `weight` (an item goes to the next call when its
 * middle lies past the current call's share), never over any of `limits`. Items stay whole, so the items of one
 * chunk (one group) stay together, and the order of items is kept.
 */
export function splitEvenly<T>(items: readonly T[], weight: (item: T) => number, parts: number, limits: readonly CallLimit<T>[] = []): T[][] {
  const total = items.reduce((sum, item) => sum + weight(item), 0);
  const share = total / Math.max(1, parts);
  const batches: T[][] = [];
  let current: T[] = [];
  let used = limits.map(() => 0);
  let done = 0;
  for (const item of items) {
    const w = weight(item);
    const over = limits.some((l, i) => used[i] + l.measure(item) > l.max);
    // the last call takes the rest: the shares never make more than `parts` calls (only a hard limit does)
    const pastShare = batches.length + 1 < parts && done + w / 2 > share * (batches.length + 1);
    if (current.length > 0 && (over || pastShare)) {
      batches.push(current);
      current = [];
      used = limits.map(() => 0);
    }
    current.push(item);
    limits.forEach((l, i) => { used[i] += l.measure(item); });
    done += w;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** The per-call limit of prompt tokens for items costing `cost`, within `budget` (instructions and framing left out). */
export function promptLimit<T>(cost: (item: T) => number, budget: number): CallLimit<T> {
  return { measure: cost, max: budget - OVERHEAD_TOKENS };
}

/**
 * Splits groups of pairs (one chunk each, at most MAX_ITEMS_PER_CALL pairs) to fill the concurrency: about
 * `concurrency` calls of even size when there are enough pairs (at least `minPerCall` a call), each within the item
 * cap and the prompt budget.
 */
export function splitSlotGroups<G extends { slots: readonly unknown[] }>(groups: readonly G[], cost: (group: G) => number, budget: number, concurrency: number, minPerCall = MIN_ITEMS_PER_CALL): G[][] {
  const pairs = groups.reduce((n, g) => n + g.slots.length, 0);
  return splitEvenly(groups, (g) => g.slots.length, callsFor(pairs, concurrency, minPerCall, MAX_ITEMS_PER_CALL), [
    { measure: (g) => g.slots.length, max: MAX_ITEMS_PER_CALL },
    promptLimit(cost, budget),
  ]);
}
