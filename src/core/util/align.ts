/**
 * Fuzzy alignment of a (possibly paraphrased) passage to its best matching span of a text.
 * Two passes keep it fast on long chunks: a sliding token-overlap window finds a few candidate regions in
 * O(tokens); then, around each candidate, spans are scored by the Dice coefficient of their words'
 * character trigrams, extended one token at a time so each span costs O(1) tokens of work.
 */
import { tokenize, type Token } from './similarity';

/** Where a passage matched: offsets into the text and a score (1 = exact up to case and punctuation). */
export interface Alignment {
  start: number;
  end: number;
  score: number;
}

const CANDIDATES = 4;

/** Character trigrams of one token, padded with spaces so short tokens still have some. */
function gramsOf(token: string): string[] {
  const chars = [...` ${token} `];
  const out: string[] = [];
  for (let i = 0; i + 3 <= chars.length; i++) out.push(chars[i] + chars[i + 1] + chars[i + 2]);
  return out;
}

// statements of one chunk are aligned one after another against the same text: tokenize it once
let cachedText: string | undefined;
let cachedTokens: Token[] = [];
function tokensOf(text: string): Token[] {
  if (text !== cachedText) {
    cachedTokens = tokenize(text);
    cachedText = text;
  }
  return cachedTokens;
}

/**
 * The span of `text` that is `passage` up to white space (a quote of hard-wrapped text copied with its line breaks
 * as spaces, or a blank line as one space), or undefined. The fuzzy pass below matches words, not the punctuation
 * around them, so without this a verbatim quote of wrapped text lost its backticks or slid onto the line before.
 */
function exactUpToWhitespace(passage: string, text: string): Alignment | undefined {
  const needle = passage.replace(/\s+/gu, ' ');
  if (!needle) return undefined;
  const { folded, at } = foldedOf(text);
  const found = folded.indexOf(needle);
  if (found < 0) return undefined;
  return { start: at[found], end: at[found + needle.length - 1] + 1, score: 1 };
}

// like the tokens below: statements of one chunk are aligned one after another against the same text, fold it once
let foldedFor: string | undefined;
let foldedText = { folded: '', at: [] as number[] };
/** `text` with each run of white space as one space, and the offset in `text` of each folded character. */
function foldedOf(text: string): { folded: string; at: number[] } {
  if (text !== foldedFor) {
    const parts: string[] = [];
    const at: number[] = [];
    let inSpace = false;
    for (let i = 0; i < text.length; i++) {
      const space = /\s/u.test(text[i]);
      if (space && inSpace) continue;
      inSpace = space;
      parts.push(space ? ' ' : text[i]);
      at.push(i);
    }
    foldedText = { folded: parts.join(''), at };
    foldedFor = text;
  }
  return foldedText;
}

/** Best span of `text` for `passage`; `score` 0 with an empty span when nothing is shared. */
export function alignPassage(passage: string, text: string): Alignment {
  const exact = passage.length > 0 ? text.indexOf(passage) : -1;
  if (exact >= 0) return { start: exact, end: exact + passage.length, score: 1 };
  const trimmed = passage.trim();
  if (trimmed && trimmed !== passage) {
    const at = text.indexOf(trimmed);
    if (at >= 0) return { start: at, end: at + trimmed.length, score: 1 };
  }
  const spaced = exactUpToWhitespace(trimmed, text);
  if (spaced) return spaced;
  const needle = tokenize(passage);
  const hay = tokensOf(text);
  if (needle.length === 0 || hay.length === 0) return { start: 0, end: 0, score: 0 };

  const want = new Map<string, number>();
  for (const t of needle) want.set(t.text, (want.get(t.text) ?? 0) + 1);
  const width = Math.min(needle.length, hay.length);
  const starts = topStarts(windowOverlaps(hay, want, width), CANDIDATES, Math.max(1, Math.floor(width / 2)));
  if (starts.length === 0) return { start: 0, end: 0, score: 0 };

  const target = new Map<string, number>();
  let targetTotal = 0;
  for (const t of needle) for (const g of gramsOf(t.text)) {
    target.set(g, (target.get(g) ?? 0) + 1);
    targetTotal++;
  }
  const hayGrams = new Map<number, string[]>();
  const grams = (i: number): string[] => {
    let g = hayGrams.get(i);
    if (!g) hayGrams.set(i, (g = gramsOf(hay[i].text)));
    return g;
  };

  let best = { a: 0, b: -1, score: 0 };
  const slack = Math.max(2, Math.ceil(width * 0.3));
  for (const s of starts) {
    const lastStart = Math.min(hay.length - 1, s + slack);
    for (let a = Math.max(0, s - slack); a <= lastStart; a++) {
      const minEnd = Math.max(a, a + Math.floor(width * 0.6) - 1);
      const maxEnd = Math.min(hay.length - 1, a + Math.ceil(width * 1.4));
      const have = new Map<string, number>();
      let shared = 0;
      let total = 0;
      for (let b = a; b <= maxEnd; b++) {
        for (const g of grams(b)) {
          const c = (have.get(g) ?? 0) + 1;
          have.set(g, c);
          if (c <= (target.get(g) ?? 0)) shared++;
          total++;
        }
        if (b < minEnd) continue;
        const score = (2 * shared) / (targetTotal + total);
        if (score > best.score + 1e-9) best = { a, b, score };
      }
    }
  }
  if (best.b < 0) return { start: 0, end: 0, score: 0 };
  let score = Math.round(best.score * 1000) / 1000;
  if (score >= 1) score = sameSequence(hay.slice(best.a, best.b + 1), needle) ? 1 : 0.999;
  return { start: hay[best.a].start, end: hay[best.b].end, score };
}

function sameSequence(a: Token[], b: Token[]): boolean {
  return a.length === b.length && a.every((t, i) => t.text === b[i].text);
}

/** Token overlap (multiset) of each window of `width` tokens with the wanted tokens. */
function windowOverlaps(hay: Token[], want: Map<string, number>, width: number): number[] {
  const have = new Map<string, number>();
  let overlap = 0;
  const add = (t: string, d: 1 | -1): void => {
    const before = have.get(t) ?? 0;
    const after = before + d;
    have.set(t, after);
    const cap = want.get(t) ?? 0;
    overlap += Math.min(after, cap) - Math.min(before, cap);
  };
  const out: number[] = [];
  for (let i = 0; i < hay.length; i++) {
    add(hay[i].text, 1);
    if (i >= width) add(hay[i - width].text, -1);
    if (i >= width - 1) out.push(overlap);
  }
  return out;
}

/** Up to `k` window starts with the highest overlap, at least `gap` tokens apart; zero-overlap windows skipped. */
function topStarts(scores: number[], k: number, gap: number): number[] {
  const order = scores.map((s, i) => [s, i] as const).filter(([s]) => s > 0).sort((x, y) => y[0] - x[0] || x[1] - y[1]);
  const picked: number[] = [];
  for (const [, i] of order) {
    if (picked.every((p) => Math.abs(p - i) >= gap)) picked.push(i);
    if (picked.length === k) break;
  }
  return picked;
}
