/** Draws the pipeline view's panels (header, totals, node table, pair list) from its state. */
import { kindLabel } from '../../src/shared/labels';
import type { BatchJobView, ListedPair, NodeView, PipelineViewState, RunPhase } from '../../src/shared/protocol';
import { button, compact, duration, h, icon } from '../common/dom';
import { kindOf, type KindCount, pairsPerKind } from './state';

/** What the buttons do. */
export interface PipelineActions {
  cancel(): void;
  openDataset(): void;
}

const PHASE_LABEL: Record<RunPhase, string> = {
  idle: 'Waiting for a run', running: 'Running', completed: 'Completed', cancelled: 'Cancelled',
  failed: 'Failed', 'budget-exceeded': 'Budget exceeded', detached: 'Run no longer attached (window reloaded)',
};

const PHASE_ICON: Record<RunPhase, string> = {
  idle: 'circle-large-outline', running: 'loading codicon-modifier-spin', completed: 'pass', cancelled: 'circle-slash',
  failed: 'error', 'budget-exceeded': 'warning', detached: 'debug-disconnect',
};

/**
 * What the passes of a node were: the first pass (iteration 0), the enhancement iterations after it, and the
 * top-up round, so "×5" reads against max_iterations 3 ("first pass, 3 enhancement iterations, top-up round").
 */
export function passesLabel(n: NodeView, maxIterations?: number): string {
  const parts = ['first pass'];
  const enhancement = n.maxIteration ?? 0;
  if (enhancement > 0) {
    parts.push(maxIterations === undefined
      ? `${enhancement} enhancement iteration${enhancement === 1 ? '' : 's'}`
      : `${iterationOf(enhancement, maxIterations)} enhancement iterations`);
  }
  if (n.topUp) parts.push('top-up round');
  return `${n.iterations} passes: ${parts.join(', ')}`;
}

/** "2 of 3": the enhancement iteration a node reached against the run's max_reflection_iterations. */
export function iterationOf(iteration: number, maxIterations: number): string {
  return `${iteration} of ${maxIterations}`;
}

/** One job's progress as a sentence (the row's accessible label): "batch_1: in_progress, 40 of 120 done, 2 failed". */
export function batchJobLabel(job: BatchJobView): string {
  return `${job.id}: ${job.status}, ${job.completed} of ${job.total} done, ${job.failed} failed, ${duration(job.elapsedMs)} since submitted`;
}

/** One kind's counts as a sentence (the row's accessible label): "multi-hop: 3 at/above threshold, 1 below". */
export function kindCountLabel(count: KindCount): string {
  return `${kindLabel(count.kind)}: ${count.accepted} at/above threshold, ${count.below} below`;
}

/** The static skeleton; the returned parts are refreshed by {@link PipelineView.update}. */
export class PipelineView {
  readonly diagram = h('div', { className: 'diagram', attrs: { 'aria-live': 'off' } });
  private readonly phase = h('span', { className: 'phase', attrs: { role: 'status' } });
  private readonly totals = h('dl', { className: 'totals', attrs: { 'aria-label': 'Run totals' } });
  private readonly nodes = h('tbody');
  private readonly pairs = h('ol', { className: 'pairs', attrs: { 'aria-label': 'Validated pairs' } });
  private readonly pairCount = h('span', { className: 'muted' });
  private readonly cancelButton: HTMLButtonElement;
  private readonly openButton: HTMLButtonElement;
  private readonly diagramError = h('p', { className: 'error-text', attrs: { role: 'alert' } });
  private readonly jobs = h('tbody');
  private readonly jobPanel: HTMLElement;
  private readonly kinds = h('tbody');
  private readonly kindTable: HTMLElement;

  constructor(root: HTMLElement, actions: PipelineActions) {
    this.cancelButton = button('Cancel', 'debug-stop', () => actions.cancel(), { title: 'Cancel the run (pairs produced so far are kept)' });
    this.openButton = button('Open Dataset', 'go-to-file', () => actions.openDataset());
    const nodeTable = h('table', { className: 'nodes', attrs: { 'aria-label': 'Pipeline nodes' } }, [
      h('thead', {}, [h('tr', {}, ['Node', 'In', 'Out', 'Dropped', 'Below threshold', 'Retried'].map((t) => h('th', { text: t, attrs: { scope: 'col' } })))]),
      h('caption', { className: 'muted', text: 'A node that ran more than once shows its latest pass; hover for the totals.' }),
      this.nodes,
    ]);
    this.jobPanel = h('section', { className: 'batch-panel', attrs: { 'aria-label': 'Batch jobs' } }, [
      h('h2', { text: 'Batch jobs' }),
      h('table', { className: 'batch-jobs' }, [
        h('thead', {}, [h('tr', {}, ['Job', 'Status', 'Done', 'Failed', 'Total', 'Elapsed'].map((t) => h('th', { text: t, attrs: { scope: 'col' } })))]),
        this.jobs,
      ]),
    ]);
    this.kindTable = h('table', { className: 'kind-counts', attrs: { 'aria-label': 'Pairs per kind' } }, [
      h('thead', {}, [h('tr', {}, ['Kind', 'At/above threshold', 'Below threshold'].map((t) => h('th', { text: t, attrs: { scope: 'col' } })))]),
      this.kinds,
    ]);
    root.replaceChildren(
      h('header', { className: 'toolbar' }, [h('h1', { text: 'QA Forge pipeline' }), this.phase, h('span', { className: 'spacer' }), this.cancelButton, this.openButton]),
      this.totals,
      this.jobPanel,
      h('div', { className: 'run-layout' }, [
        h('section', { className: 'graph', attrs: { 'aria-label': 'Pipeline graph' } }, [this.diagram, this.diagramError]),
        h('section', { className: 'node-panel' }, [nodeTable]),
      ]),
      h('section', { className: 'pair-panel', attrs: { 'aria-label': 'Pairs' } }, [h('h2', {}, ['Pairs ', this.pairCount]), this.kindTable, this.pairs]),
    );
  }

  /** Shows a diagram rendering problem next to the graph. */
  showDiagramError(message: string): void {
    this.diagramError.textContent = message ? `The graph could not be drawn: ${message}` : '';
  }

  /** Redraws everything but the diagram from the state. */
  update(state: PipelineViewState): void {
    this.phase.replaceChildren(icon(PHASE_ICON[state.phase]), h('span', { text: PHASE_LABEL[state.phase] }));
    this.phase.dataset.phase = state.phase;
    this.cancelButton.disabled = !state.canCancel;
    this.openButton.disabled = !state.canOpenDataset;
    this.drawTotals(state);
    this.drawNodes(state);
    this.drawJobs(state.batchJobs ?? []);
    this.drawKinds(state.pairs);
    this.drawPairs(state.pairs);
  }

  /** Updates only the elapsed time (ticks every second while running). */
  tickElapsed(ms: number): void {
    const value = this.totals.querySelector('[data-total="elapsed"]');
    if (value) value.textContent = duration(ms);
  }

  private drawTotals(state: PipelineViewState): void {
    const t = state.totals;
    const accepted = state.pairs.filter((p) => p.accepted).length;
    const items: Array<[string, string, string]> = [
      ['calls', 'LLM calls', compact(t.calls)],
      ['tokens', 'Tokens', `${compact(t.promptTokens + t.completionTokens)} (${compact(t.promptTokens)} in / ${compact(t.completionTokens)} out)`],
      ['cost', 'Cost', `$${t.costUsd.toFixed(4)}`],
      ['cache', 'Cache hits', compact(t.cacheHits)],
      ['elapsed', 'Elapsed', duration(t.elapsedMs)],
      // scores, not reviews: every pair of a new dataset is a draft until someone accepts it
      ['accepted', 'At/above threshold', String(accepted)],
      ['below', 'Below threshold', String(state.pairs.length - accepted)],
    ];
    this.totals.replaceChildren(...items.map(([key, label, value]) => h('div', { className: 'total' }, [
      h('dt', { text: label }), h('dd', { text: value, attrs: { 'data-total': key } }),
    ])));
  }

  private drawNodes(state: PipelineViewState): void {
    const rows: HTMLTableRowElement[] = [];
    const ids = state.nodeIds.length ? state.nodeIds : Object.keys(state.nodes);
    for (const id of ids) {
      const n = state.nodes[id];
      if (!n) continue;
      const statusIcon = n.status === 'running' ? 'loading codicon-modifier-spin' : n.status === 'done' ? 'check' : n.status === 'error' ? 'error' : 'circle-large-outline';
      const shown = n.iterations > 1 && n.last ? n.last : n.counts;
      const total = n.counts;
      const totalsTitle = n.iterations > 1
        ? `${passesLabel(n, state.maxIterations)}. Latest pass shown; over all passes: in ${total.in}, out ${total.out}, dropped ${total.dropped}, below threshold ${total.rejected ?? 0}, retried ${total.retried}.`
        : '';
      rows.push(h('tr', { className: `node-row status-${n.status}`, title: totalsTitle, attrs: { 'data-node': id } }, [
        h('th', { attrs: { scope: 'row' } }, [icon(statusIcon), h('span', { text: id }),
          n.iterations > 1 ? h('span', { className: 'muted passes', text: ` ×${n.iterations}`, title: passesLabel(n, state.maxIterations) }) : '',
          // Enhancement iterations against the run's limit: "iteration 2 of 3" (0 is the first pass).
          (n.maxIteration ?? 0) > 0 && state.maxIterations !== undefined
            ? h('span', { className: 'muted iteration', text: ` · iteration ${iterationOf(n.maxIteration ?? 0, state.maxIterations)}`, attrs: { 'data-iteration': '' } })
            : '']),
        h('td', { text: compact(shown.in) }), h('td', { text: compact(shown.out) }),
        h('td', { text: compact(shown.dropped) }), h('td', { text: compact(shown.rejected ?? 0) }), h('td', { text: compact(total.retried) }),
      ]));
      for (const error of n.errors.slice(-3)) {
        rows.push(h('tr', { className: 'node-error', attrs: { 'data-node-error': id } }, [
          h('td', { attrs: { colspan: '6', role: 'alert' } }, [icon(error.fatal ? 'error' : 'warning'), h('span', { text: error.message })]),
        ]));
      }
    }
    this.nodes.replaceChildren(...rows);
  }

  /** The batch run's jobs, one row each; the section is hidden for a live run. */
  private drawJobs(jobs: readonly BatchJobView[]): void {
    this.jobPanel.hidden = jobs.length === 0;
    this.jobs.replaceChildren(...jobs.map((job) => h('tr', { className: `batch-job status-${job.status}`, attrs: { 'data-batch-job': job.id, 'aria-label': batchJobLabel(job) } }, [
      h('th', { text: job.id, attrs: { scope: 'row' } }),
      h('td', { text: job.status }),
      h('td', { text: compact(job.completed) }), h('td', { text: compact(job.failed) }), h('td', { text: compact(job.total) }),
      h('td', { text: duration(job.elapsedMs) }),
    ])));
  }

  /** Pairs per kind, at/above and below the threshold; hidden unless the run has pairs of several kinds. */
  private drawKinds(pairs: readonly ListedPair[]): void {
    const counts = pairsPerKind(pairs);
    const shown = counts.length > 1 ? counts : [];
    this.kindTable.hidden = shown.length === 0;
    this.kinds.replaceChildren(...shown.map((c) => h('tr', { attrs: { 'data-kind': c.kind, 'aria-label': kindCountLabel(c) } }, [
      h('th', { text: kindLabel(c.kind), attrs: { scope: 'row' } }),
      h('td', { text: compact(c.accepted) }), h('td', { text: compact(c.below) }),
    ])));
  }

  private drawPairs(pairs: readonly ListedPair[]): void {
    this.pairCount.textContent = `(${pairs.length})`;
    const items = pairs.slice().reverse().map((p) => {
      const kind = kindOf(p);
      // single_hop (every pair before kinds) has no badge, so such runs look as they always did
      const badge = kind === 'single_hop' ? [] : [h('span', { className: `kind-badge kind-${kind}`, text: kindLabel(kind), title: `Kind: ${kind}` })];
      const standing = p.accepted ? 'At/above threshold' : 'Below threshold';
      return h('li', {
        className: p.accepted ? 'pair accepted' : 'pair below',
        attrs: { 'data-pair': p.id, 'aria-label': `${standing}${badge.length ? `, ${kindLabel(kind)}` : ''}: ${p.question}` },
      }, [
        icon(p.accepted ? 'pass' : 'warning'),
        h('span', { className: 'score', text: p.score === null ? '—' : p.score.toFixed(2) }),
        h('div', { className: 'qa' }, [
          h('div', { className: 'question', text: p.question }),
          h('div', { className: 'answer', text: p.answer }),
          h('div', { className: 'meta muted' }, [...badge, `${p.questionType} · ${p.difficulty} · ${p.source}`]),
        ]),
      ]);
    });
    this.pairs.replaceChildren(...items);
  }
}
