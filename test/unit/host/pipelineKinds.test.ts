/**
 * Pair kinds on their way to the pipeline view (issue 16): the pair summary carries the pair's kind (single_hop when
 * the pair has none) and the protocol refuses any other word; the view's reducer counts the listed pairs per kind,
 * at/above and below the threshold, each pair once in its latest version; a panel opened after the run (the
 * viewer's replay of the kept events) and a panel restored from its saved state count the same.
 */
import { strict as assert } from 'node:assert';
import type * as vscode from 'vscode';
import type { RunEvent } from '../../../src/core/domain/events';
import { PAIR_KINDS } from '../../../src/core/domain/kinds';
import type { QAPair } from '../../../src/core/domain/records';
import { pairSummary, toPipelineNotification, type PipelineNotification } from '../../../src/host/panels/runEventMessages';
import { PipelinePanelViewer, type FollowingPanel, type PanelSource } from '../../../src/host/runs/pipelineViewer';
import { PAIR_KIND_ORDER, pairSummary as pairSummaryGuard, pipelineProtocol, pipelineViewState, type PipelineViewState } from '../../../src/shared/protocol';
import { emptyState, pairsPerKind, reducers } from '../../../webview/pipeline/state';

function qaPair(id: string, kind?: QAPair['kind']): QAPair {
  return {
    id, question: `Question ${id}?`, answer: 'An answer.', questionType: 'factual', difficulty: 'easy', chunkId: 'c1', statementIds: [], contexts: [],
    provenance: { kind: 'file', path: 'docs/a.md', startLine: 3, endLine: 9, start: 0, end: 10, spanHash: 'abc' },
    quality: { score: 0.8, criteria: { grounded: 1, complete: 1, relevant: 1, clear: 0.5, standalone: 0.5 }, feedback: 'ok' },
    iteration: 0, previousScores: [], ...(kind ? { kind } : {}),
  };
}

const USAGE = { calls: 3, cacheHits: 0, promptTokens: 100, completionTokens: 20, costUsd: 0 };
const validated = (pair: QAPair, accepted: boolean): RunEvent => ({ type: 'pair-validated', pair, accepted });

/** A run with pairs of three kinds; p2 fails, is revised and passes on the next iteration. */
const MIXED_RUN: RunEvent[] = [
  { type: 'run-started', runId: 'r1', mermaid: 'stateDiagram-v2', nodeIds: ['ValidateQAPairs'] },
  validated(qaPair('p1'), true),
  validated(qaPair('p2'), false),
  validated(qaPair('p3', 'multi_hop'), true),
  validated(qaPair('p4', 'multi_hop'), false),
  validated(qaPair('p5', 'unanswerable'), true),
  validated(qaPair('p6'), false),
  validated(qaPair('p2'), true),
  { type: 'run-finished', status: 'completed', usage: USAGE, elapsedMs: 1200 },
];

/** The per-kind counts the view shows for this run, as [kind, at/above, below]. */
const MIXED_COUNTS = [['single_hop', 2, 1], ['multi_hop', 1, 1], ['unanswerable', 1, 0]];

/** Applies notifications to a view state exactly as the view's main.ts does (guard, then the reducer of its type). */
function reduce(notifications: readonly PipelineNotification[], from: PipelineViewState = emptyState()): PipelineViewState {
  let state = from;
  for (const n of notifications) {
    assert.ok(pipelineProtocol.toView[n.type](n.body), `${n.type} passes the view's guard`);
    state = (reducers[n.type] as (s: PipelineViewState, b: unknown) => PipelineViewState)(state, n.body);
  }
  return state;
}

const countsOf = (state: PipelineViewState) => pairsPerKind(state.pairs).map((c) => [c.kind, c.accepted, c.below]);

class Panel implements FollowingPanel {
  readonly sent: PipelineNotification[] = [];
  attachRun(): void { /* the run context is fixed here */ }
  setDataset(): void { /* not needed for the counts */ }
  post(event: RunEvent): void { this.sent.push(toPipelineNotification(event, { startedAt: 0, canCancel: true, canOpenDataset: true })); }
  postBatchJobs(): void { /* a live run */ }
}

class Panels implements PanelSource<Panel> {
  active: Panel | undefined;
  constructor(private readonly openOnRun: boolean) {}
  show(): Panel { this.active ??= new Panel(); return this.active; }
  showOnRun(): boolean { return this.openOnRun; }
}

const DATASET = { toString: () => 'file:///w/ds/docs.qa.jsonl', fsPath: '/w/ds/docs.qa.jsonl', path: '/w/ds/docs.qa.jsonl' } as unknown as vscode.Uri;

describe('pipeline view: pairs per kind', () => {
  it('lists the same kinds as the core, in the same order', () => {
    assert.deepEqual([...PAIR_KIND_ORDER], [...PAIR_KINDS]);
  });

  it('the pair summary carries the pair\'s kind, single_hop for a pair without one', () => {
    assert.equal(pairSummary(qaPair('a'), true).kind, 'single_hop');
    for (const kind of ['multi_hop', 'unanswerable', 'multi_turn'] as const) {
      const summary = pairSummary(qaPair('a', kind), false);
      assert.equal(summary.kind, kind);
      assert.ok(pipelineProtocol.toView['pipeline.pair']({ pair: summary }), kind);
    }
  });

  it('the protocol refuses a pair summary with a bad kind or none', () => {
    const good = pairSummary(qaPair('a', 'multi_hop'), true);
    assert.ok(pairSummaryGuard(good));
    for (const kind of ['multihop', 'MULTI_HOP', 'two_hop', '', 2, null, ['multi_hop'], undefined]) {
      assert.equal(pipelineProtocol.toView['pipeline.pair']({ pair: { ...good, kind } }), false, `kind ${JSON.stringify(kind)} refused`);
    }
    const { kind: _kind, ...withoutKind } = good;
    assert.equal(pairSummaryGuard(withoutKind), false, 'the host always says the kind');
  });

  it('a saved state keeps a pair saved before kinds (single_hop) and refuses a bad kind', () => {
    const state = reduce([toPipelineNotification(MIXED_RUN[0], { startedAt: 0, canCancel: true, canOpenDataset: false })]);
    const { kind: _kind, ...old } = pairSummary(qaPair('old'), true);
    const saved: PipelineViewState = { ...state, pairs: [old, pairSummary(qaPair('new', 'multi_turn'), false)] };
    assert.ok(pipelineViewState(JSON.parse(JSON.stringify(saved))));
    assert.deepEqual(countsOf(saved), [['single_hop', 1, 0], ['multi_turn', 0, 1]]);
    assert.equal(pipelineViewState({ ...saved, pairs: [{ ...old, kind: 'multihop' }] }), false);
  });

  it('counts the pairs of each kind at/above and below the threshold, a re-validated pair once in its latest version', () => {
    const ctx = { startedAt: 0, canCancel: true, canOpenDataset: true };
    const state = reduce(MIXED_RUN.map((e) => toPipelineNotification(e, ctx)));
    assert.deepEqual(countsOf(state), MIXED_COUNTS);
    const sum = pairsPerKind(state.pairs).reduce((n, c) => n + c.accepted + c.below, 0);
    assert.equal(sum, state.pairs.length, 'the kinds add up to the listed pairs (the totals)');
  });

  it('counts as they come while the run goes, and starts again with a new run', () => {
    const ctx = { startedAt: 0, canCancel: true, canOpenDataset: true };
    const partial = reduce(MIXED_RUN.slice(0, 4).map((e) => toPipelineNotification(e, ctx)));
    assert.deepEqual(countsOf(partial), [['single_hop', 1, 1], ['multi_hop', 1, 0]]);
    const next = reduce([toPipelineNotification({ ...MIXED_RUN[0], runId: 'r2' } as RunEvent, ctx)], partial);
    assert.deepEqual(countsOf(next), []);
  });

  it('a single-hop run has one kind only, so the view shows no kind section', () => {
    const ctx = { startedAt: 0, canCancel: true, canOpenDataset: true };
    const state = reduce([MIXED_RUN[0], validated(qaPair('a'), true), validated(qaPair('b'), false), MIXED_RUN.at(-1)!].map((e) => toPipelineNotification(e, ctx)));
    assert.deepEqual(countsOf(state), [['single_hop', 1, 1]]);
  });

  it('a panel opened after the run (the replay of the kept events) and a restored panel count the same as the live one', () => {
    const live = new Panels(true);
    const liveViewer = new PipelinePanelViewer(live);
    liveViewer.attach('r1', () => undefined, DATASET);
    for (const e of MIXED_RUN) liveViewer.post('r1', e);
    const liveState = reduce(live.active!.sent);

    const late = new Panels(false);
    const lateViewer = new PipelinePanelViewer(late);
    lateViewer.attach('r1', () => undefined, DATASET);
    for (const e of MIXED_RUN) lateViewer.post('r1', e);
    assert.equal(late.active, undefined, 'no panel was open during the run');
    lateViewer.show();
    const replayed = reduce(late.active!.sent);

    assert.deepEqual(countsOf(liveState), MIXED_COUNTS);
    assert.deepEqual(countsOf(replayed), MIXED_COUNTS);
    // Restored after a reload: the saved state (structured-cloned by VS Code) passes the serializer's check.
    const restored: unknown = JSON.parse(JSON.stringify(liveState));
    assert.ok(pipelineViewState(restored));
    assert.deepEqual(countsOf(reducers['pipeline.link'](restored, { runId: null, canCancel: false, canOpenDataset: false })), MIXED_COUNTS);
  });
});
