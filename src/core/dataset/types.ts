/**
 * The records of the dataset file `<name>.qa.jsonl` (snake_case, one pair a line) and its parsed form.
 * The canonical key order is the order of the fields below (see the serializer).
 */

/** Review status of a pair. */
export type PairStatus = 'draft' | 'accepted' | 'rejected' | 'edited';

/** Lines of a file in the workspace. */
export interface FileSource {
  /** Path relative to the workspace folder holding the dataset, forward slashes. */
  path: string;
  start_line: number;
  end_line: number;
  /** Hash of the source span's text, for staleness. */
  span_hash: string;
  /**
   * 1-based page, for paged formats (pdf). The lines of such a source are lines of the text extracted from the
   * file (counted from its start, not from the page), which is what staleness checks recompute.
   */
  page?: number;
}

import type { PairKind, PairTurn, QueryLength, QueryStyle } from '../domain/kinds';

export { PAIR_KINDS, QUERY_LENGTHS, QUERY_STYLES, type PairKind, type PairTurn, type QueryLength, type QueryStyle } from '../domain/kinds';

/** The kind of a pair: a line without `kind` is single_hop (the serializer leaves single_hop out). */
export function kindOf(pair: Pick<DatasetPair, 'kind'>): PairKind {
  return pair.kind ?? 'single_hop';
}

/** Messages of a conversation session. */
export interface SessionSource {
  session_file: string;
  session_id: string;
  message_indices: number[];
  span_hash: string;
}

/** Validation outcome stored with a pair. */
export interface PairQuality {
  score: number;
  criteria: Record<string, number>;
  feedback: string;
  /** Absent in files written before verdicts. */
  verdict?: 'keep' | 'revise_question' | 'revise_answer' | 'drop';
  question_critique?: string;
  answer_critique?: string;
}

/** What produced a pair. */
export interface PairGenerator {
  provider: string;
  model: string;
  prompt_version: string;
  iteration: number;
}

/** One line of the dataset file. */
export interface DatasetPair {
  /** Stable: derived once at creation, never changed by edits or regeneration. */
  id: string;
  question: string;
  answer: string;
  question_type: string;
  difficulty: string;
  /** Absent means single_hop (see kindOf); written only for the other kinds, so files from before kinds stay byte-identical. */
  kind?: PairKind;
  /** A multi-turn pair's conversation before its final `question`, oldest first. */
  turns?: PairTurn[];
  /** The persona the question was written for (its name). */
  persona?: string;
  query_style?: QueryStyle;
  query_length?: QueryLength;
  contexts: string[];
  statements: string[];
  /** The primary span (the first of `sources` when there are several). */
  source: FileSource | SessionSource;
  /** Every span the pair draws on, the primary one first: a multi-hop pair has at least 2, from distinct chunks. */
  sources?: Array<FileSource | SessionSource>;
  quality: PairQuality | null;
  status: PairStatus;
  generator: PairGenerator;
  /** Scores of the versions this pair replaced, oldest first (present once regenerated). */
  previous_scores?: number[];
}

/** A line of the file: a valid pair, or a malformed line kept verbatim with its error. */
export type DatasetEntry =
  | { kind: 'pair'; line: number; pair: DatasetPair }
  | { kind: 'invalid'; line: number; raw: string; error: string };

/** Every span of a pair: `sources` when present, else its one `source`. */
export function spansOf(pair: Pick<DatasetPair, 'source' | 'sources'>): Array<FileSource | SessionSource> {
  return pair.sources?.length ? pair.sources : [pair.source];
}

/** True when a source points at a session. */
export function isSessionSource(source: FileSource | SessionSource): source is SessionSource {
  return 'session_file' in source;
}
