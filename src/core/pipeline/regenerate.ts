/**
 * Regenerates chosen pairs of an existing dataset: each is revised with its own critique, re-answered and
 * re-validated (up to max_reflection_iterations), keeping its id and its best version.
 */
import { resolveParams, type GenerationParams } from './params';
import { REGENERATION_GRAPH } from './graphDefinition';
import type { Chunk, QAPair } from './records';
import { runPipeline, stateFor, type PipelineDeps } from './run';
import type { PairSlot } from './state';
import { estimateTokens } from '../text/tokens';

/** A pair to regenerate, with the source text it must be grounded in (its chunk or its contexts). */
export interface RegenerationItem {
  pair: QAPair;
  sourceText: string;
}

/**
 * Re-runs only these pairs. Returns them in the given order, each in its best version (the given one when
 * nothing better came out). Never rejects for a model failure: such pairs come back unchanged.
 * @throws InvalidParamsError for bad params
 */
export async function regeneratePairs(items: RegenerationItem[], params: Partial<GenerationParams> | Record<string, unknown>, deps: PipelineDeps): Promise<QAPair[]> {
  if (items.length === 0) return [];
  const state = stateFor(deps, resolveParams(params), { kind: 'documents', documents: [] });
  const chunks = new Map<string, Chunk>();
  for (const { pair, sourceText } of items) {
    if (chunks.has(pair.chunkId)) continue;
    chunks.set(pair.chunkId, {
      id: pair.chunkId, docIndex: -1, path: pair.provenance.kind === 'file' ? pair.provenance.path : pair.provenance.file,
      text: sourceText, start: 0, end: sourceText.length, tokens: estimateTokens(sourceText), provenance: pair.provenance,
    });
  }
  state.chunks = [...chunks.values()];
  state.slots = items.map(({ pair }): PairSlot => ({
    id: pair.id, chunkId: pair.chunkId, questionType: pair.questionType,
    current: pair, best: pair,
    scores: pair.quality ? [pair.quality.score] : [], bestAt: pair.quality ? 0 : -1,
    pending: false, revise: false, critique: null,
  }));
  for (const slot of state.slots) state.forceRevise.add(slot.id);
  await runPipeline(REGENERATION_GRAPH, state);
  const byId = new Map(state.slots.map((s) => [s.id, s]));
  return items.map(({ pair }) => byId.get(pair.id)?.best ?? pair);
}
