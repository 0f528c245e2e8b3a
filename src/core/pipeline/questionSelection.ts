/**
 * Choosing which generated questions become pairs: each chunk's quota per type first, then the remaining
 * shortfall from leftover candidates (types with the fewest pairs first); exact and near duplicates of
 * anything already kept are skipped.
 */
import { DuplicateFilter } from '../util/dedup';
import type { Allocation } from './allocate';
import type { QueryShape } from './styles';

/** A question as generated, before it becomes a pair. */
export interface Candidate {
  chunkId: string;
  question: string;
  questionType: string;
  statementIndices: number[];
  /** The style and length it was asked to be written in (when the run asks for them). */
  shape?: QueryShape;
  /** The persona it was written for (`dimensions.persona: auto`). */
  persona?: string;
}

/** A generated question that did not become a pair, and why. */
export interface DroppedQuestion {
  question: string;
  reason: string;
}

/**
 * One line for the run log about the questions a selection did not keep, each with its reason; the margin asked
 * for on purpose ("not needed") is only counted. Undefined when nothing but margin was left out.
 */
export function droppedQuestionsNote(dropped: readonly DroppedQuestion[]): string | undefined {
  const notNeeded = dropped.filter((d) => d.reason.startsWith('not needed'));
  const defects = dropped.filter((d) => !d.reason.startsWith('not needed'));
  if (defects.length === 0) return undefined;
  const clip = (t: string) => (t.length > 90 ? `${t.slice(0, 87)}...` : t);
  const list = defects.map((d) => `"${clip(d.question)}" (${clip(d.reason)})`).join('; ');
  return `${defects.length} generated question(s) not used: ${list}${notNeeded.length ? `; ${notNeeded.length} more not needed (the margin)` : ''}`;
}

/** Result of a selection round. */
export interface Selection {
  kept: Candidate[];
  /** Candidates dropped as duplicates. */
  duplicates: number;
  /** Every candidate not kept, with the reason: a duplicate (of which question), or not needed. */
  dropped: DroppedQuestion[];
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
  const dropped: DroppedQuestion[] = [];
  const take = (c: Candidate): boolean => {
    const original = filter.duplicateOf(c.question);
    if (original === undefined) return filter.add(c.question);
    duplicates++;
    dropped.push({ question: c.question, reason: original === c.question ? 'asked twice' : `a near-duplicate of "${original}"` });
    return false;
  };
  const quota = new Map<string, Map<string, number>>();
  for (const [chunkId, perType] of allocation) quota.set(chunkId, new Map(perType));

  for (const c of candidates) {
    if (!c.question.trim()) {
      dropped.push({ question: c.question, reason: 'empty' });
      continue;
    }
    const left = quota.get(c.chunkId)?.get(c.questionType) ?? 0;
    if (left <= 0 || kept.length >= need) {
      leftovers.push(c);
      continue;
    }
    if (!take(c)) continue;
    quota.get(c.chunkId)!.set(c.questionType, left - 1);
    kept.push(c);
    typeCounts.set(c.questionType, (typeCounts.get(c.questionType) ?? 0) + 1);
  }
  while (kept.length < need && leftovers.length > 0) {
    leftovers.sort((a, b) => (typeCounts.get(a.questionType) ?? 0) - (typeCounts.get(b.questionType) ?? 0));
    const c = leftovers.shift()!;
    if (!take(c)) continue;
    kept.push(c);
    typeCounts.set(c.questionType, (typeCounts.get(c.questionType) ?? 0) + 1);
  }
  for (const c of leftovers) dropped.push({ question: c.question, reason: `not needed: the run's ${need} new question(s) were already chosen (${c.questionType} was asked with a margin)` });
  return { kept, duplicates, dropped };
}
