/**
 * Bodies of evidence for the pairs of a call: each pair's body is built from the statements its question rests
 * on, and pairs of one chunk whose bodies are the same share one entry of the prompt (sent once).
 */
import type { Chunk } from '../domain/records';
import type { TaskEvidence } from '../domain/tasks';
import { textCost } from './batching';
import { evidenceWindow, statementsInWindow, windowText, type Span } from './evidence';
import { statementsById } from './pairs';
import { statementMarks } from './statementMarks';
import { chunkById, type PairSlot, type PipelineState } from './state';

/** One pair's body of evidence: its chunk, the window, the statements inside it (chunk indices), the text. */
export interface EvidenceBody {
  chunk: Chunk;
  span: Span;
  statements: Array<TaskEvidence['statements'][number]>;
  text: string;
}

/** The body of `window` of `chunk`. */
export function bodyOfWindow(state: PipelineState, chunk: Chunk, span: Span): EvidenceBody {
  const statements = statementsInWindow(chunk, state.statementsByChunk.get(chunk.id) ?? [], span)
    .map(({ statement, index }) => ({ index, text: statement.content, ...statementMarks(statement) }));
  return { chunk, span, statements, text: windowText(chunk, span) };
}

/** The body of a pair version's statements (the whole chunk when none of them is aligned in it). */
export function bodyFor(state: PipelineState, chunk: Chunk, statementIds: readonly string[]): EvidenceBody {
  const support = statementsById(state, chunk.id, statementIds).map((s) => s.statement);
  return bodyOfWindow(state, chunk, evidenceWindow(chunk, support, state.params.answerLength));
}

/**
 * A pair's one body of evidence, the same for every stage: the window kept when the pair was first answered, so
 * a revised answer, a revised question and every validation see exactly what the first answer was written from
 * (a window recomputed from the statements an answer cited would narrow it between rounds); before the first
 * answer, the window around the statements its question rests on.
 */
export function pairBody(state: PipelineState, slot: PairSlot): EvidenceBody | undefined {
  const chunk = chunkById(state, slot.chunkId);
  if (!chunk) return undefined;
  return slot.evidence ? bodyOfWindow(state, chunk, slot.evidence) : bodyFor(state, chunk, slot.current.statementIds);
}

/**
 * Every body of evidence of a pair: its own ({@link pairBody}) first, then, for a multi_hop pair, one per further
 * chunk (the window kept from its first answer, or the one around its statements in that chunk). Empty when the
 * pair's chunk is unknown.
 */
export function pairBodies(state: PipelineState, slot: PairSlot): EvidenceBody[] {
  const first = pairBody(state, slot);
  if (!first) return [];
  const more = (slot.current.moreChunkIds ?? []).flatMap((id, i) => {
    const chunk = chunkById(state, id);
    if (!chunk) return [];
    const kept = slot.moreEvidence?.[i];
    return [kept ? bodyOfWindow(state, chunk, kept) : bodyFor(state, chunk, slot.current.statementIds)];
  });
  return [first, ...more];
}

/** The bodies of a call, each sent once, and the evidence_id of each pair's body. */
export interface EvidenceTable {
  evidence: TaskEvidence[];
  idOf(body: EvidenceBody): string;
}

/** Numbers the distinct bodies of a call (`e1`, `e2`, … in order of first use). */
export function evidenceTable(bodies: readonly EvidenceBody[]): EvidenceTable {
  const ids = new Map<string, string>();
  const evidence: TaskEvidence[] = [];
  const keyOf = (b: EvidenceBody) => `${b.chunk.id}\u0000${b.span.start}\u0000${b.span.end}`;
  for (const body of bodies) {
    const key = keyOf(body);
    if (ids.has(key)) continue;
    const id = `e${ids.size + 1}`;
    ids.set(key, id);
    evidence.push({ evidence_id: id, statements: body.statements, text: body.text });
  }
  return { evidence, idOf: (b) => ids.get(keyOf(b))! };
}

/** Token estimate of a group's distinct bodies, for batching. */
export function bodiesCost(bodies: readonly EvidenceBody[]): number {
  return evidenceTable(bodies).evidence.reduce((sum, e) => sum + textCost(e.text, ...e.statements.map((s) => s.text)), 0);
}
