/**
 * Merging a new generation into an existing dataset file (DESIGN.md §5): new pairs are added; pairs a person
 * accepted or edited are kept unless a replacement is explicitly requested; rejected pairs stay rejected (a
 * regeneration never brings back a question a reviewer threw out); a regenerated draft keeps its id and records
 * the replaced version's score; invalid lines are kept.
 */
import { pairToLine } from './canonical';
import type { DatasetEntry, DatasetPair } from './types';

/** Options of mergeDatasets. */
export interface MergeOptions {
  /** Also replace accepted and edited pairs (rejected ones are never replaced). */
  replaceReviewed?: boolean;
  /**
   * Incoming pairs keep their review status (merging dataset files, e.g. shards: a pair accepted in a shard stays
   * accepted). Default: they come in as drafts (a generation's pairs are unreviewed).
   */
  keepStatus?: boolean;
}

/** What a merge did, for summaries. */
export interface MergeSummary {
  added: number;
  replaced: number;
  unchanged: number;
  /** Kept because a person accepted, edited or rejected them. */
  keptReviewed: number;
}

/** "2 added, 1 replaced, 5 unchanged, 0 kept as reviewed": what a merge did, as the CLI and the extension report it. */
export function mergeCounts(merge: MergeSummary): string {
  return `${merge.added} added, ${merge.replaced} replaced, ${merge.unchanged} unchanged, ${merge.keptReviewed} kept as reviewed`;
}

function sameContent(a: DatasetPair, b: DatasetPair): boolean {
  const strip = (p: DatasetPair): string => pairToLine({ ...p, status: 'draft', previous_scores: undefined });
  return strip(a) === strip(b);
}

function replacement(existing: DatasetPair, incoming: DatasetPair, keepStatus: boolean): DatasetPair {
  const history = [...(existing.previous_scores ?? [])];
  if (existing.quality) history.push(existing.quality.score);
  history.push(...(incoming.previous_scores ?? []));
  const out: DatasetPair = { ...incoming, id: existing.id, status: keepStatus ? incoming.status : 'draft' };
  if (history.length) out.previous_scores = history;
  else delete out.previous_scores;
  return out;
}

/**
 * Merges `incoming` pairs into `existing` entries; pairs of `existing` not in `incoming` are kept as they are.
 * Running the same generation twice changes nothing (an identical incoming pair leaves the existing one alone).
 */
export function mergeDatasets(
  existing: readonly DatasetEntry[],
  incoming: readonly DatasetPair[],
  options: MergeOptions = {},
): DatasetEntry[] {
  return mergeWithSummary(existing, incoming, options).entries;
}

/** mergeDatasets, also telling how many pairs were added, replaced, unchanged or kept as reviewed. */
export function mergeWithSummary(
  existing: readonly DatasetEntry[],
  incoming: readonly DatasetPair[],
  options: MergeOptions = {},
): { entries: DatasetEntry[]; summary: MergeSummary } {
  const summary: MergeSummary = { added: 0, replaced: 0, unchanged: 0, keptReviewed: 0 };
  const entries: DatasetEntry[] = existing.map((e) => ({ ...e }));
  const indexOfId = new Map<string, number>();
  entries.forEach((e, i) => {
    if (e.kind === 'pair') indexOfId.set(e.pair.id, i);
  });
  // a loop, not Math.max(...lines): spreading passes every line as an argument, past the stack at ~125,000 lines
  let nextLine = entries.reduce((last, e) => Math.max(last, e.line), 0) + 1;
  for (const pair of incoming) {
    const at = indexOfId.get(pair.id);
    if (at === undefined) {
      indexOfId.set(pair.id, entries.length);
      entries.push({ kind: 'pair', line: nextLine++, pair: { ...pair, status: options.keepStatus ? pair.status : 'draft' } });
      summary.added++;
      continue;
    }
    const entry = entries[at] as Extract<DatasetEntry, { kind: 'pair' }>;
    const current = entry.pair;
    const reviewed = current.status === 'accepted' || current.status === 'edited';
    if (current.status === 'rejected' || (reviewed && !options.replaceReviewed)) {
      summary.keptReviewed++;
    } else if (sameContent(current, pair) && (!options.keepStatus || current.status === pair.status)) {
      summary.unchanged++;
    } else {
      entries[at] = { ...entry, pair: sameContent(current, pair) ? { ...current, status: pair.status } : replacement(current, pair, options.keepStatus ?? false) };
      summary.replaced++;
    }
  }
  return { entries, summary };
}
