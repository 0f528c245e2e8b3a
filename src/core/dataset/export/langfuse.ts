/**
 * Langfuse dataset items: JSON Lines of the body of `POST /api/public/dataset-items` (`CreateDatasetItemRequest`:
 * `datasetName`, `id`, `input`, `expectedOutput`, `metadata`, `status`), one item a line; the Python SDK's
 * `langfuse.create_dataset_item(...)` takes the same fields in snake_case. The request model allows extra keys
 * (langfuse-python, api/dataset_items/types/create_dataset_item_request.py), so a snake_case key in the REST body
 * would be kept and ignored: the body uses the camelCase aliases. Items are upserted on `id`, so the pair id makes a
 * re-export update the items instead of duplicating them.
 *
 * Kinds: a multi-turn pair's prior turns are `input.turns` (`[{role, content}]`, oldest first) beside the final
 * question; every context of a multi-hop pair is in the contexts; the kind (an unanswerable pair's refusal as its
 * expected answer) is in the metadata.
 */
import type { DatasetPair } from '../types';
import { questionInputs, type QuestionInputs } from './kinds';
import { datasetName, jsonLines, pairFacts, selectPairs, type ExportOptions, type PairFacts } from './select';

/** One Langfuse dataset item. */
export interface LangfuseItem {
  datasetName: string;
  id: string;
  input: QuestionInputs;
  expectedOutput: { answer: string; contexts: string[] };
  metadata: PairFacts;
  status: 'ACTIVE';
}

/** The dataset item of a pair. */
export function langfuseItem(p: DatasetPair, name: string): LangfuseItem {
  return { datasetName: name, id: p.id, input: questionInputs(p), expectedOutput: { answer: p.answer, contexts: p.contexts }, metadata: pairFacts(p), status: 'ACTIVE' };
}

/** Langfuse JSONL text. */
export function exportLangfuse(pairs: readonly DatasetPair[], options: ExportOptions = {}): string {
  const name = datasetName(options);
  return jsonLines(selectPairs(pairs, options).map((p) => langfuseItem(p, name)));
}
