/**
 * Converts the core's RunEvents into pipeline-view notifications. Pure (no `vscode`), dispatched through a
 * map keyed by the event's `type`, so every event kind has exactly one conversion.
 */
import type { RunEvent } from '../../core/domain/events';
import type { Provenance, QAPair, UsageTotals } from '../../core/domain/records';
import { sourceLocation } from '../../shared/labels';
import type { Bodies, PairSummary, pipelineProtocol, RunTotals } from '../../shared/protocol';

type ToView = Bodies<typeof pipelineProtocol.toView>;

/** One notification for the pipeline view. */
export type PipelineNotification = { [K in keyof ToView]: { type: K; body: ToView[K] } }[keyof ToView];

/** What the conversion needs to know about the run beyond the event. */
export interface RunContext {
  /** Date.now() when the run started (for elapsed time on usage updates). */
  startedAt: number;
  canCancel: boolean;
  canOpenDataset: boolean;
  now?: () => number;
}

/** Where a pair came from, as a short label (`docs/a.md:10-18`, `chat.jsonl#s1`). */
export function sourceLabel(p: Provenance): string {
  return p.kind === 'file' ? sourceLocation(p.path, p.startLine, p.endLine) : `${p.file}#${p.sessionId}`;
}

/** The view's summary of a pair (a pair without a kind is single_hop). */
export function pairSummary(pair: QAPair, accepted: boolean): PairSummary {
  return {
    id: pair.id, question: pair.question, answer: pair.answer, questionType: pair.questionType,
    difficulty: pair.difficulty, score: pair.quality ? pair.quality.score : null, source: sourceLabel(pair.provenance), accepted,
    kind: pair.kind ?? 'single_hop',
  };
}

function totals(usage: UsageTotals, elapsedMs: number): RunTotals {
  return { ...usage, elapsedMs };
}

const converters: { [K in RunEvent['type']]: (event: Extract<RunEvent, { type: K }>, ctx: RunContext) => PipelineNotification } = {
  'run-started': (e, ctx) => ({
    type: 'pipeline.run',
    body: {
      runId: e.runId, mermaid: e.mermaid, nodeIds: e.nodeIds, canCancel: ctx.canCancel, canOpenDataset: false,
      ...(e.maxIterations !== undefined ? { maxIterations: e.maxIterations } : {}),
    },
  }),
  'node-started': (e) => ({ type: 'pipeline.nodeStarted', body: { node: e.node, iteration: e.iteration, ...(e.round ? { round: e.round } : {}) } }),
  'node-finished': (e) => ({
    type: 'pipeline.nodeFinished', body: { node: e.node, iteration: e.iteration, counts: { ...e.counts }, durationMs: e.durationMs },
  }),
  retry: (e) => ({ type: 'pipeline.retry', body: { node: e.node, attempt: e.info.attempt, reason: e.info.reason } }),
  'node-error': (e) => ({ type: 'pipeline.nodeError', body: { node: e.node, message: e.message, fatal: e.fatal } }),
  usage: (e, ctx) => ({ type: 'pipeline.totals', body: { totals: totals(e.usage, (ctx.now ?? Date.now)() - ctx.startedAt) } }),
  'pair-validated': (e) => ({ type: 'pipeline.pair', body: { pair: pairSummary(e.pair, e.accepted) } }),
  'run-finished': (e, ctx) => ({
    type: 'pipeline.finished', body: { phase: e.status, totals: totals(e.usage, e.elapsedMs), canOpenDataset: ctx.canOpenDataset },
  }),
};

/** The notification for one run event. */
export function toPipelineNotification(event: RunEvent, ctx: RunContext): PipelineNotification {
  const convert = converters[event.type] as (e: RunEvent, c: RunContext) => PipelineNotification;
  return convert(event, ctx);
}
