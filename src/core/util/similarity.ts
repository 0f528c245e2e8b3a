/**
 * Language-neutral text similarity: Unicode word tokens (CJK split per character), normalised token sets,
 * Jaccard and character n-gram Dice. Nothing is stripped from the text itself; normalisation is only for
 * comparing.
 */

const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u;

/** A token with its offsets in the original text. */
export interface Token {
  text: string;
  start: number;
  end: number;
}

/** Word tokens of `text`, lower-cased (locale-neutral), with offsets; CJK runs give one token per character. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(WORD)) {
    const word = m[0];
    const at = m.index ?? 0;
    if (CJK.test(word)) {
      let offset = 0;
      for (const ch of word) {
        out.push({ text: ch.toLowerCase(), start: at + offset, end: at + offset + ch.length });
        offset += ch.length;
      }
    } else {
      out.push({ text: word.normalize('NFC').toLowerCase(), start: at, end: at + word.length });
    }
  }
  return out;
}

/** The set of normalised tokens of a text. */
export function tokenSet(text: string): Set<string> {
  return new Set(tokenize(text).map((t) => t.text));
}

/** Jaccard similarity of two sets (1 for two empty sets). */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared / (a.size + b.size - shared);
}

/** Comparable form of a text: its tokens joined by single spaces. */
export function normalizeText(text: string): string {
  return tokenize(text).map((t) => t.text).join(' ');
}

/** Character n-grams (with counts) of the normalised text. */
export function charNgrams(text: string, n = 3): Map<string, number> {
  const s = ` ${normalizeText(text)} `;
  const grams = new Map<string, number>();
  const chars = [...s];
  for (let i = 0; i + n <= chars.length; i++) {
    const g = chars.slice(i, i + n).join('');
    grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  return grams;
}

/** Dice coefficient of two n-gram multisets (0..1). */
export function dice(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  let total = 0;
  let shared = 0;
  for (const v of a.values()) total += v;
  for (const v of b.values()) total += v;
  if (total === 0) return 0;
  for (const [g, v] of a) {
    const w = b.get(g);
    if (w) shared += Math.min(v, w);
  }
  return (2 * shared) / total;
}

/**
 * Jaccard similarity where each token weighs its length (capped at 8; tokens with digits weigh 8): content
 * words count more than short function words, so "What/Which encryption does the router support" match while "price of Basic"
 * and "price of Premium" do not.
 */
export function weightedJaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const w = tokenWeight;
  let shared = 0;
  let union = 0;
  for (const x of a) {
    union += w(x);
    if (b.has(x)) shared += w(x);
  }
  for (const x of b) if (!a.has(x)) union += w(x);
  return union === 0 ? 1 : shared / union;
}

const DIGIT = /\p{N}/u;

/** Weight of a token in {@link weightedJaccard}: its length capped at 8; 8 for tokens with digits. */
export function tokenWeight(token: string): number {
  // numbers and identifiers tell questions apart as much as long words do
  return DIGIT.test(token) ? 8 : Math.min(token.length, 8);
}
