/**
 * GenerateQuestions. First pass: `numPairs` questions spread over the chunks and balanced over the types,
 * asked for with a margin, de-duplicated, trimmed, and topped up once when short. Enhancement passes:
 * only the pairs PrepareEnhancement marked are rewritten, each with its own critique.
 */
import type { GraphNode, NodeContext } from '../../graph/types';
import { DuplicateFilter } from '../../util/dedup';
import { allocateQuestions, withMargin, type Allocation } from '../allocate';
import { MAX_ITEMS_PER_CALL, batchByTokens } from '../batching';
import { callTask, forEachBatch } from '../llmCall';
import { newSlot, statementsOrText, statementsOrTextCost } from '../pairs';
import { selectQuestions, type Candidate } from '../questionSelection';
import type { Chunk } from '../records';
import { chunkById, type PipelineState } from '../state';
import { NODE } from './ids';
import { reviseMarkedQuestions } from './reviseQuestions';
import { steeringOf } from './steering';

/** Most earlier questions sent back as `avoid_questions` in a top-up round. */
const MAX_AVOID = 200;

/** The configured type a model's `question_type` means ("Factual " → "factual"); unknown names kept as given. */
function knownType(state: PipelineState, name: string): string {
  const key = name.trim().toLowerCase();
  return state.params.questionTypes.find((t) => t.toLowerCase() === key) ?? name.trim();
}

/** Asks for the questions of `allocation` (plus a margin) in token-budgeted batches. */
async function askQuestions(state: PipelineState, ctx: NodeContext, allocation: Allocation, avoid: string[]): Promise<Candidate[]> {
  const steering = steeringOf(state);
  const requests = [...allocation].map(([chunkId, perType]) => {
    const chunk = chunkById(state, chunkId) as Chunk;
    const types = [...perType.keys()];
    const total = [...perType.values()].reduce((a, b) => a + b, 0);
    const asked = new Map(perType);
    for (let extra = withMargin(total) - total, i = 0; extra > 0; extra--, i++) {
      const t = types[i % types.length];
      asked.set(t, (asked.get(t) ?? 0) + 1);
    }
    return { chunk, asked };
  });
  const asked = (r: { asked: Map<string, number> }) => [...r.asked.values()].reduce((a, b) => a + b, 0);
  const batches = batchByTokens(requests, (r) => statementsOrTextCost(state, r.chunk), state.runtime.batchTokenBudget, asked, 2 * MAX_ITEMS_PER_CALL);
  const byChunk = new Map<string, Candidate[]>();
  await forEachBatch(batches, async (batch) => {
    const reply = await callTask(state, NODE.questions, ctx, 'generate_questions', {
      ...steering,
      chunks: batch.map(({ chunk, asked }) => ({
        ...statementsOrText(state, chunk),
        requests: [...asked].map(([question_type, count]) => ({ question_type, count })),
      })),
      avoid_questions: avoid.slice(-MAX_AVOID),
    }, `chunks ${batch.map((r) => r.chunk.id).join(', ')}`);
    for (const q of reply?.questions ?? []) {
      if (!batch.some((r) => r.chunk.id === q.chunk_id)) continue;
      const list = byChunk.get(q.chunk_id) ?? [];
      list.push({ chunkId: q.chunk_id, question: q.question.trim(), questionType: knownType(state, q.question_type), statementIndices: q.statement_indices });
      byChunk.set(q.chunk_id, list);
    }
  });
  // chunk order, not reply order, so the selection is deterministic
  return requests.flatMap((r) => byChunk.get(r.chunk.id) ?? []);
}

/** The first pass: generate, select, top up once. */
async function generateFirstPass(state: PipelineState, ctx: NodeContext): Promise<{ in: number; out: number; dropped: number }> {
  const { numPairs, questionTypes } = state.params;
  const chunks = state.chunks.filter((c) => c.text.trim() !== '');
  if (chunks.length === 0) return { in: 0, out: 0, dropped: 0 };
  const filter = new DuplicateFilter();
  const typeCounts = new Map<string, number>();
  const kept: Candidate[] = [];
  let generated = 0;
  let duplicates = 0;

  const allocation = allocateQuestions(chunks, numPairs, questionTypes);
  const first = await askQuestions(state, ctx, allocation, []);
  generated += first.length;
  const round1 = selectQuestions(first, allocation, numPairs, typeCounts, filter);
  kept.push(...round1.kept);
  duplicates += round1.duplicates;
  addSlots(state, round1.kept);

  const missing = numPairs - kept.length;
  if (missing > 0) {
    // top up: the missing count, types with the fewest pairs first, spread over the chunks again
    const byNeed = [...questionTypes].sort((a, b) => (typeCounts.get(a) ?? 0) - (typeCounts.get(b) ?? 0));
    const topUp = allocateQuestions(chunks, missing, byNeed);
    const second = await askQuestions(state, ctx, topUp, kept.map((c) => c.question));
    generated += second.length;
    const round2 = selectQuestions(second, topUp, missing, typeCounts, filter);
    duplicates += round2.duplicates;
    kept.push(...round2.kept);
    addSlots(state, round2.kept);
  }
  if (kept.length < numPairs) {
    state.errors.push({ node: NODE.questions, message: `only ${kept.length} of the ${numPairs} requested questions could be generated (after removing ${duplicates} duplicates); the content may be too short for more` });
  }
  return { in: chunks.length, out: kept.length, dropped: generated - kept.length };
}

function addSlots(state: PipelineState, kept: Candidate[]): void {
  for (const c of kept) {
    const chunk = chunkById(state, c.chunkId);
    if (chunk) state.slots.push(newSlot(state, chunk, c.question, c.questionType, c.statementIndices));
  }
}

/** The GenerateQuestions node: first pass when iteration is 0, revision of marked pairs afterwards. */
export const generateQuestions: GraphNode<PipelineState> = {
  id: NODE.questions,
  label: 'Generate questions (first pass) or revise weak ones (enhancement)',
  next: [{ to: NODE.answers }],
  async run(state, ctx) {
    const counts = state.iteration === 0 ? await generateFirstPass(state, ctx) : await reviseMarkedQuestions(state, ctx);
    return { next: NODE.answers, counts: { ...counts, retried: state.retries } };
  },
};
