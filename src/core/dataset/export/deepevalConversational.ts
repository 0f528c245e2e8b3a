/**
 * DeepEval, multi-turn pairs: ConversationalGoldens (confident-ai/deepeval `deepeval/dataset/golden.py`) in a second
 * file beside the goldens, `<stem>.conversational.json` (or `.jsonl`), written only when the export has multi-turn
 * pairs, with the key names `add_goldens_from_json_file` / `add_goldens_from_jsonl_file` read by default
 * (`deepeval/dataset/dataset.py`): a truthy `scenario` makes a row a ConversationalGolden; `turns` goes through
 * `parse_turns` (`deepeval/dataset/utils.py`: a list of dicts with string `role` and `content`, validated as
 * `Turn`, whose role is `"user"` or `"assistant"`); `expected_outcome`, `context`, `name`, `comments` and
 * `additional_metadata` as named. The turns are the conversation so far: the prior turns, then the final question as
 * the user's turn, so the chatbot's next turn is the answer; `expected_outcome` is the reference answer.
 */
import type { DatasetPair, PairTurn } from '../types';
import { deepEvalMetadata, type DeepEvalMetadata } from './deepeval';
import { conversationOf, isMultiTurn } from './kinds';
import { jsonLines, prettyJson, selectPairs, type ExportOptions } from './select';

/** One DeepEval ConversationalGolden. */
export interface DeepEvalConversationalGolden {
  scenario: string;
  turns: PairTurn[];
  expected_outcome: string;
  context: string[];
  name: string;
  comments: string;
  additional_metadata: DeepEvalMetadata;
}

/** The ConversationalGolden of a multi-turn pair. */
export function deepEvalConversationalGolden(p: DatasetPair): DeepEvalConversationalGolden {
  const turns = conversationOf(p);
  return {
    scenario: `After ${turns.length - 1} earlier turns, the user asks a follow-up question that depends on them: ${p.question}`,
    turns,
    expected_outcome: p.answer,
    context: p.contexts,
    name: p.id,
    comments: p.quality?.feedback ?? '',
    additional_metadata: deepEvalMetadata(p),
  };
}

/** `docs.deepeval.json` → `docs.deepeval.conversational.json`: the main file's extension kept, else `fallback`. */
export function conversationalName(mainName: string, fallback = '.json'): string {
  const dot = mainName.lastIndexOf('.');
  return dot > 0 ? `${mainName.slice(0, dot)}.conversational${mainName.slice(dot)}` : `${mainName}.conversational${fallback}`;
}

/** The conversational goldens file, or nothing when the export has no multi-turn pair; `jsonl` for one a line. */
export function deepEvalConversationalFiles(pairs: readonly DatasetPair[], options: ExportOptions, mainName: string, jsonl: boolean): Array<{ name: string; text: string }> {
  const goldens = selectPairs(pairs, options).filter(isMultiTurn).map(deepEvalConversationalGolden);
  if (!goldens.length) return [];
  return [{ name: conversationalName(mainName, jsonl ? '.jsonl' : '.json'), text: jsonl ? jsonLines(goldens) : prettyJson(goldens) }];
}
