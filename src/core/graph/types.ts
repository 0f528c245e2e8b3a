/**
 * The typed state graph's building blocks: nodes with declared, optionally labelled edges, and what a node
 * returns when it has run. Modelled on pydantic_graph: a node is a small object with one `run`.
 */

/** The end of the graph (rendered as `[*]` in mermaid). */
export const END = '[*]' as const;
/** Target of an edge: another node's id, or the end. */
export type Target = string | typeof END;

/** An edge a node declares: where it may go next, with an optional label shown on the diagram. */
export interface EdgeDecl {
  to: Target;
  label?: string;
}

/** Item counts a node reports when it finishes. */
export interface StepCounts {
  in: number;
  out: number;
  dropped: number;
  retried: number;
  /** Items judged not good enough but kept, for nodes that judge. */
  rejected?: number;
}

/** What a node's `run` returns: the next node (one of its declared edges) and its item counts. */
export interface StepResult {
  next: Target;
  counts?: Partial<StepCounts>;
}

/** Handed to a node while it runs. */
export interface NodeContext {
  /** Aborted when the run is cancelled; pass it on to long work. */
  signal: AbortSignal;
  /** How many times this node has started in this run (1 on the first visit). */
  visit: number;
  /** Reports a retry of some work inside the node (shown live in the event stream). */
  retry(reason: string, attempt: number, delayMs?: number): void;
  /** Reports an error the node recovered from (the run goes on). */
  warn(message: string): void;
}

/** A node of a graph over state `S`. */
export interface GraphNode<S> {
  readonly id: string;
  /** Human label (tooltips, logs); the id is what the diagram shows. */
  readonly label: string;
  /** Every place this node may go next. Returning an undeclared target is an error. */
  readonly next: readonly EdgeDecl[];
  run(state: S, ctx: NodeContext): Promise<StepResult>;
}

/** Events of a graph run, discriminated by `type`. */
export type GraphEvent =
  | { type: 'node-started'; node: string; visit: number }
  | { type: 'node-finished'; node: string; visit: number; next: Target; counts: StepCounts; durationMs: number }
  | { type: 'retry'; node: string; reason: string; attempt: number; delayMs: number }
  | { type: 'node-error'; node: string; error: unknown; message: string; fatal: boolean }
  | { type: 'run-ended'; outcome: RunOutcome };

/** How a graph run ended. `state` holds everything produced up to that point. */
export type RunOutcome =
  | { status: 'completed'; path: string[] }
  | { status: 'cancelled'; path: string[] }
  | { status: 'failed'; path: string[]; node: string; error: unknown };
