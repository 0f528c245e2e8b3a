/**
 * The `semantic` splitter: the same structural units as the sentence splitter (units.ts), each embedded
 * (a short one with the unit before it); where the cosine distance between consecutive windows is
 * above the `breakpointPercentileThreshold` percentile, a chunk must start. It only chooses among unit
 * boundaries of sentence strength or more, so it never cuts inside a sentence, a code block or a table (an
 * oversized one is cut at lines only where the cap needs); packing, the cap and the scrap rule
 * are the sentence splitter's (pack.ts).
 */
import type { TextRange } from './chunk';
import { cosine, lexicalNeighbourDistances } from './lexical';
import { packUnits } from './pack';
import { exactOf, exactRanges, polish, type TokenCounter } from './sentence';
import { STRENGTH, structuralUnits } from './units';

/** What the semantic splitter needs (ChunkOptions plus a token counter). */
export interface SemanticOptions {
  chunkSize: number;
  breakpointPercentileThreshold: number;
  embed?: (texts: string[], signal?: AbortSignal) => Promise<number[][]>;
  signal?: AbortSignal;
  count: TokenCounter;
}

const EMBED_BATCH = 64;
/** Units shorter than this many characters are compared together with the unit before them. */
const SHORT_UNIT = 160;

/** Ranges of `text` split at semantic breakpoints between structural units, each at most `chunkSize` tokens. */
export async function semanticRanges(text: string, options: SemanticOptions): Promise<Array<TextRange & { tokens: number }>> {
  if (text.trim() === '') return [];
  const units = structuralUnits(text, options.chunkSize, options.count);
  const breaks = new Set<number>();
  if (units.length > 2) {
    // A unit is a whole block (a sentence only inside an oversized one), so it is compared on its own; a short
    // one (a list item, a line of code) borrows the text before it, so the distance is not noise.
    const windows = units.map((u, i) => text.slice(u.end - u.start < SHORT_UNIT && i > 0 ? units[i - 1].start : u.start, u.end));
    const distances = await neighbourDistances(windows, options);
    const threshold = percentile(distances, options.breakpointPercentileThreshold);
    // Lines (and smaller pieces) are units only inside a code block or table over the cap: it is cut where the cap
    // needs, never at a topic shift measured between its lines (which cut one 4,039-token code block six times).
    for (let i = 1; i < units.length; i++) if (distances[i - 1] > threshold && units[i].strength > STRENGTH.line) breaks.add(i);
  }
  const ranges = exactRanges(text, units, packUnits(units, options.chunkSize, breaks, exactOf(text, units, options.count)), options.chunkSize, options.count);
  return polish(text, ranges, options.chunkSize, options.count);
}

/** Distance between each window and the next: embeddings when given (batched), else the lexical vectors. */
async function neighbourDistances(windows: string[], options: SemanticOptions): Promise<number[]> {
  if (!options.embed) return lexicalNeighbourDistances(windows);
  const distances: number[] = [];
  let previous: number[] | undefined;
  for (let i = 0; i < windows.length; i += EMBED_BATCH) {
    options.signal?.throwIfAborted();
    const batch = windows.slice(i, i + EMBED_BATCH);
    const vectors = await options.embed(batch, options.signal);
    if (vectors.length !== batch.length) {
      throw new Error(`semantic splitter: the embedding model returned ${vectors.length} vectors for ${batch.length} texts; check the embedding model setting`);
    }
    for (const v of vectors) {
      if (previous) distances.push(1 - cosine(previous, v));
      previous = v;
    }
  }
  return distances;
}

/** Percentile with linear interpolation between closest ranks (as numpy's default). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Infinity;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (Math.min(100, Math.max(0, p)) / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}
