/**
 * The `semantic` splitter: each sentence is embedded together with its neighbours (a window of three), the
 * cosine distance between consecutive windows is computed, and the text breaks where that distance is above
 * the `breakpointPercentileThreshold` percentile of all distances. Groups over `chunkSize` tokens are then
 * packed sentence by sentence (and an over-long sentence is cut by the sentence splitter).
 */
import type { TextRange } from './chunk';
import { cosine, lexicalNeighbourDistances } from './lexical';
import { sentenceRanges, type TokenCounter } from './sentence';
import { sentenceUnits } from './units';

/** What the semantic splitter needs (ChunkOptions plus a token counter). */
export interface SemanticOptions {
  chunkSize: number;
  breakpointPercentileThreshold: number;
  embed?: (texts: string[], signal?: AbortSignal) => Promise<number[][]>;
  signal?: AbortSignal;
  count: TokenCounter;
}

const EMBED_BATCH = 64;

/** Ranges of `text` split at semantic breakpoints, each at most `chunkSize` tokens. */
export async function semanticRanges(text: string, options: SemanticOptions): Promise<TextRange[]> {
  const units = sentenceUnits(text);
  if (units.length === 0) return [];
  const groups: TextRange[][] = [];
  let current: TextRange[] = [units[0]];
  if (units.length > 1) {
    const windows = units.map((_, i) =>
      text.slice(units[Math.max(0, i - 1)].start, units[Math.min(units.length - 1, i + 1)].end));
    const distances = await neighbourDistances(windows, options);
    const threshold = percentile(distances, options.breakpointPercentileThreshold);
    for (let i = 1; i < units.length; i++) {
      if (distances[i - 1] > threshold) {
        groups.push(current);
        current = [];
      }
      current.push(units[i]);
    }
  }
  groups.push(current);
  const ranges: TextRange[] = [];
  for (const group of groups) ranges.push(...(await capGroup(text, group, options)));
  return ranges;
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

/** Packs a group's sentences into ranges of at most chunkSize tokens. */
async function capGroup(text: string, group: TextRange[], options: SemanticOptions): Promise<TextRange[]> {
  const { count, chunkSize } = options;
  const whole = { start: group[0].start, end: group[group.length - 1].end };
  if (count(text.slice(whole.start, whole.end)) <= chunkSize) return [whole];
  const out: TextRange[] = [];
  let open: TextRange | undefined;
  let openTokens = 0;
  const close = async (): Promise<void> => {
    if (!open) return;
    if (count(text.slice(open.start, open.end)) <= chunkSize) out.push(open);
    else out.push(...(await sentenceRangesWithin(text, open, options)));
    open = undefined;
    openTokens = 0;
  };
  for (const unit of group) {
    const tokens = count(text.slice(unit.start, unit.end));
    if (open && openTokens + tokens + 1 > chunkSize) await close();
    open = open ? { start: open.start, end: unit.end } : { ...unit };
    openTokens += tokens + 1;
  }
  await close();
  return out;
}

async function sentenceRangesWithin(text: string, range: TextRange, options: SemanticOptions): Promise<TextRange[]> {
  const inner = await sentenceRanges(text.slice(range.start, range.end), options.chunkSize, options.count);
  return inner.map((r) => ({ start: r.start + range.start, end: r.end + range.start }));
}
