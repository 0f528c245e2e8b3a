/**
 * DeepEval goldens: a JSON array of `{ input, expected_output, context, source_file }`, loadable with
 * `EvaluationDataset.add_goldens_from_json_file` (its default key names).
 */
import type { DatasetPair } from '../types';
import { selectPairs, sourceFile, type ExportOptions } from './select';

/** One DeepEval golden. */
export interface DeepEvalGolden {
  input: string;
  expected_output: string;
  context: string[];
  source_file: string;
}

/** DeepEval goldens JSON text (pretty, newline at the end). */
export function exportDeepEval(pairs: readonly DatasetPair[], options?: ExportOptions): string {
  const goldens = selectPairs(pairs, options).map((p): DeepEvalGolden => ({
    input: p.question,
    expected_output: p.answer,
    context: p.contexts,
    source_file: sourceFile(p),
  }));
  return `${JSON.stringify(goldens, null, 2)}\n`;
}
