/**
 * OpenAI evals: JSON Lines of `{ input: [chat messages], ideal }` (the openai/evals Match / model-graded
 * sample format). The system message asks for an answer from the given context, which the user message carries.
 */
import type { DatasetPair } from '../types';
import { jsonLines, selectPairs, type ExportOptions } from './select';

/** One OpenAI evals sample. */
export interface OpenAiEvalSample {
  input: Array<{ role: 'system' | 'user'; content: string }>;
  ideal: string;
}

const SYSTEM = 'Answer the question using only the context given. Be concise.';

/** OpenAI evals JSONL text. */
export function exportOpenAiEvals(pairs: readonly DatasetPair[], options?: ExportOptions): string {
  return jsonLines(selectPairs(pairs, options).map((p): OpenAiEvalSample => ({
    input: [
      { role: 'system', content: SYSTEM },
      { role: 'user', content: p.contexts.length ? `Context:\n${p.contexts.join('\n\n')}\n\nQuestion: ${p.question}` : p.question },
    ],
    ideal: p.answer,
  })));
}
