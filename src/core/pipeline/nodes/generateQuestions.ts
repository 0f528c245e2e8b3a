/**
 * GenerateQuestions. First pass: `numPairs` questions spread over the chunks and balanced over the types,
 * asked for with a margin, de-duplicated, trimmed, and topped up once when short. Enhancement passes:
 * only the pairs PrepareEnhancement marked are rewritten, each with its own critique.
 */
import type { GraphNode, NodeContext } from '../../graph/types';
import { DuplicateFilter } from '../../util/dedup';
import { allocateQuestions, type ChunkMaterial } from '../allocate';
import type { Chunk } from '../../domain/records';
import { droppedQuestionsNote, selectQuestions, type Candidate } from '../questionSelection';
import type { PipelineState } from '../state';
import { addSlots, askQuestions } from './askQuestions';
import { NODE } from './ids';
import { reviseMarkedQuestions } from './reviseQuestions';
import { topUpRound, topUpRunning, unusedMaterial, unusedStatementIds, type QuestionCounts } from './topUp';
import { newTally, type CallTally } from '../llmCall';
import { kindCounts, questionRound, specialCounts, type SingleHopRound } from './kindQuestions';
import { ensurePersonas } from '../personas';

/** The chunks with the texts of their verified statements, for allocation. */
export function allocationMaterial(state: PipelineState, chunks: readonly Chunk[]): ChunkMaterial[] {
  return chunks.map((c) => ({ id: c.id, tokens: c.tokens, statements: (state.statementsByChunk.get(c.id) ?? []).map((s) => s.content) }));
}

/**
 * The first pass: the single_hop share generated, selected and topped up once, while the other kinds' questions
 * are asked for at the same time; those are selected after the single_hop ones, against the same duplicate filter.
 */
async function generateFirstPass(state: PipelineState, ctx: NodeContext, tally: CallTally): Promise<QuestionCounts> {
  const chunks = allocationMaterial(state, state.chunks.filter((c) => c.text.trim() !== ''));
  if (chunks.length === 0) return { in: 0, out: 0, dropped: 0 };
  await ensurePersonas(state, ctx, tally);
  const counts = kindCounts(state.params);
  const special = specialCounts(counts);
  return questionRound(state, ctx, tally, special, [], () => generateSingleHop(state, ctx, tally, chunks, counts.get('single_hop') ?? 0), true);
}

/** The single_hop part of the first pass: `numPairs` questions generated, selected, topped up once. */
async function generateSingleHop(state: PipelineState, ctx: NodeContext, tally: CallTally, chunks: ChunkMaterial[], numPairs: number): Promise<SingleHopRound> {
  const { questionTypes } = state.params;
  const filter = new DuplicateFilter();
  if (numPairs <= 0) return { counts: { in: 0, out: 0, dropped: 0 }, filter };
  const typeCounts = new Map<string, number>();
  const kept: Candidate[] = [];
  let generated = 0;
  let duplicates = 0;

  const allocation = allocateQuestions(chunks, numPairs, questionTypes);
  const first = await askQuestions(state, ctx, tally, allocation, []);
  generated += first.length;
  const round1 = selectQuestions(first, allocation, numPairs, typeCounts, filter);
  kept.push(...round1.kept);
  duplicates += round1.duplicates;
  addSlots(state, round1.kept);
  const note1 = droppedQuestionsNote(round1.dropped);
  if (note1) ctx.warn(note1);

  const missing = numPairs - kept.length;
  if (missing > 0) {
    // top up: the missing count, types with the fewest pairs first, spread over the chunks that still hold
    // statements no kept question rests on, offering only those (used ones would give near-duplicates again)
    const byNeed = [...questionTypes].sort((a, b) => (typeCounts.get(a) ?? 0) - (typeCounts.get(b) ?? 0));
    const unused = unusedStatementIds(state);
    const topUp = allocateQuestions(unusedMaterial(state, unused), missing, byNeed);
    const second = topUp.size > 0 ? await askQuestions(state, ctx, tally, topUp, kept.map((c) => c.question), unused) : [];
    generated += second.length;
    const round2 = selectQuestions(second, topUp, missing, typeCounts, filter);
    duplicates += round2.duplicates;
    kept.push(...round2.kept);
    addSlots(state, round2.kept);
    const note2 = droppedQuestionsNote(round2.dropped);
    if (note2) ctx.warn(note2);
  }
  if (kept.length < numPairs) {
    state.errors.push({ node: NODE.questions, message: `only ${kept.length} of the ${numPairs} requested questions could be generated (after removing ${duplicates} duplicates); the content may be too short for more` });
  }
  return { counts: { in: generated, out: kept.length, dropped: generated - kept.length }, filter };
}

/**
 * The GenerateQuestions node: first pass when iteration is 0, revision of marked pairs afterwards.
 * Counts (first pass, top-up): in = questions generated, out = kept as pairs, dropped = duplicates and the
 * over-generated margin. Revision: in = marked pairs, out = given a new question, rejected = revisions not used.
 */
export const generateQuestions: GraphNode<PipelineState> = {
  id: NODE.questions,
  label: 'Generate questions (first pass), revise weak ones (enhancement) or top up a shortfall',
  next: [{ to: NODE.answers }],
  async run(state, ctx) {
    const tally = newTally();
    const counts = topUpRunning(state) ? await topUpRound(state, ctx, tally)
      : state.iteration === 0 ? await generateFirstPass(state, ctx, tally) : await reviseMarkedQuestions(state, ctx, tally);
    return { next: NODE.answers, counts: { ...counts, retried: tally.retried } };
  },
};
