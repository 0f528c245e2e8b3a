/**
 * Ragas, multi-turn pairs: a second JSON Lines file of MultiTurnSample rows (ragas `dataset_schema.py`), written beside
 * the main file as `<stem>.multi_turn.jsonl` only when the export has multi-turn pairs. `user_input` is the
 * conversation as Ragas messages (`ragas/messages.py`: `{"content", "type": "human"}` and `{"content", "type": "ai"}`,
 * the `type` literal telling HumanMessage from AIMessage), the prior turns then the final question; `reference` is the
 * answer. Every row has a list `user_input`, so `EvaluationDataset.from_jsonl` builds MultiTurnSamples and
 * `Testset.from_jsonl` (which decides per row) does too, popping `synthesizer_name`. MultiTurnSample has no
 * `reference_contexts` nor persona fields (pydantic would drop them), so they are not written; `id` is kept, as in
 * the main file, to join results back.
 */
import type { DatasetPair } from '../types';
import { conversationOf, isMultiTurn } from './kinds';
import { synthesizerName } from './ragas';
import { asciiJson, fileStem, selectPairs, type ExportOptions } from './select';

/** A Ragas message: HumanMessage (`human`) or AIMessage (`ai`). */
export interface RagasMessage {
  content: string;
  type: 'human' | 'ai';
}

/** One MultiTurnSample line. */
export interface RagasMultiTurnSample {
  id: string;
  user_input: RagasMessage[];
  reference: string;
  synthesizer_name: string;
}

/** The MultiTurnSample of a multi-turn pair. */
export function ragasMultiTurnSample(p: DatasetPair): RagasMultiTurnSample {
  return {
    id: p.id,
    user_input: conversationOf(p).map((t) => ({ content: t.content, type: t.role === 'user' ? 'human' : 'ai' })),
    reference: p.answer,
    synthesizer_name: synthesizerName(p),
  };
}

/** The multi-turn file's name beside the main file `mainName`: `docs.ragas.jsonl` → `docs.ragas.multi_turn.jsonl`. */
export function ragasMultiTurnName(mainName: string): string {
  return `${fileStem(mainName)}.multi_turn.jsonl`;
}

/** The multi-turn file, or nothing when the export has no multi-turn pair (ASCII-only, as the main file). */
export function ragasMultiTurnFiles(pairs: readonly DatasetPair[], options: ExportOptions, mainName: string): Array<{ name: string; text: string }> {
  const rows = selectPairs(pairs, options).filter(isMultiTurn);
  return rows.length ? [{ name: ragasMultiTurnName(mainName), text: rows.map((p) => `${asciiJson(ragasMultiTurnSample(p))}\n`).join('') }] : [];
}
