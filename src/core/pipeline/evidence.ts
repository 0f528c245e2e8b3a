/**
 * Evidence: the part of a chunk a question is about — the aligned spans of its supporting statements widened
 * to whole sentences plus their neighbours, merged per chunk. Answers and validation are sent the evidence
 * instead of the whole chunk (the chunk only where a question has no aligned statement), which keeps a
 * run's prompt tokens near the corpus size without taking away what the answer rests on.
 */
import { unwrapSoftBreaks } from '../text/sentences';
import { groupBy } from '../util/group';
import type { AnswerLength } from '../domain/params';
import type { Chunk, Statement } from '../domain/records';

/** A range of chunk-relative character offsets. */
export interface Span {
  start: number;
  end: number;
}

/** Sentences of context added before a statement's own sentence. */
export const EVIDENCE_BEFORE = 1;
/** Sentences added after a statement's own sentence, by answer length (long answers need more to draw on). */
export const EVIDENCE_AFTER: Readonly<Record<AnswerLength, number>> = Object.freeze({ short: 1, medium: 1, long: 3 });

/** Put between the disjoint passages of one chunk, so no one reads them as continuous text. */
export const EVIDENCE_GAP = '\n\n…\n\n';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'sentence' });
const sentenceCache = new Map<string, Span[]>();
const SENTENCE_CACHE_LIMIT = 512;

/** Sentence spans of `text` (a wrapped line goes on; headings, list items and table rows are their own). */
export function sentenceSpans(text: string): Span[] {
  const cached = sentenceCache.get(text);
  if (cached) return cached;
  const spans: Span[] = [];
  for (const s of segmenter.segment(unwrapSoftBreaks(text))) {
    const lead = s.segment.length - s.segment.trimStart().length;
    const body = s.segment.trim();
    if (body) spans.push({ start: s.index + lead, end: s.index + lead + body.length });
  }
  if (sentenceCache.size >= SENTENCE_CACHE_LIMIT) sentenceCache.clear();
  sentenceCache.set(text, spans);
  return spans;
}

/** True when the statement has a span of its own inside its chunk (not the whole-chunk fallback). */
export function isAligned(statement: Statement, chunk: Chunk): boolean {
  return statement.alignment > 0 && statement.end > statement.start && !(statement.start === chunk.start && statement.end === chunk.end)
    && statement.start >= chunk.start && statement.end <= chunk.end;
}

/** The chunk-relative span of `statement` widened to whole sentences, `before` sentences before and `after` after. */
export function widenToSentences(chunk: Chunk, statement: Statement, before: number, after: number): Span {
  const spans = sentenceSpans(chunk.text);
  const start = statement.start - chunk.start;
  const end = statement.end - chunk.start;
  if (spans.length === 0) return { start, end };
  let first = spans.findIndex((s) => s.end > start);
  if (first < 0) first = spans.length - 1;
  let last = first;
  while (last + 1 < spans.length && spans[last + 1].start < end) last++;
  const from = Math.max(0, first - before);
  const to = Math.min(spans.length - 1, last + after);
  return { start: Math.min(start, spans[from].start), end: Math.max(end, spans[to].end) };
}

/** Sorted, overlapping or touching spans merged. */
export function mergeSpans(spans: readonly Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out.at(-1);
    if (last && s.start <= last.end + 1) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

/**
 * The evidence spans of a question from its supporting statements, or `undefined` when none is aligned
 * (then the whole chunk is the evidence).
 */
export function evidenceSpans(chunk: Chunk, support: readonly Statement[], answerLength: AnswerLength): Span[] | undefined {
  const aligned = support.filter((s) => isAligned(s, chunk));
  if (aligned.length === 0) return undefined;
  return mergeSpans(aligned.map((s) => widenToSentences(chunk, s, EVIDENCE_BEFORE, EVIDENCE_AFTER[answerLength])));
}

/**
 * The text to send for one chunk given the evidence of each of its questions in a batch: the merged
 * passages, or the whole chunk when any question has no evidence of its own (it would cover it anyway).
 */
export function evidenceText(chunk: Chunk, perQuestion: ReadonlyArray<readonly Span[] | undefined>): string {
  if (perQuestion.length === 0 || perQuestion.some((e) => e === undefined)) return chunk.text;
  const merged = mergeSpans(perQuestion.flatMap((e) => e ?? []));
  return merged.map((s) => chunk.text.slice(s.start, s.end)).join(EVIDENCE_GAP);
}

/**
 * The evidence text of each chunk of a batch, one entry per chunk even when its questions were split over
 * several groups (each passage sent once).
 */
export function evidenceByChunk<G extends { chunk: Chunk; slots: ReadonlyArray<{ evidence?: Span[] }> }>(groups: readonly G[]): Array<{ chunk: Chunk; text: string; groups: G[] }> {
  return [...groupBy(groups, (g) => g.chunk.id).values()].map((parts) => ({
    chunk: parts[0].chunk,
    text: evidenceText(parts[0].chunk, parts.flatMap((g) => g.slots.map((s) => s.evidence))),
    groups: parts,
  }));
}
