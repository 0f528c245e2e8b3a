/**
 * MLflow `mlflow.genai.evaluate(data=…)`: JSON Lines of records `{ inputs, expectations, tags }` — read them with
 * `[json.loads(l) for l in open(f)]`. `inputs` holds the keyword arguments of the app's `predict_fn`
 * (`question`); `expectations` holds the reserved keys the built-in scorers read: `expected_response` (the
 * answer) and `expected_facts` (the statements, for Correctness); `tags` (`dict[str, str]`, as
 * `validate_tags` in `mlflow/genai/evaluation/utils.py` requires) carry the pair id and its facts.
 */
import type { DatasetPair } from '../types';
import { jsonLines, pairFactStrings, referenceTexts, selectPairs, type ExportOptions, type PairFacts } from './select';

/** One MLflow evaluation record. */
export interface MlflowRecord {
  inputs: { question: string };
  expectations: { expected_response: string; expected_facts: string[] };
  tags: Record<keyof PairFacts, string>;
}

/** The record of a pair. */
export function mlflowRecord(p: DatasetPair): MlflowRecord {
  return {
    inputs: { question: p.question },
    expectations: { expected_response: p.answer, expected_facts: referenceTexts(p) },
    tags: pairFactStrings(p),
  };
}

/** MLflow JSONL text. */
export function exportMlflow(pairs: readonly DatasetPair[], options?: ExportOptions): string {
  return jsonLines(selectPairs(pairs, options).map(mlflowRecord));
}
