/**
 * MLflow `mlflow.genai.evaluate(data=…)`: JSON Lines of records `{ inputs, expectations, tags }` — read them with
 * `[json.loads(l) for l in open(f)]`. `inputs` holds the keyword arguments of the app's `predict_fn`
 * (`question`); `expectations` holds the reserved keys the built-in scorers read: `expected_response` (the
 * answer) and `expected_facts` (the statements, for Correctness); `tags` (`dict[str, str]`, as
 * `validate_tags` in `mlflow/genai/evaluation/utils.py` requires) carry the pair id and its facts.
 *
 * Kinds: a multi-turn pair's inputs also have `turns`, its prior turns (`[{role, content}]`), so the app is called
 * as `predict_fn(question, turns=None)`; an unanswerable pair's expectations also have `guidelines`, the refusal it
 * expects, which the `ExpectationsGuidelines` scorer (`mlflow/genai/scorers/builtin_scorers.py`) judges the
 * response against per row; the kind is in the tags.
 */
import type { DatasetPair } from '../types';
import { DECLINE_CRITERION, isUnanswerable, questionInputs, type QuestionInputs } from './kinds';
import { jsonLines, pairFactStrings, referenceTexts, selectPairs, type ExportOptions, type PairFacts } from './select';

/** One MLflow evaluation record. */
export interface MlflowRecord {
  inputs: QuestionInputs;
  expectations: { expected_response: string; expected_facts: string[]; guidelines?: string[] };
  tags: Record<keyof PairFacts, string>;
}

/** The record of a pair. */
export function mlflowRecord(p: DatasetPair): MlflowRecord {
  return {
    inputs: questionInputs(p),
    expectations: {
      expected_response: p.answer, expected_facts: referenceTexts(p), ...(isUnanswerable(p) ? { guidelines: [DECLINE_CRITERION] } : {}),
    },
    tags: pairFactStrings(p),
  };
}

/** MLflow JSONL text. */
export function exportMlflow(pairs: readonly DatasetPair[], options?: ExportOptions): string {
  return jsonLines(selectPairs(pairs, options).map(mlflowRecord));
}
