/**
 * The hosted OpenAI Evals API: a JSONL file of `{"item": {...}}` rows to upload with purpose `evals`, and the
 * `data_source_config` (`type: custom` with the `item_schema` those items follow) to pass to `evals.create`.
 * Graders then refer to the item fields as `{{item.question}}`, `{{item.reference}}`, `{{item.contexts}}`.
 *
 * Kinds: when the export has a multi-turn or an unanswerable pair, every item also has `messages` — the chat to send,
 * the system message, the prior turns of a multi-turn pair, then the contexts and question (as the registry export's
 * `input`) — for a completions run's `input_messages: {type: "item_reference", item_reference: "item.messages"}`
 * (a template cannot expand a list into messages), and `unanswerable` (true when a good answer declines, for a
 * grader to branch on); the schema then declares and requires both. An export of single-hop and multi-hop pairs
 * only is written as before kinds: no such fields, the same schema.
 */
import type { DatasetPair } from '../types';
import { isMultiTurn, isUnanswerable } from './kinds';
import { chatInput, type ChatMessage } from './openaiEvals';
import { jsonLines, pairFacts, prettyJson, selectPairs, type ExportOptions, type PairFacts } from './select';

/** One item of the hosted Evals API. */
export type EvalsApiItem = { question: string; reference: string; contexts: string[] } & PairFacts & { messages?: ChatMessage[]; unanswerable?: boolean };

/** A JSON Schema (the subset the item schema uses). */
export interface JsonSchema {
  type: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: boolean;
  enum?: string[];
}

const text: JsonSchema = { type: 'string' };

/** The schema every exported item follows when the export has no multi-turn or unanswerable pair. */
export const EVALS_API_ITEM_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    question: text, reference: text, contexts: { type: 'array', items: text },
    id: text, kind: text, question_type: text, difficulty: text, score: { type: ['number', 'null'] }, status: text, source: text,
  },
  required: ['question', 'reference', 'contexts', 'id', 'kind', 'question_type', 'difficulty', 'score', 'status', 'source'],
  additionalProperties: false,
};

const MESSAGE: JsonSchema = {
  type: 'object',
  properties: { role: { type: 'string', enum: ['system', 'user', 'assistant'] }, content: text },
  required: ['role', 'content'],
  additionalProperties: false,
};

/** The item schema of an export: the base one, plus `messages` and `unanswerable` when `kindAware`. */
export function evalsApiItemSchema(kindAware: boolean): JsonSchema {
  if (!kindAware) return EVALS_API_ITEM_SCHEMA;
  return {
    ...EVALS_API_ITEM_SCHEMA,
    properties: { ...EVALS_API_ITEM_SCHEMA.properties, messages: { type: 'array', items: MESSAGE }, unanswerable: { type: 'boolean' } },
    required: [...(EVALS_API_ITEM_SCHEMA.required ?? []), 'messages', 'unanswerable'],
  };
}

/** True when the kept pairs need the kind fields (a multi-turn or an unanswerable pair among them). */
export function needsKindFields(kept: readonly DatasetPair[]): boolean {
  return kept.some((p) => isMultiTurn(p) || isUnanswerable(p));
}

/** The item of a pair; `kindAware` adds `messages` and `unanswerable`. */
export function evalsApiItem(p: DatasetPair, kindAware = false): EvalsApiItem {
  const item: EvalsApiItem = { question: p.question, reference: p.answer, contexts: p.contexts, ...pairFacts(p) };
  return kindAware ? { ...item, messages: chatInput(p), unanswerable: isUnanswerable(p) } : item;
}

/** JSONL of `{"item": …}` rows. */
export function exportOpenAiEvalsApi(pairs: readonly DatasetPair[], options?: ExportOptions): string {
  const kept = selectPairs(pairs, options);
  const kindAware = needsKindFields(kept);
  return jsonLines(kept.map((p) => ({ item: evalsApiItem(p, kindAware) })));
}

/** The `data_source_config` for `client.evals.create(...)`, as JSON text; give the pairs and options of the export. */
export function evalsApiDataSourceConfig(pairs: readonly DatasetPair[] = [], options?: ExportOptions): string {
  return prettyJson({ type: 'custom', item_schema: evalsApiItemSchema(needsKindFields(selectPairs(pairs, options))), include_sample_schema: true });
}
