/**
 * LangSmith examples: JSON Lines of `{ inputs, outputs, metadata }`, the fields of an example that
 * `Client.create_examples(dataset_id=…, examples=[…])` takes (langchain-ai/langsmith-sdk python/langsmith/schemas.py,
 * the `ExampleCreate` dataclass: inputs, outputs and metadata dicts, no other keys than its fields). The pair id is in
 * `metadata.id`: an example's own `id` is typed `UUID`, which pair ids are not.
 *
 * Kinds: a multi-turn pair's prior turns are `inputs.turns` (`[{role, content}]`, oldest first) beside the final
 * question; every context of a multi-hop pair is in the contexts; the kind (an unanswerable pair's refusal as its
 * expected answer) is in the metadata.
 */
import type { DatasetPair } from '../types';
import { questionInputs, type QuestionInputs } from './kinds';
import { jsonLines, pairFacts, selectPairs, type ExportOptions, type PairFacts } from './select';

/** One LangSmith example. */
export interface LangSmithExample {
  inputs: QuestionInputs;
  outputs: { answer: string; contexts: string[] };
  metadata: PairFacts;
}

/** The example of a pair. */
export function langSmithExample(p: DatasetPair): LangSmithExample {
  return { inputs: questionInputs(p), outputs: { answer: p.answer, contexts: p.contexts }, metadata: pairFacts(p) };
}

/** LangSmith JSONL text. */
export function exportLangSmith(pairs: readonly DatasetPair[], options?: ExportOptions): string {
  return jsonLines(selectPairs(pairs, options).map(langSmithExample));
}
