/**
 * Ragas: JSON Lines of SingleTurnSample fields (`user_input`, `reference`, `reference_contexts`), loadable
 * with `EvaluationDataset.from_jsonl`.
 */
import type { DatasetPair } from '../types';
import { jsonLines, selectPairs, type ExportOptions } from './select';

/** One Ragas sample. */
export interface RagasSample {
  user_input: string;
  reference: string;
  reference_contexts: string[];
}

/** Ragas JSONL text. */
export function exportRagas(pairs: readonly DatasetPair[], options?: ExportOptions): string {
  return jsonLines(selectPairs(pairs, options).map((p): RagasSample => ({
    user_input: p.question,
    reference: p.answer,
    reference_contexts: p.contexts,
  })));
}
