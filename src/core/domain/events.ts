/**
 * Events a pipeline run emits while it runs: what the CLI prints, the log records and the pipeline view draws.
 */
import type { RetryInfo } from '../llm/port';
import type { QAPair, RunStatus, UsageTotals } from './records';

/**
 * Item counts of one node execution, as the CLI, the log and the pipeline view show them. `in` and `out` are in
 * the same unit wherever the node does not turn one kind of item into another; `dropped` counts only items
 * really discarded; items judged not good enough but kept are `rejected`. Per node:
 *
 * - InitializeWorkflow: in = out = the inputs given (documents or sessions).
 * - ProcessDocuments / ProcessSessions: in = documents / sessions given; out = those with text; dropped = the
 *   empty ones (reported, never chunked).
 * - ChunkContent: in = documents with text; out = chunks (the one node whose units differ); dropped = documents
 *   that could not be chunked (reported in the errors).
 * - ExtractStatements: in = statements the model proposed; out = statements kept (aligned to their spans);
 *   dropped = blank, duplicate or over statements_per_chunk.
 * - GenerateQuestions, first pass and top-up round: in = questions the model generated (num_pairs plus a
 *   margin); out = questions kept as new pairs; dropped = duplicates and the over-generated margin.
 * - GenerateQuestions, enhancement iterations: in = pairs marked for revision; out = pairs given a new
 *   question; rejected = revisions not used (missing, or repeating another pair's question): those pairs keep
 *   their question and are answered again with their critique.
 * - GenerateAnswers: in = questions to answer; out = answered; dropped = new questions without an answer
 *   (removed from the run); the rest (in − out − dropped) are regenerated pairs that keep their best version.
 * - ValidateQAPairs: in = pairs sent for scoring; out = pairs at or above validation_threshold; rejected =
 *   pairs scored below it (kept: enhanced in the next iteration, or returned as rejected pairs); the rest
 *   (in − out − rejected) got no verdict. Nothing is dropped here.
 * - PrepareEnhancement: in = pairs in the run; out = pairs marked for another iteration (0 before a top-up
 *   round, which marks none).
 */
export interface NodeCounts {
  in: number;
  out: number;
  dropped: number;
  retried: number;
  /** Items judged not good enough but kept, where the node has them (ValidateQAPairs, revisions). */
  rejected?: number;
}

/**
 * A round that is not an ordinary iteration: `top-up` is the one extra question round run when, after the last
 * iteration, fewer pairs than num_pairs were validated and content was still unused.
 */
export type RunRound = 'top-up';

/** Every event of a run, discriminated by `type`. */
export type RunEvent =
  /** `maxIterations`: the run's max_reflection_iterations, so a view can say "iteration 2 of 3". */
  | { type: 'run-started'; runId: string; mermaid: string; nodeIds: string[]; maxIterations?: number }
  | { type: 'node-started'; node: string; iteration: number; round?: RunRound }
  | { type: 'node-finished'; node: string; iteration: number; counts: NodeCounts; durationMs: number; round?: RunRound }
  | { type: 'retry'; node: string; info: RetryInfo }
  | { type: 'node-error'; node: string; message: string; fatal: boolean }
  | { type: 'usage'; usage: UsageTotals }
  | { type: 'pair-validated'; pair: QAPair; accepted: boolean }
  | { type: 'run-finished'; status: RunStatus; usage: UsageTotals; elapsedMs: number };

/** Listener of run events. */
export type RunEventListener = (event: RunEvent) => void;
