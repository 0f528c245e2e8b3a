/**
 * Fuzzy alignment of a (possibly paraphrased) passage to its best matching span of a text.
 * Two passes keep it fast on long chunks: a sliding token-overlap window finds a few candidate regions in
 * O(tokens), then character-trigram Dice refines start and end around each candidate.
 */
import { charNgrams, dice, normalizeText, tokenize, type Token } from './similarity';

/** Where a passage matched: offsets into the text and a score (1 = exact). */
export interface Alignment {
  start: number;
  end: number;
  score: number;
}

const CANDIDATES = 4;

/** Best span of `text` for `passage`; `score` 0 with an empty span when nothing is shared. */
export function alignPassage(passage: string, text: string): Alignment {
  const exact = passage.length > 0 ? text.indexOf(passage) : -1;
  if (exact >= 0) return { start: exact, end: exact + passage.length, score: 1 };
  const trimmed = passage.trim();
  if (trimmed && trimmed !== passage) {
    const at = text.indexOf(trimmed);
    if (at >= 0) return { start: at, end: at + trimmed.length, score: 1 };
  }
  const needle = tokenize(passage);
  const hay = tokenize(text);
  if (needle.length === 0 || hay.length === 0) return { start: 0, end: 0, score: 0 };
  // a normalised exact match (case, spacing, punctuation differences) still counts as exact
  const normNeedle = normalizeText(passage);

  const want = new Map<string, number>();
  for (const t of needle) want.set(t.text, (want.get(t.text) ?? 0) + 1);
  const width = Math.min(needle.length, hay.length);
  const scores = windowOverlaps(hay, want, width);
  const starts = topStarts(scores, CANDIDATES, Math.max(1, Math.floor(width / 2)));
  if (starts.length === 0) return { start: 0, end: 0, score: 0 };

  const target = charNgrams(passage);
  let best: Alignment = { start: 0, end: 0, score: 0 };
  const slack = Math.max(2, Math.ceil(width * 0.3));
  for (const s of starts) {
    const lo = Math.max(0, s - slack);
    const hiStart = Math.min(hay.length - 1, s + slack);
    for (let a = lo; a <= hiStart; a++) {
      const minEnd = Math.max(a, a + Math.floor(width * 0.6) - 1);
      const maxEnd = Math.min(hay.length - 1, a + Math.ceil(width * 1.4));
      for (let b = minEnd; b <= maxEnd; b++) {
        const span = text.slice(hay[a].start, hay[b].end);
        const score = normalizeText(span) === normNeedle ? 1 : dice(target, charNgrams(span));
        if (score > best.score + 1e-9 || (Math.abs(score - best.score) <= 1e-9 && b - a < spanTokens(best, hay))) {
          best = { start: hay[a].start, end: hay[b].end, score };
        }
      }
    }
  }
  return { ...best, score: Math.round(best.score * 1000) / 1000 };
}

function spanTokens(a: Alignment, hay: Token[]): number {
  return hay.filter((t) => t.start >= a.start && t.end <= a.end).length;
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
