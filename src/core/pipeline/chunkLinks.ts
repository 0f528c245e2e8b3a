/**
 * Which chunks a multi-hop question can join: pairs of chunks that share what their statements are about — the
 * endpoint's embeddings of their statements when it has them, otherwise the rare key terms (names, settings,
 * numbers) both chunks' statements use, weighted by how few chunks use them. Chunks of different files are
 * preferred (cross-document questions), and no chunk is used much more often than the others.
 */
import { keyTerms } from './answerLeak';
import type { Chunk, Statement } from '../domain/records';

/** Two linked chunks and how strongly they are linked (higher is closer). */
export interface ChunkLink {
  chunks: [Chunk, Chunk];
  score: number;
}

/** A chunk as linking sees it: the chunk, and the text of its statements (its heading path first). */
export interface LinkMaterial {
  chunk: Chunk;
  statements: readonly Statement[];
}

/** A term in more chunks than this is too common to link two of them (and would make linking quadratic). */
const MAX_TERM_CHUNKS = 40;
/** Rare key terms two chunks' statements must share to be linked by terms. */
const MIN_SHARED_TERMS = 2;
/** Weight of a link between chunks of different files over one within a file. */
const CROSS_FILE_BONUS = 1.25;
/** Most chunks compared by embeddings (every pair is compared); above it the key-term links are used. */
export const MAX_EMBEDDED_CHUNKS = 400;

/** The text linking reads of a chunk. */
export function linkText(m: LinkMaterial): string {
  return [(m.chunk.headingPath ?? []).join(' › '), ...m.statements.map((s) => s.content)].filter((t) => t !== '').join('\n');
}

/** The key terms of a chunk's link text (what both lexical linking and closestChunks compare). */
export function linkTerms(m: LinkMaterial): Set<string> {
  return keyTerms(linkText(m).toLowerCase());
}

/** Links by shared rare key terms: cosine of idf-weighted term sets, over chunks that share at least two. */
export function lexicalLinks(material: readonly LinkMaterial[]): ChunkLink[] {
  const terms = material.map(linkTerms);
  const postings = new Map<string, number[]>();
  terms.forEach((set, i) => { for (const t of set) postings.set(t, [...(postings.get(t) ?? []), i]); });
  const n = material.length;
  const idf = (df: number) => Math.log(1 + n / df);
  const norms = terms.map((set) => Math.sqrt([...set].reduce((sum, t) => sum + idf(postings.get(t)!.length) ** 2, 0)) || 1);
  const shared = new Map<number, number>();
  const sharedTerms = new Map<number, number>();
  for (const list of postings.values()) {
    // a term every chunk uses tells nothing about which two belong together (the product's name, say)
    if (list.length < 2 || list.length > MAX_TERM_CHUNKS || (list.length === n && n > 2)) continue;
    const w = idf(list.length) ** 2;
    for (let a = 0; a < list.length; a++) {
      for (let b = a + 1; b < list.length; b++) {
        const key = list[a] * n + list[b];
        shared.set(key, (shared.get(key) ?? 0) + w);
        sharedTerms.set(key, (sharedTerms.get(key) ?? 0) + 1);
      }
    }
  }
  // one shared word is a coincidence ("file", a version number); two are a topic the chunks have in common
  return [...shared].filter(([key]) => (sharedTerms.get(key) ?? 0) >= MIN_SHARED_TERMS).map(([key, dot]) => {
    const i = Math.floor(key / n);
    const j = key % n;
    return link(material[i].chunk, material[j].chunk, dot / (norms[i] * norms[j]));
  });
}

/** Links by cosine of embedding vectors (one per material, same order). */
export function embeddingLinks(material: readonly LinkMaterial[], vectors: readonly number[][]): ChunkLink[] {
  const norm = (v: readonly number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1;
  const norms = vectors.map(norm);
  const links: ChunkLink[] = [];
  for (let i = 0; i < material.length; i++) {
    for (let j = i + 1; j < material.length; j++) {
      let dot = 0;
      for (let k = 0; k < vectors[i].length; k++) dot += vectors[i][k] * (vectors[j][k] ?? 0);
      links.push(link(material[i].chunk, material[j].chunk, dot / (norms[i] * norms[j])));
    }
  }
  return links;
}

function link(a: Chunk, b: Chunk, similarity: number): ChunkLink {
  return { chunks: [a, b], score: similarity * (a.path !== b.path ? CROSS_FILE_BONUS : 1) };
}

/**
 * The `count` strongest links, greedily, each chunk in at most as many as an even share allows (so the questions
 * spread over the corpus) — that share raised only when too few links are left within it; strongest first, ties in
 * chunk order, so the choice is deterministic.
 */
export function pickLinks(links: readonly ChunkLink[], count: number, chunkCount: number): ChunkLink[] {
  const order = (l: ChunkLink) => `${l.chunks[0].id}\u0000${l.chunks[1].id}`;
  const sorted = [...links].filter((l) => l.score > 0).sort((a, b) => b.score - a.score || (order(a) < order(b) ? -1 : 1));
  const uses = new Map<string, number>();
  const picked = new Set<ChunkLink>();
  for (let maxUses = Math.max(1, Math.ceil((2 * count) / Math.max(1, chunkCount))); picked.size < Math.min(count, sorted.length); maxUses++) {
    for (const l of sorted) {
      if (picked.size >= count) break;
      if (picked.has(l) || l.chunks.some((c) => (uses.get(c.id) ?? 0) >= maxUses)) continue;
      for (const c of l.chunks) uses.set(c.id, (uses.get(c.id) ?? 0) + 1);
      picked.add(l);
    }
  }
  return sorted.filter((l) => picked.has(l));
}

/**
 * The `k` chunks (of `material`, other than `exclude`) whose statements share the most rare key terms with `text`
 * (idf-weighted over the material), each with the indices of its statements that share one; strongest first, ties
 * in material order. For an unanswerable question: the passages elsewhere in the corpus most likely to answer it,
 * which its validation must find silent too. `terms`: each material's linkTerms, when the caller asks for several
 * texts against the same material (computed once, not once per question).
 */
export function closestChunks(
  material: readonly LinkMaterial[], text: string, exclude: string, k: number, terms: ReadonlyArray<ReadonlySet<string>> = material.map(linkTerms),
): Array<{ chunk: Chunk; statementIndices: number[] }> {
  const wanted = keyTerms(text.toLowerCase());
  const df = new Map<string, number>();
  for (const set of terms) for (const t of set) if (wanted.has(t)) df.set(t, (df.get(t) ?? 0) + 1);
  const idf = (t: string) => Math.log(1 + material.length / (df.get(t) ?? 1));
  return material
    .map((m, i) => ({ m, i, score: [...terms[i]].filter((t) => wanted.has(t)).reduce((s, t) => s + idf(t), 0) }))
    .filter((x) => x.m.chunk.id !== exclude && x.score > 0)
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .slice(0, k)
    .map(({ m }) => ({
      chunk: m.chunk,
      statementIndices: m.statements.flatMap((s, index) => ([...keyTerms(s.content.toLowerCase())].some((t) => wanted.has(t)) ? [index] : [])),
    }));
}
