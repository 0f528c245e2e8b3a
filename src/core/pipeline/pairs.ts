/** Building and updating pairs: ids, statements by index, contexts and the narrowest provenance. */
import { provenanceOf } from '../chunking/chunk';
import { shortHash } from '../text/hash';
import type { Chunk, QAPair, Quality, Statement } from '../domain/records';
import type { PairSlot, PipelineState } from './state';
import { textCost } from './batching';
import { isAligned, mergeSpans } from './evidence';
import type { TaskChunk, TaskStatement } from '../domain/tasks';
import { passes } from './verdict';

/** Statements of a chunk as the model sees them (indices are per chunk). */
export function taskStatements(state: PipelineState, chunkId: string): TaskStatement[] {
  return (state.statementsByChunk.get(chunkId) ?? []).map((s, index) => ({ index, text: s.content }));
}

/**
 * What a question or revision prompt gets of a chunk: its numbered statements (those in `only`, when given,
 * indices kept), and as `text` only what they do not cover (headings, context sentences; the whole chunk when
 * it has no aligned statements), so that no passage is sent twice.
 */
export function statementsOrText(state: PipelineState, chunk: Chunk, only?: ReadonlySet<string>): TaskChunk & { statements: TaskStatement[] } {
  const all = state.statementsByChunk.get(chunk.id) ?? [];
  const statements = all.flatMap((s, index) => (!only || only.has(s.id) ? [{ index, text: s.content }] : []));
  return { chunk_id: chunk.id, text: uncoveredText(state, chunk), statements };
}

/** Token estimate of {@link statementsOrText} for batching. */
export function statementsOrTextCost(state: PipelineState, chunk: Chunk, only?: ReadonlySet<string>): number {
  const statements = (state.statementsByChunk.get(chunk.id) ?? []).filter((s) => !only || only.has(s.id));
  return textCost(uncoveredText(state, chunk), ...statements.map((s) => s.content));
}

/**
 * Most characters of uncovered text sent with a chunk's statements: enough for its heading and the terms
 * around them (and the source's language), without sending the chunk a second time.
 */
export const UNCOVERED_MAX_CHARS = 320;

/**
 * The chunk's text outside its statements' aligned spans, gaps shown as "…", cut at {@link UNCOVERED_MAX_CHARS};
 * the whole chunk when no statement is aligned.
 */
export function uncoveredText(state: PipelineState, chunk: Chunk): string {
  const covered = mergeSpans((state.statementsByChunk.get(chunk.id) ?? []).filter((s) => isAligned(s, chunk))
    .map((s) => ({ start: s.start - chunk.start, end: s.end - chunk.start })));
  if (covered.length === 0) return chunk.text;
  const parts: string[] = [];
  let at = 0;
  for (const span of [...covered, { start: chunk.text.length, end: chunk.text.length }]) {
    const gap = chunk.text.slice(at, span.start).trim();
    if (/[\p{L}\p{N}]/u.test(gap)) parts.push(gap);
    at = span.end;
  }
  const text = parts.join(' … ');
  if (text.length <= UNCOVERED_MAX_CHARS) return text;
  const cut = text.lastIndexOf(' ', UNCOVERED_MAX_CHARS);
  return `${text.slice(0, cut > 0 ? cut : UNCOVERED_MAX_CHARS)} …`;
}

/** The statements with these ids of a chunk, with their per-chunk index (unknown ids ignored). */
export function statementsById(state: PipelineState, chunkId: string, ids: readonly string[]): Array<{ statement: Statement; index: number }> {
  const list = state.statementsByChunk.get(chunkId) ?? [];
  const wanted = new Set(ids);
  return list.flatMap((statement, index) => (wanted.has(statement.id) ? [{ statement, index }] : []));
}

/** The statements at `indices` of a chunk (out-of-range indices ignored). */
export function statementsAt(state: PipelineState, chunkId: string, indices: readonly number[]): Statement[] {
  const list = state.statementsByChunk.get(chunkId) ?? [];
  return [...new Set(indices)].filter((i) => Number.isInteger(i) && i >= 0 && i < list.length).map((i) => list[i]);
}

/** A new slot for a question just generated. */
export function newSlot(state: PipelineState, chunk: Chunk, question: string, questionType: string, statementIndices: number[]): PairSlot {
  const id = shortHash([chunk.id, question]);
  const pair: QAPair = {
    id, question, answer: '', questionType, difficulty: state.params.difficulty, chunkId: chunk.id,
    statementIds: statementsAt(state, chunk.id, statementIndices).map((s) => s.id),
    contexts: [], provenance: chunk.provenance, iteration: state.iteration, previousScores: [],
  };
  return { id, chunkId: chunk.id, questionType, current: pair, scores: [], bestAt: -1, pending: true, revise: false, questionCritique: null, answerCritique: null, dropped: false };
}

/**
 * Grounds an answer: the supporting statements' source spans become the contexts, and the provenance is
 * narrowed to the span covering them; without aligned statements the chunk itself is the context.
 */
export function groundAnswer(state: PipelineState, slot: PairSlot, chunk: Chunk, answer: string, statementIndices: number[]): void {
  const support = statementsAt(state, chunk.id, statementIndices);
  const aligned = support.filter((s) => isAligned(s, chunk));
  const doc = state.documents[chunk.docIndex];
  let contexts = [chunk.text];
  let provenance = chunk.provenance;
  const spans = aligned.sort((a, b) => a.start - b.start);
  if (spans.length > 0 && doc && doc.path === chunk.path) {
    contexts = spans.map((s) => doc.text.slice(s.start, s.end));
    provenance = provenanceOf(doc, spans[0].start, Math.max(...spans.map((s) => s.end)));
  } else if (!doc) {
    // regeneration: the chunk is the given source text, its provenance the pair's (lines of a file we do not hold)
    if (spans.length > 0) contexts = spans.map((s) => chunk.text.slice(s.start - chunk.start, s.end - chunk.start));
    else if (!state.statementsByChunk.has(chunk.id) && slot.best && slot.best.contexts.length > 0) contexts = slot.best.contexts;
    provenance = slot.best?.provenance ?? slot.current.provenance;
  }
  slot.current = {
    ...slot.current,
    answer: answer.trim(),
    statementIds: support.length > 0 ? support.map((s) => s.id) : slot.current.statementIds,
    contexts,
    provenance,
  };
}

/**
 * Records a validated version. The best version is the one that passes (then the higher score); a drop verdict on
 * a slot whose best does not pass becomes the best, so the pair is shown with the reason it was dropped.
 * Returns the best.
 */
export function recordVersion(slot: PairSlot, quality: Quality, threshold: number): QAPair {
  slot.current = { ...slot.current, quality };
  slot.scores.push(quality.score);
  const best = slot.best?.quality;
  const bestPasses = passes(best, threshold);
  const rank = (q: Quality) => (passes(q, threshold) ? 1 : 0);
  const dropping = quality.verdict === 'drop' && !bestPasses;
  if (dropping) slot.dropped = true;
  if (!best || dropping || rank(quality) > rank(best) || (rank(quality) === rank(best) && quality.score > best.score)) {
    slot.best = slot.current;
    slot.bestAt = slot.scores.length - 1;
  }
  slot.best = { ...slot.best!, previousScores: slot.scores.filter((_, i) => i !== slot.bestAt) };
  return slot.best;
}

/** How many slots' best versions meet the threshold. */
export function acceptedCount(state: PipelineState): number {
  return state.slots.filter((s) => isAccepted(s, state.params.validationThreshold)).length;
}

/** True when the slot's best version passes validation (threshold, gates, not dropped). */
export function isAccepted(slot: PairSlot, threshold: number): boolean {
  return passes(slot.best?.quality, threshold);
}
