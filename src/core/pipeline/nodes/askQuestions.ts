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
import type { GeneratedQuestion } from '../../domain/tasks';
import { chunkById, type PipelineState } from '../state';
import { NODE } from './ids';
import { materialOf, steeringOf } from './steering';
import { sameShape, shapeOfFields, ShapePlan, type QueryShape } from '../styles';
import { linkText } from '../chunkLinks';
import { personaDealerOf } from '../personas';

/** Most earlier questions sent back as `avoid_questions` in a top-up round. */
export const MAX_AVOID = 200;

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
  const shapes = new ShapePlan(state.params);
  const personas = personaDealerOf(state);
  const planned = [...allocation].map(([chunkId, perType]) => {
    const chunk = chunkById(state, chunkId) as Chunk;
    const types = [...perType.keys()];
    const total = [...perType.values()].reduce((a, b) => a + b, 0);
    const asked = new Map(perType);
    for (let extra = withMargin(total) - total, i = 0; extra > 0; extra--, i++) {
      const t = types[i % types.length];
      asked.set(t, (asked.get(t) ?? 0) + 1);
    }
    return { chunk, asked, perType };
  });
  // shapes are dealt to every chunk's kept share first and to the margins after, so the questions that are kept (each
  // type's first ones of a chunk) hold the asked shares of styles and lengths, not the margin's leftovers
  const quotaShapes = planned.map((r) => [...r.perType].map(([type, count]) => ({ type, parts: shapes.split(count) })));
  const marginShapes = planned.map((r) => [...r.asked].map(([type, count]) => ({ type, parts: shapes.split(count - (r.perType.get(type) ?? 0)) })));
  const requests = planned.map((r, i) => ({
    chunk: r.chunk, asked: r.asked, persona: personas.deal(linkText({ chunk: r.chunk, statements: state.statementsByChunk.get(r.chunk.id) ?? [] })),
    requests: [...r.asked.keys()].flatMap((question_type) => [...quotaShapes[i], ...marginShapes[i]]
      .filter((x) => x.type === question_type).flatMap((x) => x.parts).filter((p) => p.count > 0)
      // one request per type and shape (a margin question of a shape the quota has joins its request)
      .reduce<Array<{ shape: QueryShape; count: number }>>((out, p) => {
        const same = out.find((o) => sameShape(o.shape, p.shape));
        if (same) same.count += p.count;
        else out.push({ ...p });
        return out;
      }, [])
      .map(({ shape, count }) => ({ question_type, count, ...shape }))),
  }));
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
      ...personas.field(),
      chunks: batch.map(({ chunk, requests: asks, persona }, i) => ({
        ...questionChunk(state, chunk, only),
        chunk_id: localId('c', i),
        ...(persona ? { persona } : {}),
        requests: asks,
      })),
      avoid_questions: avoid.slice(-MAX_AVOID),
    }, `chunks ${batch.map((r) => r.chunk.id).join(', ')}`, tally);
    for (const q of reply?.questions ?? []) {
      const asker = batch.find((_, i) => localId('c', i) === q.chunk_id);
      if (!asker) continue;
      const shape = shapeOfReply(asker.requests, q);
      candidates.push({ chunkId: asker.chunk.id, question: q.question.trim(), questionType: knownType(state, q.question_type), statementIndices: q.statement_indices, ...(shapes.active ? { shape } : {}), ...(asker.persona ? { persona: asker.persona } : {}) });
    }
  });
  // chunk order, not reply order, so the selection is deterministic
  const byChunk = groupBy(candidates, (c) => c.chunkId);
  return requests.flatMap((r) => byChunk.get(r.chunk.id) ?? []);
}

/**
 * The shape a reply question was written in: the one it echoes, or — from an endpoint that ignored the schema and
 * echoed none — its type's request's when the chunk asked for that type in one shape only.
 */
function shapeOfReply(requests: ReadonlyArray<QueryShape & { question_type: string }>, q: GeneratedQuestion): QueryShape {
  if (q.query_style || q.query_length) return shapeOfFields(q);
  const mine = requests.filter((r) => r.question_type === q.question_type);
  return mine.length === 1 ? shapeOfFields(mine[0]) : {};
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
    const slot = newSlot(state, chunk, c.question, c.questionType, c.statementIndices, undefined, c.shape, c.persona);
    if (taken.has(slot.id)) continue;
    taken.add(slot.id);
    state.slots.push(slot);
  }
}

