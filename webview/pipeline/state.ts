/**
 * The pipeline view's state and how each host notification changes it. Pure functions, so the view can be
 * redrawn from any state (a restored one included) and the reducer is easy to reason about.
 */
import type { Bodies, ListedPair, NodeView, PairKindView, PipelineViewState, RunTotals } from '../../src/shared/protocol';
import { PAIR_KIND_ORDER, type pipelineProtocol } from '../../src/shared/protocol';

type ToView = Bodies<typeof pipelineProtocol.toView>;

/** Pairs kept in the list (and in the saved state); older ones scroll away. */
export const MAX_LISTED_PAIRS = 500;

const zeroTotals: RunTotals = { calls: 0, cacheHits: 0, promptTokens: 0, completionTokens: 0, costUsd: 0, elapsedMs: 0 };

/** The state of a view that has not seen a run yet. */
export function emptyState(): PipelineViewState {
  return {
    schema: 'qaforge.pipeline/1', runId: null, mermaid: '', nodeIds: [], active: null, phase: 'idle', nodes: {},
    totals: { ...zeroTotals }, pairs: [], canCancel: false, canOpenDataset: false,
  };
}

function freshNode(): NodeView {
  return { status: 'idle', counts: { in: 0, out: 0, dropped: 0, rejected: 0, retried: 0 }, iterations: 0, errors: [] };
}

function node(state: PipelineViewState, id: string): NodeView {
  const existing = Object.prototype.hasOwnProperty.call(state.nodes, id) ? state.nodes[id] : undefined;
  if (existing) return existing;
  const created = freshNode();
  state.nodes[id] = created;
  return created;
}

/** Reducers, one per notification type (the view dispatches through this map). */
export const reducers: { [K in keyof ToView]: (state: PipelineViewState, body: ToView[K]) => PipelineViewState } = {
  'pipeline.run': (_state, body) => {
    const next = emptyState();
    next.runId = body.runId;
    next.mermaid = body.mermaid;
    next.nodeIds = body.nodeIds;
    if (body.maxIterations !== undefined) next.maxIterations = body.maxIterations;
    next.phase = 'running';
    next.canCancel = body.canCancel;
    next.canOpenDataset = body.canOpenDataset;
    for (const id of body.nodeIds) next.nodes[id] = freshNode();
    return next;
  },
  'pipeline.nodeStarted': (state, body) => {
    for (const other of Object.values(state.nodes)) if (other.status === 'running') other.status = 'done';
    const started = node(state, body.node);
    started.status = 'running';
    started.maxIteration = Math.max(started.maxIteration ?? 0, body.iteration);
    if (body.round === 'top-up') started.topUp = true;
    started.retriedAtStart = started.counts.retried;
    state.active = body.node;
    return state;
  },
  'pipeline.nodeFinished': (state, body) => {
    const n = node(state, body.node);
    n.counts = {
      in: n.counts.in + body.counts.in, out: n.counts.out + body.counts.out,
      dropped: n.counts.dropped + body.counts.dropped,
      rejected: (n.counts.rejected ?? 0) + (body.counts.rejected ?? 0),
      // The node's own count replaces the live retry events seen during this execution.
      retried: (n.retriedAtStart ?? n.counts.retried) + body.counts.retried,
    };
    n.last = { ...body.counts };
    delete n.retriedAtStart;
    n.iterations += 1;
    if (n.status !== 'error') n.status = 'done';
    if (state.active === body.node) state.active = null;
    return state;
  },
  'pipeline.retry': (state, body) => {
    node(state, body.node).counts.retried += 1;
    return state;
  },
  'pipeline.nodeError': (state, body) => {
    const n = node(state, body.node);
    n.errors.push({ message: body.message, fatal: body.fatal });
    if (body.fatal) n.status = 'error';
    return state;
  },
  'pipeline.totals': (state, body) => {
    state.totals = body.totals;
    return state;
  },
  'pipeline.pair': (state, body) => {
    const at = state.pairs.findIndex((p) => p.id === body.pair.id);
    if (at >= 0) state.pairs[at] = body.pair;
    else state.pairs.push(body.pair);
    if (state.pairs.length > MAX_LISTED_PAIRS) state.pairs.splice(0, state.pairs.length - MAX_LISTED_PAIRS);
    return state;
  },
  'pipeline.batchJobs': (state, body) => {
    state.batchJobs = body.jobs;
    return state;
  },
  'pipeline.finished': (state, body) => {
    state.phase = body.phase;
    state.totals = body.totals;
    state.active = null;
    state.canCancel = false;
    state.canOpenDataset = body.canOpenDataset;
    for (const n of Object.values(state.nodes)) if (n.status === 'running') n.status = 'done';
    return state;
  },
  'pipeline.link': (state, body) => {
    if (body.runId !== null && body.runId === state.runId) {
      state.canCancel = state.phase === 'running' && body.canCancel;
      state.canOpenDataset = body.canOpenDataset;
      return state;
    }
    return detach(state);
  },
};

/** A state whose run can no longer be followed (the window reloaded while it ran). */
export function detach(state: PipelineViewState): PipelineViewState {
  if (state.phase !== 'running') return state;
  for (const n of Object.values(state.nodes)) if (n.status === 'running') n.status = 'done';
  return { ...state, phase: 'detached', active: null, canCancel: false };
}

/** How many listed pairs of one kind scored at/above the threshold and how many below it. */
export interface KindCount {
  kind: PairKindView;
  accepted: number;
  below: number;
}

/** A listed pair's kind (a pair saved before kinds has none: single_hop). */
export function kindOf(pair: ListedPair): PairKindView {
  return pair.kind ?? 'single_hop';
}

/**
 * The listed pairs per kind (each pair once, in its latest version, as the list and the totals count them), in
 * the views' kind order, kinds without a pair left out. The view shows them only when there are several kinds.
 */
export function pairsPerKind(pairs: readonly ListedPair[]): KindCount[] {
  const counts = new Map<PairKindView, KindCount>();
  for (const p of pairs) {
    const kind = kindOf(p);
    const count = counts.get(kind) ?? { kind, accepted: 0, below: 0 };
    if (p.accepted) count.accepted += 1;
    else count.below += 1;
    counts.set(kind, count);
  }
  return PAIR_KIND_ORDER.flatMap((kind) => counts.get(kind) ?? []);
}
