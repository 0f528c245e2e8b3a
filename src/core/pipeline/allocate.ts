/**
 * How many questions of which type each chunk gets: `numPairs` is the total for the run, spread over the
 * chunks in proportion to their content (every chunk gets one when the total allows), with the question
 * types balanced over the whole run.
 */

/** Per chunk, how many questions of each type to keep. */
export type Allocation = Map<string, Map<string, number>>;

/** Spreads `total` over `weights` (largest remainder), each entry at least `floor` when possible. */
function spread(weights: number[], total: number): number[] {
  const n = weights.length;
  if (n === 0 || total <= 0) return weights.map(() => 0);
  const safe = weights.map((w) => Math.max(w, 1));
  if (total < n) {
    // fewer pairs than chunks: pick evenly spaced chunks so the questions still span the content
    const out = weights.map(() => 0);
    for (let i = 0; i < total; i++) out[Math.floor(((i + 0.5) * n) / total)] = 1;
    return out;
  }
  const base = weights.map(() => 1);
  const rest = total - n;
  const sum = safe.reduce((a, b) => a + b, 0);
  const exact = safe.map((w) => (w / sum) * rest);
  const out = exact.map((x, i) => base[i] + Math.floor(x));
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    out[i]++;
  }
  return out;
}

/**
 * The allocation of `total` questions over `chunks` (weighted by tokens) and `types` (round-robin across
 * the whole run, so the types differ by at most one overall).
 */
export function allocateQuestions(chunks: ReadonlyArray<{ id: string; tokens: number }>, total: number, types: readonly string[]): Allocation {
  const counts = spread(chunks.map((c) => c.tokens), total);
  const allocation: Allocation = new Map();
  let turn = 0;
  chunks.forEach((chunk, i) => {
    const perType = new Map<string, number>();
    for (let k = 0; k < counts[i]; k++) {
      const type = types[turn++ % types.length];
      perType.set(type, (perType.get(type) ?? 0) + 1);
    }
    if (perType.size > 0) allocation.set(chunk.id, perType);
  });
  return allocation;
}

/** A few more than needed, so that duplicates and misses can be trimmed and the count still met. */
export function withMargin(count: number): number {
  return count + Math.max(1, Math.ceil(count / 4));
}
