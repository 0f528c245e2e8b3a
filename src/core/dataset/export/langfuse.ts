/**
 * Langfuse dataset items: JSON Lines of the body of `POST /api/public/dataset-items` (`CreateDatasetItemRequest`:
 * `datasetName`, `id`, `input`, `expectedOutput`, `metadata`, `status`), one item a line; the Python SDK's
 * `langfuse.create_dataset_item(...)` takes the same fields in snake_case. The request model allows extra keys
 * (langfuse-python, api/dataset_items/types/create_dataset_item_request.py), so a snake_case key in the REST body
 * would be kept and ignored: the body uses the camelCase aliases. Items are upserted on `id`, so the pair id makes a
 * re-export update the items instead of duplicating them.
 */
import type { DatasetPair } from '../types';
import { datasetName, jsonLines, pairFacts, selectPairs, type ExportOptions, type PairFacts } from './select';

/** One Langfuse dataset item. */
export interface LangfuseItem {
  datasetName: string;
  id: string;
  input: { question: string };
  expectedOutput: { answer: string; contexts: string[] };
  metadata: PairFacts;
  status: 'ACTIVE';
}

/** The dataset item of a pair. */
export function langfuseItem(p: DatasetPair, name: string): LangfuseItem {
  return { datasetName: name, id: p.id, input: { question: p.question }, expectedOutput: { answer: p.answer, contexts: p.contexts }, metadata: pairFacts(p), status: 'ACTIVE' };
}

/** Langfuse JSONL text. */
export function exportLangfuse(pairs: readonly DatasetPair[], options: ExportOptions = {}): string {
  const name = datasetName(options);
  return jsonLines(selectPairs(pairs, options).map((p) => langfuseItem(p, name)));
}
