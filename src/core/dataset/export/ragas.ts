/**
 * Ragas: JSON Lines of SingleTurnSample fields, one sample a line, that both `EvaluationDataset.from_jsonl` and
 * `Testset.from_jsonl` read (ragas `dataset_schema.py` / `testset/synthesizers/testset_schema.py`): `user_input`,
 * `reference`, `reference_contexts` (every context of the pair: a multi-hop pair's one per source),
 * `reference_context_ids` (for the id-based context recall metrics, each naming the span of its context) and
 * `synthesizer_name` (which `Testset.from_list` requires), `persona_name`, `query_style` and `query_length` when the
 * pair has them (SingleTurnSample fields, as Ragas' own synthesizers fill them), and the pair `id` (SingleTurnSample
 * ignores unknown keys, so Ragas drops it on load; it stays in the file to join results back to pairs). Written
 * ASCII-only with `\u` escapes, because `from_jsonl` opens the file with the platform encoding.
 *
 * Unanswerable pairs: SingleTurnSample has no metadata field, so the marker is what Ragas keeps — `synthesizer_name`
 * `qaforge_unanswerable_<type>` (a Testset column, to filter on) — plus `rubrics`, the per-sample rubric that
 * `InstanceRubrics` grades the response with (a decline scores 5).
 *
 * Multi-turn pairs go to a second file: `EvaluationDataset.from_list` decides the sample type from the FIRST row
 * (`isinstance(data[0]["user_input"], list)`) and builds every row as that type, and `RagasDataset.validate_samples`
 * refuses mixed types, so one file cannot hold both. See ragasMultiTurn.ts.
 */
import type { DatasetPair } from '../types';
import { DECLINE_CRITERION, isMultiTurn, isUnanswerable, pairTraits } from './kinds';
import { asciiJson, contextSpans, pairKind, selectPairs, spanLabel, type ExportOptions } from './select';

/** One Ragas sample line. */
export interface RagasSample {
  id: string;
  user_input: string;
  reference: string;
  reference_contexts: string[];
  reference_context_ids: string[];
  synthesizer_name: string;
  /** The pair's persona, query style and length, only when set (the columns of a Ragas testset of that name). */
  persona_name?: string;
  query_style?: string;
  query_length?: string;
  /** An unanswerable pair's rubric, for `InstanceRubrics` (`score<n>_description` keys, as Ragas' default rubrics). */
  rubrics?: Record<string, string>;
}

/** The rubric of an unanswerable pair: a response that declines scores 5, one that makes up an answer 1. */
export const DECLINE_RUBRICS: Readonly<Record<string, string>> = {
  score1_description: 'The response answers the question with facts the documentation does not give.',
  score3_description: 'The response says the documentation may not cover this, but still guesses an answer.',
  score5_description: DECLINE_CRITERION,
};

/** `qaforge_single_hop_factual`: which kind and question type made the sample, as Ragas names its synthesizers. */
export function synthesizerName(p: DatasetPair): string {
  return `qaforge_${pairKind(p)}_${p.question_type}`.toLowerCase().replace(/[^a-z0-9_]+/g, '_');
}

/** `docs/guide.md:10-14#1`: the span of each reference context and its number, one id per context. */
export function contextIds(p: DatasetPair): string[] {
  return contextSpans(p).map((span, i) => `${spanLabel(span)}#${i + 1}`);
}

/** The pair's persona, query style and length under Ragas' names, each only when set. */
export function ragasTraits(p: DatasetPair): Pick<RagasSample, 'persona_name' | 'query_style' | 'query_length'> {
  // the pair's own traits, with Ragas's name for the persona (first, as Ragas writes it)
  const { persona, ...shape } = pairTraits(p);
  return { ...(persona !== undefined ? { persona_name: persona } : {}), ...shape };
}

/** The Ragas sample of a (single-turn) pair. */
export function ragasSample(p: DatasetPair): RagasSample {
  return {
    id: p.id,
    user_input: p.question,
    reference: p.answer,
    reference_contexts: p.contexts,
    reference_context_ids: contextIds(p),
    synthesizer_name: synthesizerName(p),
    ...ragasTraits(p),
    ...(isUnanswerable(p) ? { rubrics: { ...DECLINE_RUBRICS } } : {}),
  };
}

/** Ragas JSONL text: every pair but the multi-turn ones (which go to the multi-turn file). */
export function exportRagas(pairs: readonly DatasetPair[], options?: ExportOptions): string {
  return selectPairs(pairs, options).filter((p) => !isMultiTurn(p)).map((p) => `${asciiJson(ragasSample(p))}\n`).join('');
}
