/**
 * Drives a pipeline graph over a state: maps graph events to RunEvents (with the counts each node returned), and
 * ends every run with a RunResult — completed, or failed / cancelled / budget-exceeded with what was made.
 */
import { setMaxListeners } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { Graph } from '../graph/graph';
import { runGraph } from '../graph/runner';
import { isAbortError } from '../llm/errors';
import type { LlmPort } from '../llm/port';
import { Pool } from '../util/pool';
import { DEFAULT_BATCH_TOKEN_BUDGET } from './batching';
import type { RunEvent, RunEventListener, RunRound } from '../domain/events';
import { inTopUpRound } from './nodes/topUp';
import type { GenerationParams } from '../domain/params';
import type { RunResult } from '../domain/records';
import { buildResult, statusOf } from './result';
import { createState, type Chunker, type PipelineInput, type PipelineState } from './state';

import { DEFAULT_CONCURRENCY } from '../util/callSizing';

export { DEFAULT_CONCURRENCY };

/** What a pipeline run needs besides its input and params. */
export interface PipelineDeps {
  llm: LlmPort;
  /** Splits documents (default: chunkDocument of src/core/chunking). */
  chunker?: Chunker;
  /** Most model calls in flight at once (default 4). */
  concurrency?: number;
  /** Prompt-token budget of one batched call (default 6000). */
  batchTokenBudget?: number;
  /**
   * How many calls a stage with enough work splits into (default: `concurrency`). A batch run, whose pool lets a
   * whole stage queue into one job, passes the live concurrency so that it sends the requests a live run would.
   */
  splitCalls?: number;
  onEvent?: RunEventListener;
  signal?: AbortSignal;
  /** Milliseconds now, for the run's elapsed time (default Date.now; a fixed clock makes manifests reproducible). */
  clock?: () => number;
}

/** Creates a state for `input` wired to `deps`. */
export function stateFor(deps: PipelineDeps, params: GenerationParams, input: PipelineInput): PipelineState {
  const runId = randomUUID();
  const emit = (event: RunEvent): void => {
    try {
      deps.onEvent?.(event);
    } catch {
      // a listener's failure must not break the run
    }
  };
  return createState(runId, params, input, {
    llm: deps.llm,
    pool: new Pool(deps.concurrency ?? DEFAULT_CONCURRENCY),
    chunker: deps.chunker,
    batchTokenBudget: deps.batchTokenBudget ?? DEFAULT_BATCH_TOKEN_BUDGET,
    splitCalls: deps.splitCalls ?? deps.concurrency ?? DEFAULT_CONCURRENCY,
    signal: manyListeners(deps.signal ?? new AbortController().signal),
    emit,
  });
}

/**
 * The run's signal, allowed any number of listeners: every call waiting on it (for a rate-limit slot, a retry) listens
 * until it ends, so a run at concurrency 16 through the library API printed Node's MaxListenersExceededWarning, a
 * "possible memory leak" that is none (fatalGuard does the same for the front ends' signal).
 */
function manyListeners(signal: AbortSignal): AbortSignal {
  setMaxListeners(Infinity, signal);
  return signal;
}

/** True when `error` is the run's own cancellation (an abort error, or the signal's reason), not a failure. */
function isCancel(error: unknown, signal: AbortSignal): boolean {
  return signal.aborted && (isAbortError(error) || error === signal.reason);
}

/** Runs `graph` over `state` and returns the result, whatever the outcome. Never rejects for a node's error. */
export async function runPipeline(graph: Graph<PipelineState>, state: PipelineState, clock: () => number = Date.now): Promise<RunResult> {
  const started = clock();
  const rt = state.runtime;
  rt.emit({ type: 'run-started', runId: state.runId, mermaid: graph.toMermaid(), nodeIds: graph.nodeIds, maxIterations: state.params.maxReflectionIterations });
  let startedIn = state.iteration;
  let round: { round?: RunRound } = {};
  const outcome = await runGraph(graph, state, {
    signal: rt.signal,
    onEvent: (e) => {
      switch (e.type) {
        case 'node-started':
          startedIn = state.iteration;
          round = inTopUpRound(state) ? { round: 'top-up' } : {};
          rt.emit({ type: 'node-started', node: e.node, iteration: startedIn, ...round });
          break;
        case 'node-finished':
          // reported in the iteration (and round) the node started in (PrepareEnhancement moves to the next one)
          rt.emit({ type: 'node-finished', node: e.node, iteration: startedIn, counts: e.counts, durationMs: e.durationMs, ...round });
          break;
        case 'retry':
          rt.emit({ type: 'retry', node: e.node, info: { attempt: e.attempt, reason: e.reason, delayMs: e.delayMs } });
          break;
        case 'node-error':
          // a user's cancel is not an error: the run ends as 'cancelled', and the abort itself is not reported
          if (e.fatal && isCancel(e.error, rt.signal)) break;
          rt.emit({ type: 'node-error', node: e.node, message: e.message, fatal: e.fatal });
          break;
        case 'run-ended':
          break;
      }
    },
  });
  const status = statusOf(outcome);
  if (outcome.status === 'failed') {
    const message = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
    state.errors.push({ node: outcome.node, message: status === 'budget-exceeded' ? message : `${outcome.node} failed: ${message}; the pairs produced so far are kept` });
  }
  const result = buildResult(state, status, clock() - started);
  rt.emit({ type: 'run-finished', status, usage: result.usage, elapsedMs: result.elapsedMs });
  return result;
}
