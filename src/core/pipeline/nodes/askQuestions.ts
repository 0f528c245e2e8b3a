/** Asking the model for new questions of an allocation, and turning the kept ones into pairs. */
import type { NodeContext } from '../../graph/types';
import { groupBy } from '../../util/group';
import { withMargin, type Allocation } from '../allocate';
import { MAX_ITEMS_PER_CALL, MIN_ITEMS_PER_CALL, callsFor, promptLimit, splitEvenly } from '../batching';
import { callTask, forEachBatch, type CallTally } from '../llmCall';
import { localId } from '../callIds';
import { newSlot, questionChunk, questionChunkCost } from '../pairs';
import type { Candidate } from '../questionSelection';
import type { Chunk } from '../../domain/records';
import { chunkById, type PipelineState } from '../state';
import { NODE } from './ids';
import { materialOf, steeringOf } from './steering';

/** Most earlier questions sent back as `avoid_questions` in a top-up round. */
const MAX_AVOID = 200;

/** The configured type a model's `question_type` means ("Factual " → "factual"); unknown names kept as given. */
function knownType(state: PipelineState, name: string): string {
  const key = name.trim().toLowerCase();
  return state.params.questionTypes.find((t) => t.toLowerCase() === key) ?? name.trim();
}

/**
 * Asks for the questions of `allocation` (plus a margin) in calls split to fill the concurrency (each within the
 * question cap and the token budget), offering the statements in
 * `only` when given (all of each chunk's otherwise).
 */
export async function askQuestions(state: PipelineState, ctx: NodeContext, tally: CallTally, allocation: Allocation, avoid: string[], only?: ReadonlySet<string>): Promise<Candidate[]> {
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
  const total = requests.reduce((n, r) => n + asked(r), 0);
  const calls = callsFor(total, state.runtime.splitCalls, MIN_ITEMS_PER_CALL, MAX_ITEMS_PER_CALL);
  const batches = splitEvenly(requests, asked, calls, [
    { measure: asked, max: MAX_ITEMS_PER_CALL },
    promptLimit((r) => questionChunkCost(state, r.chunk, only), state.runtime.batchTokenBudget),
  ]);
  const candidates: Candidate[] = [];
  await forEachBatch(batches, async (batch) => {
    const reply = await callTask(state, NODE.questions, ctx, 'generate_questions', {
      ...steering,
      ...materialOf(state),
      chunks: batch.map(({ chunk, asked }, i) => ({
        ...questionChunk(state, chunk, only),
        chunk_id: localId('c', i),
        requests: [...asked].map(([question_type, count]) => ({ question_type, count })),
      })),
      avoid_questions: avoid.slice(-MAX_AVOID),
    }, `chunks ${batch.map((r) => r.chunk.id).join(', ')}`, tally);
    for (const q of reply?.questions ?? []) {
      const asker = batch.find((_, i) => localId('c', i) === q.chunk_id);
      if (!asker) continue;
      candidates.push({ chunkId: asker.chunk.id, question: q.question.trim(), questionType: knownType(state, q.question_type), statementIndices: q.statement_indices });
    }
  });
  // chunk order, not reply order, so the selection is deterministic
  const byChunk = groupBy(candidates, (c) => c.chunkId);
  return requests.flatMap((r) => byChunk.get(r.chunk.id) ?? []);
}

/**
 * Adds a slot for each kept candidate, except one whose id is taken: a pair's id comes from its first question,
 * which a later round can ask again after that pair was revised to another question.
 */
export function addSlots(state: PipelineState, kept: Candidate[]): void {
  const taken = new Set(state.slots.map((s) => s.id));
  for (const c of kept) {
    const chunk = chunkById(state, c.chunkId);
    if (!chunk) continue;
    const slot = newSlot(state, chunk, c.question, c.questionType, c.statementIndices);
    if (taken.has(slot.id)) continue;
    taken.add(slot.id);
    state.slots.push(slot);
  }
}

