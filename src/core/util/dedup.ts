/**
 * Exact and near-duplicate detection for short texts (questions), by length-weighted token Jaccard
 * (see weightedJaccard). An inverted index keeps each check proportional to the texts sharing a token.
 */
import { normalizeText, tokenSet, tokenWeight } from './similarity';

/** Default weighted Jaccard similarity at or above which two questions count as the same question. */
export const NEAR_DUPLICATE_JACCARD = 0.75;

/** Remembers texts and tells whether a new one repeats (exactly or nearly) one seen before. */
export class DuplicateFilter {
  private readonly exact = new Set<string>();
  /** Total token weight of each remembered text. */
  private readonly totals: number[] = [];
  /** Token → indices of the remembered texts containing it. */
  private readonly postings = new Map<string, number[]>();

  constructor(private readonly threshold = NEAR_DUPLICATE_JACCARD) {}

  /** True when `text` equals (after normalisation) or nearly equals a remembered text. */
  isDuplicate(text: string): boolean {
    if (this.exact.has(normalizeText(text))) return true;
    const tokens = tokenSet(text);
    let total = 0;
    const shared = new Map<number, number>();
    for (const t of tokens) {
      const w = tokenWeight(t);
      total += w;
      for (const i of this.postings.get(t) ?? []) shared.set(i, (shared.get(i) ?? 0) + w);
    }
    for (const [i, s] of shared) {
      const union = total + this.totals[i] - s;
      if (union > 0 && s / union >= this.threshold) return true;
    }
    return tokens.size === 0 && this.totals.some((t) => t === 0);
  }

  /** Remembers `text` unless it is a duplicate; returns whether it was new. */
  add(text: string): boolean {
    if (this.isDuplicate(text)) return false;
    this.exact.add(normalizeText(text));
    const index = this.totals.length;
    let total = 0;
    for (const t of tokenSet(text)) {
      total += tokenWeight(t);
      const list = this.postings.get(t);
      if (list) list.push(index);
      else this.postings.set(t, [index]);
    }
    this.totals.push(total);
    return true;
  }
}
