/**
 * DeepEval goldens, with the key names `EvaluationDataset.add_goldens_from_json_file` and
 * `add_goldens_from_jsonl_file` read by default (confident-ai/deepeval `deepeval/dataset/dataset.py`, Golden in
 * `golden.py`): `input`, `expected_output`, `context` (every context: a multi-hop pair's one per source),
 * `source_file`, `name` (the pair id), `comments` (the reviewer-facing feedback) and `additional_metadata` (kind,
 * type, difficulty, score, status, source; persona, query_style, query_length when set; `unanswerable: true` for a
 * pair the documents do not answer — Golden has no other place for it, and its expected_output is the refusal).
 *
 * Multi-turn pairs are ConversationalGoldens, in a second file (deepevalConversational.ts): the loader turns a row
 * with a truthy `scenario` into a ConversationalGolden and any other into a Golden, setting `_multi_turn` per row, and
 * `dataset.goldens` returns only the list of the last row's type — so one file holding both would hide one kind.
 */
import type { DatasetPair } from '../types';
import { isMultiTurn, isUnanswerable, pairTraits, type PairTraits } from './kinds';
import { jsonLines, pairFacts, prettyJson, selectPairs, sourceFile, type ExportOptions, type PairFacts } from './select';

/** What DeepEval's `additional_metadata` holds: the facts without id, the traits set, the unanswerable marker. */
export type DeepEvalMetadata = Omit<PairFacts, 'id'> & PairTraits & { unanswerable?: true };

/** One DeepEval golden. */
export interface DeepEvalGolden {
  input: string;
  expected_output: string;
  context: string[];
  source_file: string;
  name: string;
  comments: string;
  additional_metadata: DeepEvalMetadata;
}

/** The additional_metadata of a pair (single-hop pairs without traits: the facts alone, as before kinds). */
export function deepEvalMetadata(p: DatasetPair): DeepEvalMetadata {
  const { id: _id, ...facts } = pairFacts(p);
  return { ...facts, ...pairTraits(p), ...(isUnanswerable(p) ? { unanswerable: true as const } : {}) };
}

/** The golden of a pair. */
export function deepEvalGolden(p: DatasetPair): DeepEvalGolden {
  return {
    input: p.question,
    expected_output: p.answer,
    context: p.contexts,
    source_file: sourceFile(p),
    name: p.id,
    comments: p.quality?.feedback ?? '',
    additional_metadata: deepEvalMetadata(p),
  };
}

function singleTurn(pairs: readonly DatasetPair[], options?: ExportOptions): DeepEvalGolden[] {
  return selectPairs(pairs, options).filter((p) => !isMultiTurn(p)).map(deepEvalGolden);
}

/** DeepEval goldens JSON text (an array, pretty, newline at the end); multi-turn pairs go to the conversational file. */
export function exportDeepEval(pairs: readonly DatasetPair[], options?: ExportOptions): string {
  return prettyJson(singleTurn(pairs, options));
}

/** DeepEval goldens as JSON Lines, one golden a line (`add_goldens_from_jsonl_file`). */
export function exportDeepEvalJsonl(pairs: readonly DatasetPair[], options?: ExportOptions): string {
  return jsonLines(singleTurn(pairs, options));
}
