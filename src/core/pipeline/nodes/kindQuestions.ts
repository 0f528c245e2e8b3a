/**
 * GenerateQuestions for the kinds beside single_hop: num_pairs is split over the kinds asked for (largest
 * remainder); unanswerable and multi_turn questions are spread over the chunks with statements, multi_hop questions
 * over linked chunk pairs (chunkLinks.ts); each kind is asked for with a margin in batched calls that fill the
 * concurrency, and the kept questions become slots that carry their kind through every later stage.
 */
import type { NodeContext } from '../../graph/types';
import type { DuplicateFilter } from '../../util/dedup';
import { PAIR_KINDS, type PairKind, type PairTurn } from '../../domain/kinds';
import { kindShares, type GenerationParams } from '../../domain/params';
import type { Chunk } from '../../domain/records';
import type { KindRequest, SpecialKind } from '../../domain/tasks';
import { spread, withMargin } from '../allocate';
import { MAX_ITEMS_PER_CALL, MIN_ITEMS_PER_CALL, callsFor, promptLimit, splitEvenly } from '../batching';
import { localId } from '../callIds';
import { closestChunks, embeddingLinks, lexicalLinks, linkTerms, linkText, MAX_EMBEDDED_CHUNKS, pickLinks, type ChunkLink, type LinkMaterial } from '../chunkLinks';
import { callTask, forEachBatch, type CallTally } from '../llmCall';
import { isAccepted, newSlot, questionChunk, questionChunkCost } from '../pairs';
import { droppedQuestionsNote, type DroppedQuestion } from '../questionSelection';
import { chunkById, type PipelineState } from '../state';
import { detectLanguage } from '../../llm/offline/text';
import { NODE } from './ids';
import { materialOf, steeringOf } from './steering';
import { ShapePlan, type QueryShape } from '../styles';
import { personaDealerOf } from '../personas';
import { MAX_AVOID } from './askQuestions';

/** How many of `numPairs` each kind gets (largest remainder over the shares, kinds in their listed order). */
export function kindCounts(params: GenerationParams, numPairs = params.numPairs): Map<PairKind, number> {
  const shares = kindShares(params);
  const kinds = PAIR_KINDS.filter((k) => (shares[k] ?? 0) > 0);
  const exact = kinds.map((k) => (shares[k] ?? 0) * numPairs);
  const counts = exact.map(Math.floor);
  let left = numPairs - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    counts[i]++;
  }
  return new Map(kinds.map((k, i) => [k, counts[i]]));
}

/** A question of another kind than single_hop, as generated, before it becomes a pair. */
export interface KindCandidate {
  kind: SpecialKind;
  /** Its chunks, the primary first (a multi_hop question's in the order it cites them). */
  chunkIds: string[];
  /** Per chunk id, the statement indices it rests on. */
  statements: Map<string, number[]>;
  question: string;
  questionType: string;
  turns: PairTurn[];
  shape?: QueryShape;
  persona?: string;
}

/** One request as planned: its kind, chunks, type, how many to write and (once split by shape) their shape. */
interface PlannedRequest {
  kind: SpecialKind;
  chunks: Chunk[];
  questionType: string;
  count: number;
  shape?: QueryShape;
  persona?: string;
}

/** The chunks a kind question can rest on: those with verified statements. */
function withStatements(state: PipelineState): Chunk[] {
  return state.chunks.filter((c) => c.text.trim() !== '' && (state.statementsByChunk.get(c.id)?.length ?? 0) > 0);
}

/** Those chunks with their statements, as chunk linking reads them. */
function linkMaterial(state: PipelineState): LinkMaterial[] {
  return withStatements(state).map((chunk) => ({ chunk, statements: state.statementsByChunk.get(chunk.id)! }));
}

/** Requests of a one-chunk kind: `count` (with margin) spread over the chunks by their statements, types in turn. */
function singleChunkRequests(state: PipelineState, kind: SpecialKind, count: number, typeAt: () => string): PlannedRequest[] {
  const chunks = withStatements(state);
  const counts = spread(chunks.map((c) => state.statementsByChunk.get(c.id)!.length), withMargin(count));
  return chunks.flatMap((c, i) => Array.from({ length: counts[i] }, () => ({ kind, chunks: [c], questionType: typeAt(), count: 1 })))
    // one request per chunk and type, its count summed
    .reduce<PlannedRequest[]>((out, r) => {
      const same = out.find((o) => o.chunks[0] === r.chunks[0] && o.questionType === r.questionType);
      if (same) same.count++;
      else out.push(r);
      return out;
    }, []);
}

/** The links multi_hop questions are asked over: embeddings when the endpoint has them (and not too many chunks). */
async function chunkLinksFor(state: PipelineState, ctx: NodeContext, count: number): Promise<ChunkLink[]> {
  const used = usedLinks(state);
  const material = linkMaterial(state);
  if (material.length < 2) return [];
  const embed = state.runtime.llm.embed?.bind(state.runtime.llm);
  let links: ChunkLink[] | undefined;
  if (embed && material.length <= MAX_EMBEDDED_CHUNKS) {
    try {
      const vectors = await embed(material.map(linkText), state.runtime.signal);
      if (vectors.length === material.length) links = embeddingLinks(material, vectors);
    } catch (error) {
      if (state.runtime.signal.aborted) throw error;
      ctx.warn(`multi_hop: the endpoint's embeddings failed (${error instanceof Error ? error.message : String(error)}); chunks are linked by shared key terms instead`);
    }
  }
  // a question in one language over pages in two would fail the language gate whichever it is written in
  const lang = new Map(material.map((m) => [m.chunk.id, detectLanguage(linkText(m))]));
  const unused = (l: ChunkLink) => !used.has(linkKey(l.chunks[0].id, l.chunks[1].id));
  // a text too short to tell its language ('other') links with either
  const sameLanguage = (l: ChunkLink) => {
    const [a, b] = [lang.get(l.chunks[0].id), lang.get(l.chunks[1].id)];
    return a === b || a === 'other' || b === 'other';
  };
  const candidates = (links ?? lexicalLinks(material)).filter((l) => sameLanguage(l) && unused(l));
  const picked = pickLinks(candidates, count, material.length);
  state.askedLinks ??= new Set();
  for (const l of picked) state.askedLinks.add(linkKey(l.chunks[0].id, l.chunks[1].id));
  return picked;
}

/** The key of a link between two chunks, whichever order they are in. */
function linkKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}

/** The links the run has asked multi_hop questions over (a top-up round asks over others, not a declined one again). */
function usedLinks(state: PipelineState): Set<string> {
  return new Set([...(state.askedLinks ?? []), ...state.slots.filter((s) => s.current.kind === 'multi_hop').flatMap((s) => (s.current.moreChunkIds ?? []).map((id) => linkKey(s.chunkId, id)))]);
}

/** Every request of the kinds in `counts`, each kind with a margin. */
async function planRequests(state: PipelineState, ctx: NodeContext, counts: ReadonlyMap<SpecialKind, number>): Promise<PlannedRequest[]> {
  // the types the run has fewest pairs of come first (a top-up round's kinds go where the file is short)
  const had = typeCountsOf(state);
  const types = [...state.params.questionTypes].sort((a, b) => (had.get(a) ?? 0) - (had.get(b) ?? 0));
  let next = 0;
  const typeAt = () => types[next++ % types.length];
  const requests: PlannedRequest[] = [];
  for (const [kind, count] of counts) {
    if (count <= 0) continue;
    if (kind === 'multi_hop') {
      const links = await chunkLinksFor(state, ctx, withMargin(count));
      if (links.length < withMargin(count)) state.linksExhausted = true;
      if (links.length < count) ctx.warn(`multi_hop: only ${links.length} pair(s) of chunks share enough to link them, for ${count} multi-hop question(s)`);
      requests.push(...links.map((l) => ({ kind, chunks: [...l.chunks], questionType: typeAt(), count: 1 })));
    } else {
      requests.push(...singleChunkRequests(state, kind, count, typeAt));
    }
  }
  return requests;
}

/** Asks for the questions of `counts` (each kind with a margin) and returns the candidates in request order. */
export async function askKindQuestions(state: PipelineState, ctx: NodeContext, tally: CallTally, counts: ReadonlyMap<SpecialKind, number>, avoid: readonly string[]): Promise<KindCandidate[]> {
  const shapes = new ShapePlan(state.params);
  const personas = personaDealerOf(state);
  // each request split by the style and length its questions are to have, and written for a persona in turn
  const planned = (await planRequests(state, ctx, counts)).flatMap((r) => shapes.split(r.count).map(({ shape, count }) => ({ ...r, count, shape, persona: personas.deal(r.chunks.map((c) => linkText({ chunk: c, statements: state.statementsByChunk.get(c.id) ?? [] })).join('\n')) })));
  if (planned.length === 0) return [];
  const total = planned.reduce((n, r) => n + r.count, 0);
  const cost = (r: PlannedRequest) => r.chunks.reduce((sum, c) => sum + questionChunkCost(state, c), 0);
  const batches = splitEvenly(planned, (r) => r.count, callsFor(total, state.runtime.splitCalls, MIN_ITEMS_PER_CALL, MAX_ITEMS_PER_CALL), [
    { measure: (r) => r.count, max: MAX_ITEMS_PER_CALL },
    promptLimit(cost, state.runtime.batchTokenBudget),
  ]);
  const found = new Map<PlannedRequest, KindCandidate[]>();
  await forEachBatch(batches, async (batch) => {
    const chunks = [...new Set(batch.flatMap((r) => r.chunks))];
    const local = new Map(chunks.map((c, i) => [c.id, localId('c', i)]));
    const requests: KindRequest[] = batch.map((r, i) => ({
      request_id: localId('r', i), kind: r.kind, chunk_ids: r.chunks.map((c) => local.get(c.id)!), question_type: r.questionType, count: r.count, ...r.shape, ...(r.persona ? { persona: r.persona } : {}),
    }));
    const reply = await callTask(state, NODE.questions, ctx, 'generate_kind_questions', {
      ...steeringOf(state),
      ...materialOf(state),
      ...personas.field(),
      chunks: chunks.map((c) => ({ ...questionChunk(state, c), chunk_id: local.get(c.id)! })),
      requests,
      avoid_questions: avoid.slice(-MAX_AVOID),
    }, `${batch.map((r) => r.kind).join(', ')} over chunks ${chunks.map((c) => c.id).join(', ')}`, tally);
    for (const q of reply?.questions ?? []) {
      const at = requests.findIndex((r) => r.request_id === q.request_id);
      const candidate = at >= 0 ? candidateOf(batch[at], q, local) : undefined;
      if (candidate) found.set(batch[at], [...(found.get(batch[at]) ?? []), candidate]);
    }
  });
  return planned.flatMap((r) => found.get(r) ?? []);
}

/**
 * A reply question as a candidate, or undefined when it breaks its kind's shape: a multi_hop question must cite
 * statements of at least two of its request's chunks, a multi_turn one must have 2 or 4 prior turns alternating from
 * the user's to the assistant's.
 */
function candidateOf(request: PlannedRequest, q: { question: string; turns: PairTurn[]; sources: Array<{ chunk_id: string; statement_indices: number[] }> }, local: Map<string, string>): KindCandidate | undefined {
  const question = q.question.trim();
  if (!question) return undefined;
  const statements = new Map<string, number[]>();
  for (const c of request.chunks) {
    const cited = q.sources.filter((s) => s.chunk_id === local.get(c.id)).flatMap((s) => s.statement_indices);
    if (cited.length > 0) statements.set(c.id, [...new Set(cited)]);
  }
  const chunkIds = request.chunks.map((c) => c.id).filter((id) => statements.has(id));
  const turns = q.turns.map((t) => ({ role: t.role, content: t.content.trim() })).filter((t) => t.content !== '');
  if (request.kind === 'multi_hop' && chunkIds.length < 2) return undefined;
  // the final question is the user's next turn: the prior ones alternate from the user's and end with the assistant's
  if (request.kind === 'multi_turn' && !(turns.length >= 2 && turns.length % 2 === 0 && turns.every((t, i) => t.role === (i % 2 === 0 ? 'user' : 'assistant')))) return undefined;
  if (chunkIds.length === 0) chunkIds.push(request.chunks[0].id);
  return { kind: request.kind, chunkIds, statements, question, questionType: request.questionType, turns: request.kind === 'multi_turn' ? turns : [], ...(request.shape ? { shape: request.shape } : {}), ...(request.persona ? { persona: request.persona } : {}) };
}

/** What a selection of kind candidates kept, and what it dropped with the reason. */
export interface KindSelection {
  kept: KindCandidate[];
  dropped: DroppedQuestion[];
}

/**
 * Up to `counts` candidates of each kind, skipping exact and near duplicates of anything `filter` remembers (every
 * kept question of the run; updated). Each pick takes the candidate whose question type the run has fewest of so
 * far (`typeCounts`, the single_hop pairs' included; updated), in order among equals, so the types stay balanced
 * over the whole file and not only within each kind.
 */
export function selectKindQuestions(candidates: readonly KindCandidate[], counts: ReadonlyMap<SpecialKind, number>, filter: DuplicateFilter, typeCounts = new Map<string, number>()): KindSelection {
  const kept: KindCandidate[] = [];
  const dropped: DroppedQuestion[] = [];
  const shapeCounts = new Map<string, number>();
  const open = candidates.filter((c) => {
    const same = filter.duplicateOf(c.question);
    if (same !== undefined) dropped.push({ question: c.question, reason: `duplicate of "${same}"` });
    return same === undefined;
  });
  for (const [kind, count] of counts) {
    for (let taken = 0; taken < count;) {
      const mine = open.filter((c) => c.kind === kind);
      if (mine.length === 0) break;
      // the fewest of its type first, then of its style and length (so both stay near their shares)
      const need = (c: KindCandidate) => (typeCounts.get(c.questionType) ?? 0) * 1e6 + (shapeCounts.get(shapeKey(c.shape)) ?? 0);
      const pick = mine.reduce((best, c) => (need(c) < need(best) ? c : best), mine[0]);
      open.splice(open.indexOf(pick), 1);
      if (!filter.add(pick.question)) {
        dropped.push({ question: pick.question, reason: `duplicate of "${filter.duplicateOf(pick.question)}"` });
        continue;
      }
      typeCounts.set(pick.questionType, (typeCounts.get(pick.questionType) ?? 0) + 1);
      shapeCounts.set(shapeKey(pick.shape), (shapeCounts.get(shapeKey(pick.shape)) ?? 0) + 1);
      kept.push(pick);
      taken++;
    }
  }
  dropped.push(...open.map((c) => ({ question: c.question, reason: 'not needed' })));
  return { kept, dropped };
}

function shapeKey(shape: QueryShape | undefined): string {
  return `${shape?.query_style ?? ''}/${shape?.query_length ?? ''}`;
}

/** How many of the run's pairs (their current versions) have each question type. */
export function typeCountsOf(state: PipelineState): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of state.slots) counts.set(s.questionType, (counts.get(s.questionType) ?? 0) + 1);
  return counts;
}

/** Other chunks an unanswerable question's validation also reads (the one most likely to answer it). */
const UNANSWERABLE_CHECK_CHUNKS = 1;

/**
 * Adds a slot for each kept kind candidate (one whose id is taken is skipped, as addSlots does). An unanswerable
 * question also gets the chunk elsewhere in the corpus that shares most with it (and its statements that do), so
 * that answering says what that one covers too and validation checks that no chunk answers it, not only its own.
 */
export function addKindSlots(state: PipelineState, kept: readonly KindCandidate[]): number {
  const taken = new Set(state.slots.map((s) => s.id));
  const material = linkMaterial(state);
  // every unanswerable question is compared with the same material: its terms are computed once for all of them
  const terms = kept.some((c) => c.kind === 'unanswerable') ? material.map(linkTerms) : [];
  let added = 0;
  for (const c of kept) {
    const chunk = chunkById(state, c.chunkIds[0]);
    if (!chunk) continue;
    const checks = c.kind === 'unanswerable' ? closestChunks(material, c.question, chunk.id, UNANSWERABLE_CHECK_CHUNKS, terms) : [];
    const more = [...c.chunkIds.slice(1), ...checks.map((x) => x.chunk.id)];
    const indices = new Map([...more.map((id) => [id, c.statements.get(id) ?? []] as const), ...checks.map((x) => [x.chunk.id, x.statementIndices] as const)]);
    const slot = newSlot(state, chunk, c.question, c.questionType, c.statements.get(chunk.id) ?? [], {
      kind: c.kind, turns: c.turns, moreChunkIds: more, moreStatementIndices: indices,
    }, c.shape, c.persona);
    if (taken.has(slot.id)) continue;
    taken.add(slot.id);
    state.slots.push(slot);
    added++;
  }
  return added;
}

/**
 * How many more pairs of each kind a top-up round asks for: the kind's share of num_pairs less its accepted pairs
 * (so a dropped multi_hop pair is replaced by another multi_hop pair, and the file keeps the asked shares).
 */
export function kindShortfalls(state: PipelineState): Map<PairKind, number> {
  const threshold = state.params.validationThreshold;
  const accepted = new Map<PairKind, number>();
  for (const s of state.slots) {
    const kind = s.current.kind ?? 'single_hop';
    if (isAccepted(s, threshold)) accepted.set(kind, (accepted.get(kind) ?? 0) + 1);
  }
  // no multi_hop top-up over links already used up: it would run a round that asks for nothing
  return new Map([...kindCounts(state.params)].map(([k, n]) => [k, k === 'multi_hop' && state.linksExhausted ? 0 : Math.max(0, n - (accepted.get(k) ?? 0))]));
}

/** What the single_hop half of a question round returns: its counts, and the duplicate filter of what it kept. */
export interface SingleHopRound {
  counts: { in: number; out: number; dropped: number };
  filter: DuplicateFilter;
}

/**
 * One question round of every kind: the `special` kinds' questions are asked for while `singleHop` (started by the
 * caller) runs; once both have settled (a failure of either ends the node only then, so no call is left running),
 * the kind questions are selected against the single_hop ones' filter and added as slots. With `reportShort`, a
 * kind that got fewer questions than asked is recorded in the run's errors. Returns the round's node counts.
 */
export async function questionRound(
  state: PipelineState, ctx: NodeContext, tally: CallTally, special: ReadonlyMap<SpecialKind, number>, avoid: readonly string[],
  singleHop: () => Promise<SingleHopRound>, reportShort: boolean,
): Promise<{ in: number; out: number; dropped: number }> {
  const kindAsk = special.size > 0 ? askKindQuestions(state, ctx, tally, special, avoid) : Promise.resolve([]);
  const [single, kinds] = await Promise.allSettled([singleHop(), kindAsk]);
  if (single.status === 'rejected') throw single.reason;
  if (kinds.status === 'rejected') throw kinds.reason;
  const selection = selectKindQuestions(kinds.value, special, single.value.filter, typeCountsOf(state));
  const added = addKindSlots(state, selection.kept);
  const note = droppedQuestionsNote(selection.dropped);
  if (note) ctx.warn(note);
  for (const [kind, count] of reportShort ? special : []) {
    const got = selection.kept.filter((c) => c.kind === kind).length;
    if (got < count) state.errors.push({ node: NODE.questions, message: `only ${got} of the ${count} requested ${kind} questions could be generated${SHORT_WHY[kind]}` });
  }
  const generated = single.value.counts.in + kinds.value.length;
  const out = single.value.counts.out + added;
  return { in: generated, out, dropped: generated - out };
}

/** Why a kind can come out short, for the run's warning (a declined request is the prompt's rule, not a fault). */
const SHORT_WHY: Readonly<Record<SpecialKind, string>> = Object.freeze({
  multi_hop: ': too few linked chunk pairs have facts that answer a question only together (a request over unrelated chunks is declined, never forced)',
  unanswerable: '',
  multi_turn: '',
});

/** The counts of the kinds other than single_hop. */
export function specialCounts(counts: ReadonlyMap<PairKind, number>): Map<SpecialKind, number> {
  return new Map([...counts].filter((e): e is [SpecialKind, number] => e[0] !== 'single_hop' && e[1] > 0));
}
