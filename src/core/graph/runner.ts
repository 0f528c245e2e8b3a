/**
 * Runs a graph over a state object: to the end (`runGraph`) or step by step (`iterateGraph`, an async
 * iterator of events). A node that throws ends the run as `failed` with the state kept as it was; an aborted
 * signal ends it as `cancelled`. Either way the caller still has everything produced so far.
 */
import type { Graph } from './graph';
import { END, type GraphEvent, type NodeContext, type RunOutcome, type StepCounts, type Target } from './types';

/** Raised when a node returns a next node it did not declare. */
export class UndeclaredEdgeError extends Error {
  constructor(readonly from: string, readonly to: Target, declared: readonly Target[]) {
    super(`node "${from}" returned next node "${to}", which it does not declare (declared: ${declared.join(', ')}); add the edge to its definition`);
    this.name = 'UndeclaredEdgeError';
  }
}

/** Options of a run. */
export interface RunOptions {
  signal?: AbortSignal;
  /** Where to start instead of the graph's start node (resuming). */
  startAt?: string;
  /** Classifies an error as a cancellation (default: `AbortError` names, or the signal being aborted). */
  isCancellation?: (error: unknown) => boolean;
}

function defaultIsCancellation(error: unknown, signal?: AbortSignal): boolean {
  return signal?.aborted === true || (error instanceof Error && error.name === 'AbortError');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs the graph one node at a time, yielding every event as it happens (including retries and warnings
 * reported while a node runs). The last event is always `run-ended`. Stopping the iteration early (break)
 * lets the running node finish, then stops: no further node starts.
 */
export async function* iterateGraph<S>(graph: Graph<S>, state: S, options: RunOptions = {}): AsyncGenerator<GraphEvent, RunOutcome> {
  const signal = options.signal ?? new AbortController().signal;
  const isCancellation = options.isCancellation ?? ((e: unknown) => defaultIsCancellation(e, signal));
  const path: string[] = [];
  const visits = new Map<string, number>();
  let current: Target = options.startAt ?? graph.start;

  while (current !== END) {
    if (signal.aborted) {
      const outcome: RunOutcome = { status: 'cancelled', path };
      yield { type: 'run-ended', outcome };
      return outcome;
    }
    const node = graph.node(current);
    const visit = (visits.get(node.id) ?? 0) + 1;
    visits.set(node.id, visit);
    path.push(node.id);
    yield { type: 'node-started', node: node.id, visit };

    const pending: GraphEvent[] = [];
    let wake: (() => void) | undefined;
    const push = (event: GraphEvent): void => {
      pending.push(event);
      wake?.();
    };
    const ctx: NodeContext = {
      signal,
      visit,
      retry: (reason, attempt, delayMs = 0) => push({ type: 'retry', node: node.id, reason, attempt, delayMs }),
      warn: (message) => push({ type: 'node-error', node: node.id, error: undefined, message, fatal: false }),
    };
    const started = Date.now();
    let settled = false;
    let result: Awaited<ReturnType<typeof node.run>> | undefined;
    let failure: { error: unknown } | undefined;
    // a node that throws synchronously fails the same way as one that rejects
    const running = Promise.resolve().then(() => node.run(state, ctx)).then(
      (r) => { result = r; },
      (e: unknown) => { failure = { error: e }; },
    ).finally(() => { settled = true; wake?.(); });

    try {
      while (!settled || pending.length > 0) {
        if (pending.length > 0) {
          yield pending.shift() as GraphEvent;
          continue;
        }
        await new Promise<void>((resolve) => { wake = resolve; });
        wake = undefined;
      }
    } finally {
      // a caller that stops iterating mid-node still gets the node finished before the generator returns
      await running;
    }

    if (!failure && result && !node.next.some((e) => e.to === result!.next)) {
      failure = { error: new UndeclaredEdgeError(node.id, result.next, node.next.map((e) => e.to)) };
    }
    if (failure) {
      const cancelled = isCancellation(failure.error);
      yield { type: 'node-error', node: node.id, error: failure.error, message: messageOf(failure.error), fatal: true };
      const outcome: RunOutcome = cancelled
        ? { status: 'cancelled', path }
        : { status: 'failed', path, node: node.id, error: failure.error };
      yield { type: 'run-ended', outcome };
      return outcome;
    }
    const counts: StepCounts = { in: 0, out: 0, dropped: 0, retried: 0, ...result!.counts };
    yield { type: 'node-finished', node: node.id, visit, next: result!.next, counts, durationMs: Date.now() - started };
    current = result!.next;
  }
  const outcome: RunOutcome = { status: 'completed', path };
  yield { type: 'run-ended', outcome };
  return outcome;
}

/** Runs the graph to the end, passing every event to `onEvent`. Never throws for a node's error. */
export async function runGraph<S>(graph: Graph<S>, state: S, options: RunOptions & { onEvent?: (event: GraphEvent) => void } = {}): Promise<RunOutcome> {
  for await (const event of iterateGraph(graph, state, options)) {
    options.onEvent?.(event);
    if (event.type === 'run-ended') return event.outcome;
  }
  throw new Error('graph run ended without an outcome');
}
