/** Building and updating pairs: ids, statements by index, what question prompts get, contexts and provenance. */
import { provenanceOf } from '../chunking/chunk';
import { shortHash } from '../text/hash';
import type { Chunk, QAPair, Quality, Statement } from '../domain/records';
import type { PairSlot, PipelineState } from './state';
import { textCost } from './batching';
import type { EvidenceBody } from './evidenceBody';
import { headingLine, isAligned, type Span } from './evidence';
import type { QuestionChunk } from '../domain/tasks';
import { asksForChange, passes } from './verdict';
import { statementMarks } from './statementMarks';
import { keyTerms } from './answerLeak';
import { turnsUsed } from './turnsUsed';
import { shapeFields, type QueryShape } from './styles';

/**
 * What a question prompt gets of a chunk: its heading path and its verified statements (those in `only`, when
 * given; chunk indices kept), each with its quote when the quote holds words the statement lacks (a version, a
 * name the extraction left out); a quote the statement already says in full is not sent twice. The chunk text is
 * not sent: the statements are what the questions rest on, and the text around them reaches the answer and
 * validation stages as the pair's evidence.
 */
export function questionChunk(state: PipelineState, chunk: Chunk, only?: ReadonlySet<string>): QuestionChunk {
  const all = state.statementsByChunk.get(chunk.id) ?? [];
  const statements = all.flatMap((s, index) => (!only || only.has(s.id) ? [{ index, text: s.content, ...statementMarks(s), ...quoteField(chunk, s) }] : []));
  const heading = headingLine(chunk);
  return { chunk_id: chunk.id, ...(heading ? { heading_path: heading } : {}), statements };
}

/** A statement's verified quote, or the chunk text it was aligned to. */
function quoteOf(chunk: Chunk, s: Statement): string {
  return s.quote ?? chunk.text.slice(s.start - chunk.start, s.end - chunk.start);
}

/** `{ quote }` when the statement's quote has a key term (a word of four letters or more, a number) it lacks. */
function quoteField(chunk: Chunk, s: Statement): { quote?: string } {
  const quote = quoteOf(chunk, s);
  const said = keyTerms(s.content);
  return [...keyTerms(quote)].some((t) => !said.has(t)) ? { quote } : {};
}

/** Token estimate of {@link questionChunk} for batching. */
export function questionChunkCost(state: PipelineState, chunk: Chunk, only?: ReadonlySet<string>): number {
  const statements = (state.statementsByChunk.get(chunk.id) ?? []).filter((s) => !only || only.has(s.id));
  return textCost(headingLine(chunk), ...statements.flatMap((s) => [s.content, quoteField(chunk, s).quote ?? '']));
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

/**
 * What a question of another kind than single_hop brings to its slot: the kind, a multi_turn question's turns, a
 * multi_hop question's further chunks and the statements it rests on in each (chunk id → per-chunk indices).
 */
export interface SlotKind {
  kind: NonNullable<QAPair['kind']>;
  turns?: QAPair['turns'];
  moreChunkIds?: string[];
  moreStatementIndices?: ReadonlyMap<string, readonly number[]>;
}

/** A new slot for a question just generated (of `kind`, when it is not single_hop). */
export function newSlot(state: PipelineState, chunk: Chunk, question: string, questionType: string, statementIndices: number[], kind?: SlotKind, shape: QueryShape = {}, persona?: string): PairSlot {
  const id = shortHash([chunk.id, question]);
  const more = (kind?.moreChunkIds ?? []).flatMap((c) => statementsAt(state, c, [...(kind?.moreStatementIndices?.get(c) ?? [])]));
  const pair: QAPair = {
    id, question, answer: '', questionType, difficulty: state.params.difficulty, chunkId: chunk.id,
    statementIds: [...statementsAt(state, chunk.id, statementIndices), ...more].map((s) => s.id),
    contexts: [], provenance: chunk.provenance, iteration: state.iteration, previousScores: [],
    ...(kind ? { kind: kind.kind } : {}),
    ...(kind?.turns?.length ? { turns: kind.turns } : {}),
    ...(kind?.moreChunkIds?.length ? { moreChunkIds: kind.moreChunkIds } : {}),
    ...shapeFields(shape),
    ...(persona ? { persona } : {}),
  };
  return { id, chunkId: chunk.id, questionType, current: pair, scores: [], bestAt: -1, pending: true, revise: false, questionCritique: null, answerCritique: null, dropped: false };
}

/**
 * Grounds an answer in its body of evidence: the statements it cites (only those of the body count), the body's
 * text as the pair's context, and as its provenance the lines of the statements its question and answer use inside
 * the window (statementsSpan; the whole window when none lies there); a transcript pair's provenance is the turns
 * its question's and answer's statements come from, back to the user turn that asked (turnsUsed: past agent turns
 * that settled nothing). A multi_hop pair's further bodies add their texts and spans; an unanswerable pair's do not.
 */
export function groundAnswer(state: PipelineState, slot: PairSlot, body: EvidenceBody, answer: string, statementIndices: number[], more: readonly EvidenceBody[] = []): void {
  const { chunk } = body;
  const inBody = new Set(body.statements.map((s) => s.index));
  const support = statementsAt(state, chunk.id, statementIndices.filter((i) => inBody.has(i)));
  const doc = state.documents[chunk.docIndex];
  let contexts = [body.text];
  let provenance = chunk.provenance;
  if (doc && doc.path === chunk.path) {
    const window = { start: chunk.start + body.span.start, end: chunk.start + body.span.end };
    // the turns of the statements the question rests on and of those the answer cites
    const asked = statementsById(state, chunk.id, slot.current.statementIds).map((x) => x.statement);
    const kept = (state.statementsByChunk.get(chunk.id) ?? []).filter((s) => isAligned(s, chunk));
    const used = [...asked, ...support].filter((s) => isAligned(s, chunk));
    const cited = turnsUsed(doc, window, used, kept) ?? statementsSpan(used, window) ?? window;
    provenance = provenanceOf(doc, cited.start, cited.end);
  } else if (!doc) {
    // regeneration: the chunk is the given source text, its provenance the pair's (lines of a file we do not hold)
    // (a multi_hop pair's first context only: its further ones come from its further bodies below)
    if (!state.statementsByChunk.has(chunk.id) && slot.best && slot.best.contexts.length > 0) contexts = more.length > 0 ? slot.best.contexts.slice(0, 1) : slot.best.contexts;
    provenance = slot.best?.provenance ?? slot.current.provenance;
  }
  slot.evidence = body.span;
  // an unanswerable pair's further bodies are the passages it was checked against: they do not answer it, so they
  // are neither its evidence nor its sources in the file (a trial's reviewer found an unrelated page cited, with its
  // statements); validation still reads them (moreEvidence)
  const checkOnly = slot.current.kind === 'unanswerable';
  // a multi_hop answer rests on what its question drew from every chunk, not only on the first body it cites
  const statementIds = checkOnly ? ownStatementIds(state, chunk.id, slot.current.statementIds, support)
    : more.length > 0 || support.length === 0 ? slot.current.statementIds : support.map((s) => s.id);
  slot.current = { ...slot.current, answer: answer.trim(), statementIds, contexts, provenance };
  if (more.length > 0) {
    slot.moreEvidence = more.map((b) => b.span);
    if (checkOnly) return;
    slot.current.contexts = [...contexts, ...more.map((b) => b.text)];
    slot.current.moreProvenance = more.map((b) => windowProvenance(state, b, statementIds) ?? b.chunk.provenance);
  }
}

/** The statements of `chunkId` an answer cites (`support`), else those of `statementIds` in that chunk. */
function ownStatementIds(state: PipelineState, chunkId: string, statementIds: readonly string[], support: readonly Statement[]): string[] {
  if (support.length > 0) return support.map((s) => s.id);
  const own = statementsById(state, chunkId, statementIds).map((x) => x.statement.id);
  return own.length > 0 ? own : [...statementIds];
}

/**
 * The document range of the statements a pair uses inside its window (from the first one's quote to the last one's):
 * a document pair cites the lines its facts come from, not the whole window of context around them that the model
 * was shown (that stays in `contexts`). Undefined when none lies in the window.
 */
function statementsSpan(used: readonly Statement[], window: Span): Span | undefined {
  const inside = used.filter((s) => s.start < window.end && s.end > window.start);
  if (inside.length === 0) return undefined;
  return { start: Math.max(window.start, Math.min(...inside.map((s) => s.start))), end: Math.min(window.end, Math.max(...inside.map((s) => s.end))) };
}

/**
 * The provenance of a further body of a multi_hop pair: the lines of the pair's statements in it (its window when
 * none lies there); undefined when the run does not hold the document.
 */
function windowProvenance(state: PipelineState, body: EvidenceBody, statementIds: readonly string[]): QAPair['provenance'] | undefined {
  const doc = state.documents[body.chunk.docIndex];
  if (!doc || doc.path !== body.chunk.path) return undefined;
  const window = { start: body.chunk.start + body.span.start, end: body.chunk.start + body.span.end };
  const used = statementsById(state, body.chunk.id, statementIds).map((x) => x.statement).filter((s) => isAligned(s, body.chunk));
  const cited = statementsSpan(used, window) ?? window;
  return provenanceOf(doc, cited.start, cited.end);
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

/** True when the slot passes but its validator asked for a change it has not been sent back for yet. */
export function wantsPolish(slot: PairSlot, threshold: number): boolean {
  return !slot.dropped && !slot.polished && !slot.settled && isAccepted(slot, threshold) && asksForChange(slot.best?.quality);
}

/** True when the slot's best version passes validation (threshold, gates, not dropped). */
export function isAccepted(slot: PairSlot, threshold: number): boolean {
  return passes(slot.best?.quality, threshold);
}

/** What makes two versions of a pair the same to the validator: its question and its answer. */
export function versionKey(pair: QAPair): string {
  return `${pair.question}\u0000${pair.answer}`;
}

/**
 * Settles a pending slot whose new version was validated before (the same question and answer): it is not sent to
 * the validator again, it keeps its best version, and no later round revises it. True when it was settled.
 */
export function settleRepeat(slot: PairSlot): boolean {
  if (!slot.pending || slot.current.answer === '' || !slot.tried?.has(versionKey(slot.current))) return false;
  settle(slot);
  return true;
}

/** Settles a slot: no more work this round or later, its best version kept as its current one. */
export function settle(slot: PairSlot): void {
  slot.pending = false;
  slot.revise = false;
  slot.settled = true;
  slot.questionCritique = null;
  slot.answerCritique = null;
  if (slot.best) slot.current = slot.best;
}
