/**
 * The one typed map of messages between the extension host and the two webviews (pipeline view, dataset
 * editor). Every message kind is declared once here as a runtime guard; its TypeScript type is derived from
 * that guard, so what is validated on receipt and what the compiler checks cannot drift apart.
 *
 * Wire shapes (see {@link Envelope}): notifications in both directions, requests from a webview to the host
 * with a numeric id and a typed reply, and a `ready` handshake the host waits for before posting.
 */
import {
  arrayOf, bool, type Guard, type Guarded, nullable, num, object, oneOf, optional, recordOf, str,
} from './guards';

// ---------------------------------------------------------------------------------------------------------
// View models (what the webviews draw). Plain data, no host or core types, so src/shared stays self-contained.

/** Usage totals of a run as the pipeline view shows them. */
export const runTotals = object({
  calls: num, cacheHits: num, promptTokens: num, completionTokens: num, costUsd: num, elapsedMs: num,
});
export type RunTotals = Guarded<typeof runTotals>;

/** Item counts of a node (summed over its executions). */
export const nodeCounts = object({ in: num, out: num, dropped: num, retried: num, rejected: optional(num) });
export type NodeCountsView = Guarded<typeof nodeCounts>;

/** How a run ended, or that it is going on / no longer attached (after a window reload). */
export const runPhase = oneOf('idle', 'running', 'completed', 'cancelled', 'failed', 'budget-exceeded', 'detached');
export type RunPhase = Guarded<typeof runPhase>;

/** One provider batch job of a batch run, as the pipeline view lists it (status is the provider's word). */
export const batchJobView = object({ id: str, status: str, completed: num, failed: num, total: num, elapsedMs: num });
export type BatchJobView = Guarded<typeof batchJobView>;

/** Review status of a pair in a dataset file. */
export const pairStatus = oneOf('draft', 'accepted', 'rejected', 'edited');
export type PairStatusView = Guarded<typeof pairStatus>;

/** Every pair kind, in the order the views list them (the core's PAIR_KINDS; unit tests keep the lists equal). */
export const PAIR_KIND_ORDER = ['single_hop', 'multi_hop', 'unanswerable', 'multi_turn'] as const;

/** What a pair asks for. */
export const pairKind = oneOf(...PAIR_KIND_ORDER);
export type PairKindView = Guarded<typeof pairKind>;

const pairSummaryShape = {
  id: str, question: str, answer: str, questionType: str, difficulty: str, score: nullable(num), source: str,
  accepted: bool,
};

/** A validated pair as the pipeline view lists it; `kind` is single_hop for a pair without one. */
export const pairSummary = object({ ...pairSummaryShape, kind: pairKind });
export type PairSummary = Guarded<typeof pairSummary>;

/** A listed pair in a saved pipeline state: one saved before pairs had kinds has none (read as single_hop). */
export const listedPair = object({ ...pairSummaryShape, kind: optional(pairKind) });
export type ListedPair = Guarded<typeof listedPair>;

/** One span a pair draws on: a file's lines, or a session file (no lines). */
export const spanView = object({ source: str, startLine: nullable(num), endLine: nullable(num) });
export type SpanView = Guarded<typeof spanView>;

/** One prior turn of a multi-turn pair's conversation. */
export const turnView = object({ role: oneOf('user', 'assistant'), content: str });
export type TurnView = Guarded<typeof turnView>;

/** One finding of the dataset's quality report (line 0: about the whole dataset, e.g. coverage). */
export const qualityFindingView = object({ gate: str, line: num, message: str });
export type QualityFindingView = Guarded<typeof qualityFindingView>;

/** One pair of a dataset file as a table row. */
export const pairRow = object({
  id: str,
  /** 1-based line of the pair in the file. */
  line: num,
  question: str, answer: str, questionType: str, difficulty: str,
  score: nullable(num),
  status: pairStatus,
  /** Workspace-relative file path, or the session file. */
  source: str,
  /** Source line range (files only). */
  startLine: nullable(num),
  endLine: nullable(num),
  feedback: str,
  kind: pairKind,
  /** Every span of the pair, the primary one (`source`) first; one entry unless the pair draws on several. */
  sources: arrayOf(spanView),
  /** A multi-turn pair's conversation before its question, oldest first; empty otherwise. */
  turns: arrayOf(turnView),
});
export type PairRow = Guarded<typeof pairRow>;

/** A malformed line of a dataset file, kept verbatim in the file and shown as an error. */
export const invalidLine = object({ line: num, raw: str, error: str });
export type InvalidLineView = Guarded<typeof invalidLine>;

/** Which pairs a regeneration concerns. */
export const regenerateScope = oneOf('selected', 'below-threshold', 'stale');
export type RegenerateScope = Guarded<typeof regenerateScope>;

// ---------------------------------------------------------------------------------------------------------
// The map: per view, host→view notifications, view→host notifications, and view→host requests with replies.

const empty = object({});
const requestSpec = <P, R>(params: Guard<P>, result: Guard<R>) => ({ params, result });

/** Messages of the pipeline view. */
export const pipelineProtocol = {
  toView: {
    /** A run begins (or the view is attached to one): reset and draw this graph. */
    'pipeline.run': object({
      runId: str, mermaid: str, nodeIds: arrayOf(str), canCancel: bool, canOpenDataset: bool,
      /** The run's max_reflection_iterations: enhancement iterations read "2 of 3". */
      maxIterations: optional(num),
    }),
    'pipeline.nodeStarted': object({ node: str, iteration: num, round: optional(oneOf('top-up')) }),
    'pipeline.nodeFinished': object({ node: str, iteration: num, counts: nodeCounts, durationMs: num }),
    'pipeline.retry': object({ node: str, attempt: num, reason: str }),
    'pipeline.nodeError': object({ node: str, message: str, fatal: bool }),
    'pipeline.totals': object({ totals: runTotals }),
    'pipeline.pair': object({ pair: pairSummary }),
    /** A batch run's jobs, all of them, each time one changes (a re-attached run sends the saved ones first). */
    'pipeline.batchJobs': object({ jobs: arrayOf(batchJobView) }),
    'pipeline.finished': object({ phase: runPhase, totals: runTotals, canOpenDataset: bool }),
    /**
     * Sent on every `ready`: the run the host is following (null: none, e.g. after a window reload). A view
     * restored from saved state showing another or no run marks that run as detached.
     */
    'pipeline.link': object({ runId: nullable(str), canCancel: bool, canOpenDataset: bool }),
  },
  toHost: {
    ready: empty,
    'pipeline.openDataset': empty,
  },
  requests: {
    'pipeline.cancel': requestSpec(empty, object({ cancelled: bool })),
  },
} as const;

/** Messages of the dataset editor. */
export const datasetProtocol = {
  toView: {
    /** The whole document, parsed; sent on open and after every change of the TextDocument. */
    'dataset.document': object({
      version: num, rows: arrayOf(pairRow), invalid: arrayOf(invalidLine), threshold: num,
    }),
    /** Ids of pairs whose source span no longer matches (computed after the document). */
    /** Stale pairs, with why where the host knows it ("docs/a.md no longer exists", "docs/a.md:3-7 changed…"). */
    'dataset.stale': object({ ids: arrayOf(str), reasons: optional(recordOf(str)) }),
    /** A long operation (regeneration) is going on; null when it ended. */
    'dataset.busy': object({ message: nullable(str) }),
    /** Select this pair's row and scroll to it (a Problems entry was followed); kept until the row exists. */
    'dataset.reveal': object({ id: str }),
    /** The quality report of the document (the gates of `qaforge check --quality`), computed on open and save. */
    'dataset.quality': object({
      findings: arrayOf(qualityFindingView),
      /** Why the report was not computed (a dataset too large to check on the extension host); findings then empty. */
      skipped: optional(str),
    }),
  },
  toHost: {
    ready: empty,
    'dataset.edit': object({ id: str, field: oneOf('question', 'answer'), value: str }),
    'dataset.setStatus': object({ ids: arrayOf(str), status: oneOf('accepted', 'rejected', 'draft') }),
    /** What the table shows after a render (read by the VS Code tests and the log). */
    'dataset.rendered': object({
      total: num, shown: num, invalid: num, firstQuestions: arrayOf(str),
      /** The pair whose row was just revealed (selected, focused and scrolled to), after a `dataset.reveal`. */
      revealed: optional(str),
    }),
  },
  requests: {
    'dataset.regenerate': requestSpec(
      object({ scope: regenerateScope, ids: arrayOf(str) }),
      object({ regenerated: num, skipped: num, message: str }),
    ),
    /** Opens a span of the pair beside the editor: `span` indexes the row's `sources` (absent: the primary one). */
    'dataset.goToSource': requestSpec(object({ id: str, span: optional(num) }), object({ opened: bool, message: optional(str) })),
  },
} as const;

// ---------------------------------------------------------------------------------------------------------
// Types derived from the map.

/** The shape every view's protocol has. */
export interface ProtocolSpec {
  readonly toView: Record<string, Guard<unknown>>;
  readonly toHost: Record<string, Guard<unknown>>;
  readonly requests: Record<string, { readonly params: Guard<unknown>; readonly result: Guard<unknown> }>;
}

/** Bodies of a notification map, keyed by type. */
export type Bodies<M extends Record<string, Guard<unknown>>> = { [K in keyof M]: Guarded<M[K]> };
/** Params of each request. */
export type RequestParams<P extends ProtocolSpec> = { [K in keyof P['requests']]: Guarded<P['requests'][K]['params']> };
/** Result of each request. */
export type RequestResults<P extends ProtocolSpec> = { [K in keyof P['requests']]: Guarded<P['requests'][K]['result']> };

/** A notification as a discriminated union member. */
export type NotificationOf<M extends Record<string, Guard<unknown>>> = {
  [K in keyof M & string]: { kind: 'notify'; type: K; body: Guarded<M[K]> };
}[keyof M & string];

/** Every envelope on the wire. */
export type Envelope =
  | { kind: 'notify'; type: string; body: unknown }
  | { kind: 'request'; id: number; type: string; params: unknown }
  | { kind: 'reply'; id: number; ok: true; result: unknown }
  | { kind: 'reply'; id: number; ok: false; error: string };

const envelopeGuards: { [K in Envelope['kind']]: Guard<Extract<Envelope, { kind: K }>> } = {
  notify: (v): v is Extract<Envelope, { kind: 'notify' }> =>
    object({ kind: oneOf('notify'), type: str })(v) && 'body' in v,
  request: (v): v is Extract<Envelope, { kind: 'request' }> =>
    object({ kind: oneOf('request'), id: num, type: str })(v) && 'params' in v,
  reply: (v): v is Extract<Envelope, { kind: 'reply' }> =>
    object({ kind: oneOf('reply'), id: num, ok: bool })(v) &&
    (v.ok ? 'result' in v : typeof (v as { error?: unknown }).error === 'string'),
};

/** Validates the outer envelope of a received message; undefined when it is not one of ours. */
export function parseEnvelope(raw: unknown): Envelope | undefined {
  const kind = object({ kind: oneOf('notify', 'request', 'reply') })(raw) ? raw.kind : undefined;
  if (!kind) return undefined;
  return envelopeGuards[kind](raw) ? raw : undefined;
}

/** Saved state of the pipeline view (webview getState/setState; checked again by the panel serializer). */
export const pipelineViewState = object({
  schema: oneOf('qaforge.pipeline/1'),
  runId: nullable(str),
  mermaid: str,
  nodeIds: arrayOf(str),
  /** The run's max_reflection_iterations, when the host said it. */
  maxIterations: optional(num),
  active: nullable(str),
  phase: runPhase,
  nodes: recordOf(object({
    status: oneOf('idle', 'running', 'done', 'error'),
    counts: nodeCounts,
    iterations: num,
    /** Retries counted before the node's current execution (live retry events are replaced by its final count). */
    retriedAtStart: optional(num),
    /** Counts of the latest execution alone: what a node that runs once per iteration shows. */
    last: optional(nodeCounts),
    /** The highest iteration the node ran in (0 = the first pass), and whether it ran in the top-up round. */
    maxIteration: optional(num),
    topUp: optional(bool),
    errors: arrayOf(object({ message: str, fatal: bool })),
  })),
  totals: runTotals,
  pairs: arrayOf(listedPair),
  /** The provider batch jobs of a batch run (absent for a live run). */
  batchJobs: optional(arrayOf(batchJobView)),
  canCancel: bool,
  canOpenDataset: bool,
});
export type PipelineViewState = Guarded<typeof pipelineViewState>;
export type NodeView = PipelineViewState['nodes'][string];
