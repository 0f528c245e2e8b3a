/**
 * The hosted OpenAI Evals API: a JSONL file of `{"item": {...}}` rows to upload with purpose `evals`, and the
 * `data_source_config` (`type: custom` with the `item_schema` those items follow) to pass to `evals.create`.
 * Graders then refer to the item fields as `{{item.question}}`, `{{item.reference}}`, `{{item.contexts}}`.
 */
import type { DatasetPair } from '../types';
import { jsonLines, pairFacts, prettyJson, selectPairs, type ExportOptions, type PairFacts } from './select';

/** One item of the hosted Evals API. */
export type EvalsApiItem = { question: string; reference: string; contexts: string[] } & PairFacts;

/** A JSON Schema (the subset the item schema uses). */
export interface JsonSchema {
  type: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: boolean;
}

const text: JsonSchema = { type: 'string' };

/** The schema every exported item follows. */
export const EVALS_API_ITEM_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    question: text, reference: text, contexts: { type: 'array', items: text },
    id: text, kind: text, question_type: text, difficulty: text, score: { type: ['number', 'null'] }, status: text, source: text,
  },
  required: ['question', 'reference', 'contexts', 'id', 'kind', 'question_type', 'difficulty', 'score', 'status', 'source'],
  additionalProperties: false,
};

/** The item of a pair. */
export function evalsApiItem(p: DatasetPair): EvalsApiItem {
  return { question: p.question, reference: p.answer, contexts: p.contexts, ...pairFacts(p) };
}

/** JSONL of `{"item": …}` rows. */
export function exportOpenAiEvalsApi(pairs: readonly DatasetPair[], options?: ExportOptions): string {
  return jsonLines(selectPairs(pairs, options).map((p) => ({ item: evalsApiItem(p) })));
}

/** The `data_source_config` for `client.evals.create(...)`, as JSON text. */
export function evalsApiDataSourceConfig(): string {
  return prettyJson({ type: 'custom', item_schema: EVALS_API_ITEM_SCHEMA, include_sample_schema: true });
}
