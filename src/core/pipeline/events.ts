/**
 * Events a pipeline run emits while it runs: what the CLI prints, the log records and the pipeline view draws.
 */
import type { RetryInfo } from '../llm/port';
import type { QAPair, RunStatus, UsageTotals } from './records';

/** Item counts of one node execution. */
export interface NodeCounts {
  in: number;
  out: number;
  dropped: number;
  retried: number;
}

/**
 * A round that is not an ordinary iteration: `top-up` is the one extra question round run when, after the last
 * iteration, fewer pairs than num_pairs were validated and content was still unused.
 */
export type RunRound = 'top-up';

/** Every event of a run, discriminated by `type`. */
export type RunEvent =
  | { type: 'run-started'; runId: string; mermaid: string; nodeIds: string[] }
  | { type: 'node-started'; node: string; iteration: number; round?: RunRound }
  | { type: 'node-finished'; node: string; iteration: number; counts: NodeCounts; durationMs: number; round?: RunRound }
  | { type: 'retry'; node: string; info: RetryInfo }
  | { type: 'node-error'; node: string; message: string; fatal: boolean }
  | { type: 'usage'; usage: UsageTotals }
  | { type: 'pair-validated'; pair: QAPair; accepted: boolean }
  | { type: 'run-finished'; status: RunStatus; usage: UsageTotals; elapsedMs: number };

/** Listener of run events. */
export type RunEventListener = (event: RunEvent) => void;
