/**
 * Ragas: JSON Lines of SingleTurnSample fields, one sample a line, that both `EvaluationDataset.from_jsonl` and
 * `Testset.from_jsonl` read (ragas `dataset_schema.py` / `testset/synthesizers/testset_schema.py`): `user_input`,
 * `reference`, `reference_contexts`, `reference_context_ids` (for the id-based context recall metrics) and
 * `synthesizer_name` (which `Testset.from_list` requires), and the pair `id` (SingleTurnSample ignores unknown keys,
 * so Ragas drops it on load; it stays in the file to join results back to pairs). Written ASCII-only with `\u` escapes, because
 * `from_jsonl` opens the file with the platform encoding.
 */
import type { DatasetPair } from '../types';
import { asciiJson, pairKind, selectPairs, sourceLabel, type ExportOptions } from './select';

/** One Ragas sample line. */
export interface RagasSample {
  id: string;
  user_input: string;
  reference: string;
  reference_contexts: string[];
  reference_context_ids: string[];
  synthesizer_name: string;
  /** The pair's persona, query style and length, only when set (the columns of a Ragas testset of that name). */
  persona_name?: string;
  query_style?: string;
  query_length?: string;
}

/** `qaforge_single_hop_factual`: which kind and question type made the sample, as Ragas names its synthesizers. */
export function synthesizerName(p: DatasetPair): string {
  return `qaforge_${pairKind(p)}_${p.question_type}`.toLowerCase().replace(/[^a-z0-9_]+/g, '_');
}

/** `docs/guide.md:10-14#1`: the pair's source span and the context's number, one id per reference context. */
export function contextIds(p: DatasetPair): string[] {
  const source = sourceLabel(p);
  return p.contexts.map((_, i) => `${source}#${i + 1}`);
}

/** The Ragas sample of a pair. */
export function ragasSample(p: DatasetPair): RagasSample {
  return {
    id: p.id,
    user_input: p.question,
    reference: p.answer,
    reference_contexts: p.contexts,
    reference_context_ids: contextIds(p),
    synthesizer_name: synthesizerName(p),
    ...(p.persona !== undefined ? { persona_name: p.persona } : {}),
    ...(p.query_style !== undefined ? { query_style: p.query_style } : {}),
    ...(p.query_length !== undefined ? { query_length: p.query_length } : {}),
  };
}

/** Ragas JSONL text. */
export function exportRagas(pairs: readonly DatasetPair[], options?: ExportOptions): string {
  return selectPairs(pairs, options).map((p) => `${asciiJson(ragasSample(p))}\n`).join('');
}
