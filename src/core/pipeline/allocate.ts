/**
 * How many questions of which type each chunk gets. `numPairs` is the total for the run, spread over the chunks
 * that have facts in proportion to their material (their verified statements; their tokens before extraction),
 * no chunk asked for more questions than it has statements while others have room; the question types are
 * balanced over the whole run, and a type a chunk's statements cannot support goes to a chunk that can.
 */

/** Per chunk, how many questions of each type to keep. */
export type Allocation = Map<string, Map<string, number>>;

/** A chunk as allocation sees it: its size and, once extracted, the texts of its verified statements. */
export interface ChunkMaterial {
  id: string;
  tokens: number;
  statements?: readonly string[];
}

export { STATEMENT_RATE_TOKENS, statementsFor } from '../util/statementRate';

/**
 * A reason, purpose, condition or effect in a statement: what a conceptual question asks to explain (why it
 * happens, what it is for, when it applies, what it means). A bare fact (a mode, a flag, a term) has none.
 */
const REASON = /\b(because|since|so that|therefore|in order to|otherwise|instead|unless|why|when|if|so|allows?|lets|ensures?|means|prevents?|causes?|weil|damit|deshalb|sonst|wenn|falls|ermöglicht|bedeutet|verhindert|parce que|car|afin de|porque|para que)\b/iu;
/** A task, setting or call in a statement (what an application question applies). */
const PROCEDURE = /\b(to|use|set|run|call|configure|enable|disable|install|pass|create|add|open|select|click|press|must|should)\b|`|\(\)|=/iu;

/**
 * True when statements can support a question of `type`: factual needs one statement; conceptual a statement
 * with a reason, purpose, condition or effect to explain (two bare facts are not a relationship: asked for one,
 * a model turns a lookup into a "why" the text never answers); analysis two statements to compare or combine;
 * application a task or setting to apply (or three statements); a user-defined type, one statement.
 */
export function supportsType(type: string, statements: readonly string[]): boolean {
  const n = statements.length;
  if (n === 0) return false;
  switch (type.toLowerCase()) {
    case 'conceptual': return statements.some((s) => REASON.test(s));
    case 'analysis': return n >= 2;
    case 'application': return n >= 3 || statements.some((s) => PROCEDURE.test(s));
    default: return true;
  }
}

/**
 * Spreads `total` over `weights` (largest remainder), each entry at least one when the total allows; fewer than
 * entries go to evenly spaced ones. Also how a sharded run splits num_pairs over the shards (usecases/shard.ts).
 */
export function spread(weights: number[], total: number): number[] {
  const n = weights.length;
  if (n === 0 || total <= 0) return weights.map(() => 0);
  const safe = weights.map((w) => Math.max(w, 1));
  if (total < n) {
    // fewer pairs than chunks: pick evenly spaced chunks so the questions still span the content
    const out = weights.map(() => 0);
    for (let i = 0; i < total; i++) out[Math.floor(((i + 0.5) * n) / total)] = 1;
    return out;
  }
  const rest = total - n;
  const sum = safe.reduce((a, b) => a + b, 0);
  const exact = safe.map((w) => (w / sum) * rest);
  const out = exact.map((x) => 1 + Math.floor(x));
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    out[i]++;
  }
  return out;
}

/** Moves counts above each chunk's capacity to chunks with room (most room first), while any has room. */
function capAt(counts: number[], capacity: number[]): number[] {
  const out = [...counts];
  let excess = 0;
  out.forEach((c, i) => {
    if (c > capacity[i]) {
      excess += c - capacity[i];
      out[i] = capacity[i];
    }
  });
  while (excess > 0) {
    let best = -1;
    out.forEach((c, i) => { if (c < capacity[i] && (best < 0 || capacity[i] - c > capacity[best] - out[best])) best = i; });
    if (best < 0) break;
    out[best]++;
    excess--;
  }
  // more asked than the material supports: the rest goes where the material is, in proportion
  if (excess > 0) spread(capacity, excess).forEach((x, i) => { out[i] += x; });
  return out;
}

/**
 * The allocation of `total` questions over `chunks` and `types`. Chunks with extracted statements and none of
 * them get nothing (no facts to ask about); the others are weighted by statements (or tokens, before extraction)
 * and capped at their statement count while others have room. Types are balanced over the run (they differ by
 * at most one when the material allows), the most constrained chunks choosing first, so that a type a chunk
 * cannot support is given to one that can.
 */
export function allocateQuestions(chunks: readonly ChunkMaterial[], total: number, types: readonly string[]): Allocation {
  const eligible = chunks.filter((c) => c.statements === undefined || c.statements.length > 0);
  const counts = capAt(
    spread(eligible.map((c) => c.statements?.length ?? c.tokens), total),
    eligible.map((c) => c.statements?.length ?? Number.POSITIVE_INFINITY),
  );
  const quota = new Map(types.map((t, i) => [t, Math.floor(total / types.length) + (i < total % types.length ? 1 : 0)]));
  const supported = eligible.map((c) => types.filter((t) => c.statements === undefined || supportsType(t, c.statements)));
  const order = eligible.map((_, i) => i).sort((a, b) => supported[a].length - supported[b].length || a - b);
  const perChunk = eligible.map(() => new Map<string, number>());
  for (const i of order) {
    const own = supported[i].length > 0 ? supported[i] : types.slice(0, 1);
    for (let k = 0; k < counts[i]; k++) {
      // the supported type with the most demand left; types in their given order break ties
      const type = own.reduce((best, t) => ((quota.get(t) ?? 0) > (quota.get(best) ?? 0) ? t : best), own[0]);
      quota.set(type, (quota.get(type) ?? 0) - 1);
      perChunk[i].set(type, (perChunk[i].get(type) ?? 0) + 1);
    }
  }
  const allocation: Allocation = new Map();
  eligible.forEach((chunk, i) => { if (perChunk[i].size > 0) allocation.set(chunk.id, perChunk[i]); });
  return allocation;
}

/** A few more than needed, so that duplicates and misses can be trimmed and the count still met. */
export function withMargin(count: number): number {
  return count + Math.max(1, Math.ceil(count / 4));
}
