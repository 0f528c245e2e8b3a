/**
 * Regenerates chosen pairs of an existing dataset: each is revised with its own critique, re-answered and
 * re-validated (up to max_reflection_iterations), keeping its id and its best version. With `refreshSource`
 * (pairs whose source changed), statements are first extracted again from the given current source text, and
 * only versions grounded in that text can become the pair's best.
 */
import { shortHash } from '../text/hash';
import { estimateTokens } from '../text/tokens';
import { REGENERATION_GRAPH } from './graphDefinition';
import { resolveParams, type GenerationParams } from '../domain/params';
import type { Chunk, PipelineError, QAPair, RunStatus, Statement, UsageTotals } from '../domain/records';
import { runPipeline, stateFor, type PipelineDeps } from './run';
import type { PairSlot } from './state';
import { forgoTopUp } from './nodes/topUp';

/** A pair to regenerate, with the source text it must be grounded in (its chunk or its current source lines). */
export interface RegenerationItem {
  pair: QAPair;
  sourceText: string;
  /** This pair's source changed (see {@link RegenerationOptions.refreshSource}); overrides the option for this item. */
  refreshSource?: boolean;
  /**
   * A multi_hop pair: the current texts of its further spans (`pair.moreProvenance`, in that order), each read as a
   * chunk of its own, so the regenerated question still draws on every one.
   */
  moreSourceTexts?: string[];
}

/** Options of a regeneration. */
export interface RegenerationOptions {
  /**
   * The source changed (stale pairs): extract statements again from `sourceText`, ground the new versions in it,
   * and do not keep the old version as the best one (it answers from text that no longer exists).
   */
  refreshSource?: boolean;
}

/** What a regeneration produced. */
export interface RegenerationResult {
  /** The given pairs in the given order, each in its best version (ids kept; earlier scores in previousScores). */
  pairs: QAPair[];
  /** The statements extracted again from the given source texts (the pairs' `statementIds` point here). */
  statements: Statement[];
  errors: PipelineError[];
  usage: UsageTotals;
  status: RunStatus;
}

/** Critique given to a pair whose source changed. */
export const SOURCE_CHANGED_CRITIQUE = 'The source text changed: ask about what the current source states and answer only from it.';

/**
 * Re-runs only these pairs. Never rejects for a model failure: such pairs come back unchanged (the reason is in
 * `errors` when called with options).
 * - `regeneratePairs(items, params, deps)` → the pairs (the original shape);
 * - `regeneratePairs(items, params, deps, options)` → {@link RegenerationResult} with errors and usage.
 * @throws InvalidParamsError for bad params
 */
export function regeneratePairs(items: RegenerationItem[], params: Partial<GenerationParams> | Record<string, unknown>, deps: PipelineDeps): Promise<QAPair[]>;
export function regeneratePairs(items: RegenerationItem[], params: Partial<GenerationParams> | Record<string, unknown>, deps: PipelineDeps, options: RegenerationOptions): Promise<RegenerationResult>;
export async function regeneratePairs(items: RegenerationItem[], params: Partial<GenerationParams> | Record<string, unknown>, deps: PipelineDeps, options?: RegenerationOptions): Promise<QAPair[] | RegenerationResult> {
  const result = await regenerate(items, params, deps, options ?? {});
  return options ? result : result.pairs;
}

async function regenerate(items: RegenerationItem[], params: Partial<GenerationParams> | Record<string, unknown>, deps: PipelineDeps, options: RegenerationOptions): Promise<RegenerationResult> {
  const resolved = resolveParams(params);
  // conversation pairs go through the conversation prompts, documentation pairs through the documentation ones:
  // one run per kind of material, results put back in the given order
  const fromSession = (item: RegenerationItem) => item.pair.provenance.kind === 'session';
  // a multi_hop pair needs the current text of every chunk it draws on: without them it is left as it is (and said so)
  // rather than regenerated from its first source alone and dropped as not multi-hop
  const blind = (i: RegenerationItem) => i.pair.kind === 'multi_hop' && (i.moreSourceTexts?.length ?? 0) < (i.pair.moreProvenance?.length ?? 1);
  const runnable = items.filter((i) => !blind(i));
  const groups = [runnable.filter((i) => !fromSession(i)), runnable.filter(fromSession)].filter((g) => g.length > 0);
  const results: RegenerationResult[] = items.some(blind) ? [{
    pairs: [], statements: [], usage: sumUsage([]), status: 'completed',
    errors: items.filter(blind).map(({ pair }) => ({ node: 'Regenerate', subject: pair.id, message: `pair ${pair.id} is multi_hop and the texts of its further sources were not given, so it was kept as it is` })),
  }] : [];
  for (const group of groups) results.push(await regenerateGroup(group, resolved, deps, options, fromSession(group[0])));
  const byId = new Map(results.flatMap((r) => r.pairs.map((p) => [p.id, p] as const)));
  return {
    pairs: items.map(({ pair }) => byId.get(pair.id) ?? pair),
    statements: results.flatMap((r) => r.statements),
    errors: results.flatMap((r) => r.errors),
    usage: sumUsage(results.map((r) => r.usage)),
    status: results.map((r) => r.status).find((s) => s !== 'completed') ?? 'completed',
  };
}

/** The usage of several runs added up (cached prompt tokens only when some run reported them). */
function sumUsage(all: UsageTotals[]): UsageTotals {
  const total: UsageTotals = { calls: 0, cacheHits: 0, promptTokens: 0, completionTokens: 0, costUsd: 0 };
  for (const u of all) {
    total.calls += u.calls;
    total.cacheHits += u.cacheHits;
    total.promptTokens += u.promptTokens;
    total.completionTokens += u.completionTokens;
    total.costUsd += u.costUsd;
    if (u.cachedPromptTokens !== undefined) total.cachedPromptTokens = (total.cachedPromptTokens ?? 0) + u.cachedPromptTokens;
  }
  return total;
}

/** Regenerates pairs of one kind of material (`conversation`: session pairs, which get the conversation prompts). */
async function regenerateGroup(items: RegenerationItem[], resolved: GenerationParams, deps: PipelineDeps, options: RegenerationOptions, conversation: boolean): Promise<RegenerationResult> {
  const refreshes = (item: RegenerationItem) => item.refreshSource ?? options.refreshSource === true;
  const state = stateFor(deps, resolved, conversation ? { kind: 'sessions', sessions: [] } : { kind: 'documents', documents: [] });
  const chunks = new Map<string, Chunk>();
  const chunkOf = new Map<string, string>();
  for (const item of items) {
    const { pair, sourceText } = item;
    // refreshed and unchanged pairs of one chunk get separate chunks: only the refreshed get statements again
    const key = `${pair.chunkId}\u0000${sourceText}\u0000${refreshes(item)}`;
    let chunk = chunks.get(key);
    if (!chunk) {
      // the same chunk id with another source text (pairs of one chunk read at different times) gets its own id
      const taken = [...chunks.values()].some((c) => c.id === pair.chunkId);
      chunk = {
        id: taken ? `${pair.chunkId}~${shortHash([sourceText, String(refreshes(item))])}` : pair.chunkId, docIndex: -1,
        path: pair.provenance.kind === 'file' ? pair.provenance.path : pair.provenance.file,
        text: sourceText, start: 0, end: sourceText.length, tokens: estimateTokens(sourceText), provenance: pair.provenance,
      };
      chunks.set(key, chunk);
    }
    chunkOf.set(pair.id, chunk.id);
  }
  // a multi_hop pair's further spans become chunks of their own (read, and extracted, like its first)
  const moreChunks = new Map<string, string[]>();
  for (const item of items) {
    const texts = item.moreSourceTexts ?? [];
    moreChunks.set(item.pair.id, texts.map((text, i) => {
      const provenance = item.pair.moreProvenance?.[i] ?? item.pair.provenance;
      const chunk: Chunk = {
        id: `${item.pair.chunkId}+${i + 1}~${shortHash([text])}`, docIndex: -1,
        path: provenance.kind === 'file' ? provenance.path : provenance.file,
        text, start: 0, end: text.length, tokens: estimateTokens(text), provenance,
      };
      chunks.set(`${chunk.id}\u0000more`, chunk);
      return chunk.id;
    }));
  }
  state.chunks = [...chunks.values()];
  state.slots = items.map((item) => slotFor(item.pair, chunkOf.get(item.pair.id)!, refreshes(item), moreChunks.get(item.pair.id) ?? []));
  for (const slot of state.slots) state.forceRevise.add(slot.id);
  forgoTopUp(state); // regeneration improves the given pairs; it never adds new ones
  const run = await runPipeline(REGENERATION_GRAPH, state, deps.clock);
  const byId = new Map(state.slots.map((s) => [s.id, s]));
  return { pairs: items.map(({ pair }) => byId.get(pair.id)?.best ?? pair), statements: [...state.statements], errors: run.errors, usage: run.usage, status: run.status };
}

/** The slot of a given pair: its earlier scores kept; with a refreshed source, no best version yet. */
function slotFor(pair: QAPair, chunkId: string, refresh: boolean, moreChunkIds: string[]): PairSlot {
  const scores = [...pair.previousScores, ...(pair.quality ? [pair.quality.score] : [])];
  const current = { ...pair, chunkId, ...(moreChunkIds.length > 0 ? { moreChunkIds } : {}) };
  return {
    id: pair.id, chunkId, questionType: pair.questionType, current,
    best: refresh ? undefined : current,
    scores, bestAt: refresh || !pair.quality ? -1 : scores.length - 1,
    pending: false, revise: false, questionCritique: refresh ? SOURCE_CHANGED_CRITIQUE : null, answerCritique: null, dropped: false,
  };
}
