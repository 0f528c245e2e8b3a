/**
 * Choosing which generated questions become pairs: each chunk's quota per type first, then the remaining
 * shortfall from leftover candidates (types with the fewest pairs first); exact and near duplicates of
 * anything already kept are skipped.
 */
import { DuplicateFilter } from '../util/dedup';
import type { Allocation } from './allocate';

/** A question as generated, before it becomes a pair. */
export interface Candidate {
  chunkId: string;
  question: string;
  questionType: string;
  statementIndices: number[];
}

/** Result of a selection round. */
export interface Selection {
  kept: Candidate[];
  /** Candidates dropped as duplicates. */
  duplicates: number;
}

/**
 * Picks up to `total - alreadyKept` candidates: quotas of `allocation` first, then a fill from the rest.
 * @param typeCounts pairs of each type kept so far in the run (updated)
 * @param filter remembers every kept question of the run (updated)
 */
export function selectQuestions(candidates: readonly Candidate[], allocation: Allocation, need: number, typeCounts: Map<string, number>, filter: DuplicateFilter): Selection {
  const kept: Candidate[] = [];
  const leftovers: Candidate[] = [];
  let duplicates = 0;
  const quota = new Map<string, Map<string, number>>();
  for (const [chunkId, perType] of allocation) quota.set(chunkId, new Map(perType));

  for (const c of candidates) {
    if (!c.question.trim()) continue;
    const left = quota.get(c.chunkId)?.get(c.questionType) ?? 0;
    if (left <= 0 || kept.length >= need) {
      leftovers.push(c);
      continue;
    }
    if (!filter.add(c.question)) {
      duplicates++;
      continue;
    }
    quota.get(c.chunkId)!.set(c.questionType, left - 1);
    kept.push(c);
    typeCounts.set(c.questionType, (typeCounts.get(c.questionType) ?? 0) + 1);
  }
  while (kept.length < need && leftovers.length > 0) {
    leftovers.sort((a, b) => (typeCounts.get(a.questionType) ?? 0) - (typeCounts.get(b.questionType) ?? 0));
    const c = leftovers.shift()!;
    if (!filter.add(c.question)) {
      duplicates++;
      continue;
    }
    kept.push(c);
    typeCounts.set(c.questionType, (typeCounts.get(c.questionType) ?? 0) + 1);
  }
  return { kept, duplicates };
}
