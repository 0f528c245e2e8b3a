/**
 * Exact and near-duplicate detection for short texts (questions), by length-weighted token Jaccard
 * (see weightedJaccard). An inverted index keeps each check proportional to the texts sharing a token.
 */
import { normalizeText, tokenSet, tokenWeight } from './similarity';

/** Default weighted Jaccard similarity at or above which two questions count as the same question. */
export const NEAR_DUPLICATE_JACCARD = 0.75;

/** Remembers texts and tells whether a new one repeats (exactly or nearly) one seen before. */
export class DuplicateFilter {
  /** Normalised text → the remembered text as given. */
  private readonly exact = new Map<string, string>();
  /** The remembered texts as given, by index. */
  private readonly texts: string[] = [];
  /** Total token weight of each remembered text. */
  private readonly totals: number[] = [];
  /** Token → indices of the remembered texts containing it. */
  private readonly postings = new Map<string, number[]>();

  constructor(private readonly threshold = NEAR_DUPLICATE_JACCARD) {}

  /** True when `text` equals (after normalisation) or nearly equals a remembered text. */
  isDuplicate(text: string): boolean {
    return this.duplicateOf(text) !== undefined;
  }

  /** The remembered text that `text` equals (after normalisation) or nearly equals, if any. */
  duplicateOf(text: string): string | undefined {
    const same = this.exact.get(normalizeText(text));
    if (same !== undefined) return same;
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
      if (union > 0 && s / union >= this.threshold) return this.texts[i];
    }
    return tokens.size === 0 ? this.texts[this.totals.findIndex((t) => t === 0)] : undefined;
  }

  /** Remembers `text` unless it is a duplicate; returns whether it was new. */
  add(text: string): boolean {
    if (this.isDuplicate(text)) return false;
    this.exact.set(normalizeText(text), text);
    this.texts.push(text);
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
