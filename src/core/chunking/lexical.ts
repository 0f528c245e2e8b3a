/**
 * A built-in lexical embedding so the semantic splitter works offline: hashed word and character-trigram
 * counts, log-scaled and weighted by inverse document frequency over the given texts, compared by cosine.
 * Language-neutral (Unicode letters and digits), no model needed. Vectors are sparse and only two are alive at
 * a time, so a long document does not cost memory per sentence.
 */

const DIMENSIONS = 1 << 12;

/** A sparse vector: feature index → weight. */
type Sparse = Map<number, number>;

function hashFeature(s: string): number {
  // FNV-1a, 32 bit
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % DIMENSIONS;
}

function features(text: string): Sparse {
  const counts: Sparse = new Map();
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

/** Cosine distances (1 − similarity) between each text and the next one, with tf-idf over all texts. */
export function lexicalNeighbourDistances(texts: string[]): number[] {
  const df = new Float64Array(DIMENSIONS);
  for (const t of texts) for (const k of features(t).keys()) df[k]++;
  const n = texts.length;
  const weigh = (bag: Sparse): Sparse => {
    const v: Sparse = new Map();
    for (const [k, tf] of bag) v.set(k, (1 + Math.log(tf)) * Math.log((1 + n) / (1 + df[k]) + 1));
    return v;
  };
  const distances: number[] = [];
  let previous = texts.length ? weigh(features(texts[0])) : new Map<number, number>();
  for (let i = 1; i < texts.length; i++) {
    const current = weigh(features(texts[i]));
    distances.push(1 - sparseCosine(previous, current));
    previous = current;
  }
  return distances;
}

function sparseCosine(a: Sparse, b: Sparse): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [k, x] of a) {
    na += x * x;
    const y = b.get(k);
    if (y !== undefined) dot += x * y;
  }
  for (const y of b.values()) nb += y * y;
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** Cosine similarity of dense vectors (0 when either is all zeros). */
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
