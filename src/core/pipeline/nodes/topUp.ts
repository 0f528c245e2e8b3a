/**
 * The top-up round: when, after the last iteration, fewer pairs are validated than num_pairs and some
 * statements are not used by any pair yet, one more question round asks for the shortfall from those
 * statements (answered and validated like any new pair). It runs at most once per run.
 */
import type { NodeContext } from '../../graph/types';
import { DuplicateFilter } from '../../util/dedup';
import { allocateQuestions, type ChunkMaterial } from '../allocate';
import { acceptedCount, isAccepted } from '../pairs';
import { droppedQuestionsNote, selectQuestions } from '../questionSelection';
import type { Chunk } from '../../domain/records';
import type { PipelineState } from '../state';
import { addSlots, askQuestions } from './askQuestions';
import type { CallTally } from '../llmCall';
import { kindShortfalls, questionRound, specialCounts, type SingleHopRound } from './kindQuestions';

/** What a question round returns as its node counts. */
export interface QuestionCounts {
  in: number;
  out: number;
  dropped: number;
  rejected?: number;
}

// ---- the round's state: every read and write of `state.topUp` is here ---------------------------------

/** True while the top-up round runs (from PrepareEnhancement until its pairs are validated). */
export function inTopUpRound(state: PipelineState): boolean {
  return state.topUp === 'due' || state.topUp === 'running';
}

/**
 * Called by ValidateQAPairs: ends a running round; when `mayStart` (no enhancement iteration comes first) and a
 * round is due now, marks it and returns true.
 */
export function settleTopUp(state: PipelineState, mayStart: boolean): boolean {
  if (state.topUp === 'running') state.topUp = 'done';
  if (!mayStart || topUpShortfall(state) <= 0) return false;
  state.topUp = 'due';
  return true;
}

/** Called by PrepareEnhancement: starts the round when one is due; returns whether it did. */
export function startTopUp(state: PipelineState): boolean {
  if (state.topUp !== 'due') return false;
  state.topUp = 'running';
  return true;
}

/** True while GenerateQuestions should ask for the round's new questions. */
export function topUpRunning(state: PipelineState): boolean {
  return state.topUp === 'running';
}

/** No top-up round in this run (regeneration improves given pairs and never adds new ones). */
export function forgoTopUp(state: PipelineState): void {
  state.topUp = 'done';
}

/** Ids of the statements no pair rests on (in any of its versions). */
export function unusedStatementIds(state: PipelineState): Set<string> {
  const used = new Set(state.slots.flatMap((s) => [...s.current.statementIds, ...(s.best?.statementIds ?? [])]));
  return new Set(state.statements.filter((s) => !used.has(s.id)).map((s) => s.id));
}

/**
 * The allocation material of the chunks that hold statements in `unused`: each chunk with only those statements,
 * so a top-up asks from what no pair rests on yet and does not re-send material already used.
 */
export function unusedMaterial(state: PipelineState, unused: ReadonlySet<string>): ChunkMaterial[] {
  return state.chunks.flatMap((c: Chunk) => {
    const statements = (state.statementsByChunk.get(c.id) ?? []).filter((s) => unused.has(s.id));
    return statements.length > 0 ? [{ id: c.id, tokens: c.tokens, statements: statements.map((s) => s.content) }] : [];
  });
}

/** How many more pairs a top-up round should ask for now (0 when none is due or none is possible). */
export function topUpShortfall(state: PipelineState): number {
  if (state.topUp !== undefined || state.slots.length === 0) return 0;
  const shortfalls = kindShortfalls(state);
  const single = shortfalls.get('single_hop') ?? 0;
  // single_hop questions need statements no pair uses yet; the other kinds may rest on used ones
  const possible = (single > 0 && unusedStatementIds(state).size > 0 ? single : 0)
    + [...specialCounts(shortfalls).values()].reduce((a, b) => a + b, 0);
  return Math.min(possible, Math.max(0, state.params.numPairs - acceptedCount(state)));
}

/** GenerateQuestions in the top-up round: new questions for the shortfall, from the statements not used yet. */
export async function topUpRound(state: PipelineState, ctx: NodeContext, tally: CallTally): Promise<QuestionCounts> {
  const shortfalls = kindShortfalls(state);
  const special = specialCounts(shortfalls);
  const earlier = state.slots.map((s) => (s.best ?? s.current).question);
  return questionRound(state, ctx, tally, special, earlier, () => singleHopTopUp(state, ctx, tally, shortfalls.get('single_hop') ?? 0, earlier), false);
}

/** The single_hop part of a top-up round: `shortfall` new questions from the statements not used yet. */
async function singleHopTopUp(state: PipelineState, ctx: NodeContext, tally: CallTally, shortfall: number, earlier: string[]): Promise<SingleHopRound> {
  const threshold = state.params.validationThreshold;
  const filter = new DuplicateFilter();
  for (const q of earlier) filter.add(q);
  const unused = unusedStatementIds(state);
  // the material of a top-up chunk is its statements no pair uses yet
  const material = unusedMaterial(state, unused);
  if (shortfall <= 0 || material.length === 0) return { counts: { in: 0, out: 0, dropped: 0 }, filter };
  const typeCounts = new Map<string, number>();
  for (const s of state.slots) if (isAccepted(s, threshold)) typeCounts.set(s.questionType, (typeCounts.get(s.questionType) ?? 0) + 1);
  const byNeed = [...state.params.questionTypes].sort((a, b) => (typeCounts.get(a) ?? 0) - (typeCounts.get(b) ?? 0));
  const allocation = allocateQuestions(material, shortfall, byNeed);
  const candidates = await askQuestions(state, ctx, tally, allocation, earlier, unused);
  const { kept, dropped } = selectQuestions(candidates, allocation, shortfall, typeCounts, filter);
  addSlots(state, kept);
  const note = droppedQuestionsNote(dropped);
  if (note) ctx.warn(note);
  return { counts: { in: candidates.length, out: kept.length, dropped: candidates.length - kept.length }, filter };
}
