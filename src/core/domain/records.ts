/**
 * The records a run produces: chunks, statements, questions, pairs with their quality and provenance,
 * and the run result. These are the shapes the dataset writer, the CLI and the webviews consume.
 */
import type { Criterion, SpecialKind, Verdict } from './tasks';
import type { PairTurn, QueryLength, QueryStyle } from './kinds';
import type { Difficulty, GenerationParams } from './params';

/** Where a piece of text came from: lines of a file, or messages of a session. */
export type Provenance =
  | {
      kind: 'file';
      /** Relative path, forward slashes. */
      path: string;
      startLine: number;
      endLine: number;
      /** Character offsets into the original file text. */
      start: number;
      end: number;
      page?: number;
      /** sha256 (hex, first 16 chars) of the source span's text, for staleness checks. */
      spanHash: string;
    }
  | {
      kind: 'session';
      file: string;
      sessionId: string;
      messageIndices: number[];
      spanHash: string;
    };

/** A piece of a document, sized for the model. Offsets are into the document's text. */
export interface Chunk {
  /** Stable id: derived from the document path and the chunk's text. */
  id: string;
  /** Index of the document in the run's input list. */
  docIndex: number;
  path: string;
  text: string;
  start: number;
  end: number;
  tokens: number;
  provenance: Provenance;
  /**
   * Titles of the sections the chunk sits in, outermost first (e.g. ["Application Context", "Purpose of the
   * Context"]); empty when the document has no headings. Shown to the model above the chunk's text.
   */
  headingPath?: string[];
  /**
   * When the chunk starts inside a table past its header (a table over chunk_size split between rows): that
   * header's lines (the header row and its `| --- |` line), repeated to the model above the rows. Not in `text`.
   */
  tableHeader?: string;
  /**
   * When the chunk starts inside a fenced code block (one over chunk_size, cut at lines): the block's opening fence
   * line (e.g. "```python"), shown to the model above the continued code. Not in `text`.
   */
  codeFence?: string;
}

/** A factual statement extracted from a chunk, verified by its quote's span in the document text. */
export interface Statement {
  id: string;
  chunkId: string;
  content: string;
  /** The chunk text the statement's quote aligned to (verbatim source text, absent in older records). */
  quote?: string;
  /** Set when the statement is about a plan (roadmap, to-do) or the past (changelog), not the product as it is. */
  scope?: 'planned' | 'history';
  /** In a conversation: the turn (1-based, as `[turn N]` shows it) whose text the quote was verified in. */
  turn?: number;
  /** In a conversation: who said it (the cited turn's role, e.g. `user`, `assistant`). */
  speaker?: string;
  /** Offsets into the document text of the quote's span. */
  start: number;
  end: number;
  /** 1 for an exact quote; lower for a fuzzy alignment (a re-wrapped or re-punctuated quote). */
  alignment: number;
}

/** Scores, critiques and verdict from validation. */
export interface Quality {
  /** 0..1, the mean of the criteria. */
  score: number;
  criteria: Record<Criterion, number>;
  /** The critiques in one text (question first), for readers that show one line; "none" when both are empty. */
  feedback: string;
  /** What the validator decided (absent in pairs validated before verdicts existed). */
  verdict?: Verdict;
  /** What to change in the question ("" when nothing). */
  questionCritique?: string;
  /** What to change in the answer ("" when nothing). */
  answerCritique?: string;
}

/** A question/answer pair as the pipeline carries it. */
export interface QAPair {
  /** Stable id: derived once from the chunk and the first question text; kept across enhancement. */
  id: string;
  question: string;
  answer: string;
  questionType: string;
  difficulty: Difficulty;
  chunkId: string;
  /** Ids of the supporting statements. */
  statementIds: string[];
  /** The source text the answer is grounded in (the supporting statements' spans, or the chunk). */
  contexts: string[];
  provenance: Provenance;
  quality?: Quality;
  /** Enhancement iteration that produced this version (0 = first pass). */
  iteration: number;
  /** Scores of earlier versions, oldest first. */
  previousScores: number[];
  /** The pair's kind when it is not single_hop (absent: single_hop). */
  kind?: SpecialKind;
  /** A multi_turn pair's conversation before its final question, oldest first. */
  turns?: PairTurn[];
  /**
   * A multi_hop pair's further chunks, after its primary one (`chunkId`), in the order its question cites them; the
   * texts of their evidence follow the primary's in `contexts`, their spans in `moreProvenance`.
   */
  moreChunkIds?: string[];
  /** The spans of `moreChunkIds`' evidence, in the same order (set once answered). */
  moreProvenance?: Provenance[];
  /** How the question is worded, when the run asked for query styles. */
  queryStyle?: QueryStyle;
  /** How long the question is, when the run asked for query lengths. */
  queryLength?: QueryLength;
  /** The name of the persona the question was written for (`dimensions.persona: auto`). */
  persona?: string;
}

/** An error kept in the result instead of ending the run. */
export interface PipelineError {
  node: string;
  message: string;
  /** Chunk or document concerned, when known. */
  subject?: string;
}

/** Usage totals of a run. */
export interface UsageTotals {
  calls: number;
  cacheHits: number;
  promptTokens: number;
  /** The part of promptTokens the provider served from its prompt cache (priced at the cached-input rate). */
  cachedPromptTokens?: number;
  completionTokens: number;
  costUsd: number;
}

/** How a run ended. */
export type RunStatus = 'completed' | 'cancelled' | 'failed' | 'budget-exceeded';

/** Everything a run produces (camelCase; see `toReferenceResult` for the reference library's keys). */
export interface RunResult {
  status: RunStatus;
  params: GenerationParams;
  inputSource: 'documents' | 'sessions';
  chunks: Chunk[];
  statements: Statement[];
  /** Every pair in its best version, accepted or not. */
  qaPairs: QAPair[];
  /** Pairs at or above the threshold. */
  validatedQaPairs: QAPair[];
  /** Pairs below the threshold after the last iteration, kept with their feedback. */
  rejectedQaPairs: QAPair[];
  averageQuality: number;
  currentIteration: number;
  errors: PipelineError[];
  usage: UsageTotals;
  provider: string;
  model: string;
  promptVersion: string;
  elapsedMs: number;
  /** The personas proposed from the corpus (`dimensions.persona: auto`), which the pairs' `persona` names. */
  personas?: Array<{ name: string; description: string }>;
}
