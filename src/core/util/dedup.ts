/** Exact and near-duplicate detection for short texts (questions), by length-weighted token Jaccard. */
import { normalizeText, tokenSet, weightedJaccard } from './similarity';

/** Default weighted Jaccard similarity at or above which two questions count as the same question. */
export const NEAR_DUPLICATE_JACCARD = 0.75;

/** Remembers texts and tells whether a new one repeats (exactly or nearly) one seen before. */
export class DuplicateFilter {
  private readonly exact = new Set<string>();
  private readonly sets: Array<Set<string>> = [];

  constructor(private readonly threshold = NEAR_DUPLICATE_JACCARD) {}

  /** True when `text` equals (after normalisation) or nearly equals a remembered text. */
  isDuplicate(text: string): boolean {
    const norm = normalizeText(text);
    if (this.exact.has(norm)) return true;
    const set = tokenSet(text);
    return this.sets.some((s) => weightedJaccard(s, set) >= this.threshold);
  }

  /** Remembers `text` unless it is a duplicate; returns whether it was new. */
  add(text: string): boolean {
    if (this.isDuplicate(text)) return false;
    this.exact.add(normalizeText(text));
    this.sets.push(tokenSet(text));
    return true;
  }
}
