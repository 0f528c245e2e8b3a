/**
 * DeepEval goldens, with the key names `EvaluationDataset.add_goldens_from_json_file` and
 * `add_goldens_from_jsonl_file` read by default (confident-ai/deepeval `deepeval/dataset/dataset.py`, Golden in
 * `golden.py`): `input`, `expected_output`, `context`, `source_file`, `name` (the pair id), `comments` (the
 * reviewer-facing feedback) and `additional_metadata` (kind, type, difficulty, score, status, source).
 */
import type { DatasetPair } from '../types';
import { jsonLines, pairFacts, prettyJson, selectPairs, sourceFile, type ExportOptions, type PairFacts } from './select';

/** One DeepEval golden. */
export interface DeepEvalGolden {
  input: string;
  expected_output: string;
  context: string[];
  source_file: string;
  name: string;
  comments: string;
  additional_metadata: Omit<PairFacts, 'id'>;
}

/** The golden of a pair. */
export function deepEvalGolden(p: DatasetPair): DeepEvalGolden {
  const { id, ...facts } = pairFacts(p);
  return {
    input: p.question,
    expected_output: p.answer,
    context: p.contexts,
    source_file: sourceFile(p),
    name: id,
    comments: p.quality?.feedback ?? '',
    additional_metadata: facts,
  };
}

/** DeepEval goldens JSON text (an array, pretty, newline at the end). */
export function exportDeepEval(pairs: readonly DatasetPair[], options?: ExportOptions): string {
  return prettyJson(selectPairs(pairs, options).map(deepEvalGolden));
}

/** DeepEval goldens as JSON Lines, one golden a line (`add_goldens_from_jsonl_file`). */
export function exportDeepEvalJsonl(pairs: readonly DatasetPair[], options?: ExportOptions): string {
  return jsonLines(selectPairs(pairs, options).map(deepEvalGolden));
}
