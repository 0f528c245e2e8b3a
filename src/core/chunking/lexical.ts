/**
 * A built-in lexical embedding so the semantic splitter works offline: hashed word and character-trigram
 * counts, log-scaled and weighted by inverse document frequency over the given texts, L2-normalised.
 * Language-neutral (Unicode letters and digits), no model needed.
 */

const DIMENSIONS = 1024;

function hashFeature(s: string): number {
  // FNV-1a, 32 bit
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % DIMENSIONS;
}

function features(text: string): Map<number, number> {
  const counts = new Map<number, number>();
  const add = (f: string): void => {
    const k = hashFeature(f);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  };
  for (const m of text.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)) {
    const word = m[0];
    add(`w:${word}`);
    const padded = `^${word}$`;
    for (let i = 0; i + 3 <= padded.length; i++) add(`c:${padded.slice(i, i + 3)}`);
  }
  return counts;
}

/** One unit-length vector per text (all zeros for a text without letters or digits). */
export function lexicalVectors(texts: string[]): number[][] {
  const bags = texts.map(features);
  const df = new Float64Array(DIMENSIONS);
  for (const bag of bags) for (const k of bag.keys()) df[k]++;
  const n = texts.length;
  return bags.map((bag) => {
    const v = new Array<number>(DIMENSIONS).fill(0);
    let norm = 0;
    for (const [k, tf] of bag) {
      const w = (1 + Math.log(tf)) * Math.log((1 + n) / (1 + df[k]) + 1);
      v[k] = w;
      norm += w * w;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) for (const [k] of bag) v[k] /= norm;
    return v;
  });
}

/** Cosine similarity (0 when either vector is all zeros). */
export function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  const len = Math.min(a.length, b.length);
  for (let i = 0; i < len; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
