/**
 * Connects runs to the pipeline panel (H6's PipelinePanel): a generation opens the panel beside the editor
 * (unless `qaforge.showPipelineOnRun` is off; an already open panel always follows) and the panel follows the
 * latest run. The latest run's events are kept, so a panel opened later (Show Pipeline) replays that run —
 * graph, counters and pairs — instead of an empty view.
 */
import type * as vscode from 'vscode';
import type { RunEvent } from '../../core/domain/events';
import type { BatchJobView } from '../../shared/protocol';
import type { RunViewer } from '../services';

/** What the viewer needs of a pipeline panel (PipelinePanel). */
export interface FollowingPanel {
  attachRun(runId: string, cancel: () => void, datasetUri?: vscode.Uri, datasetName?: string): void;
  setDataset(uri: vscode.Uri): void;
  post(event: RunEvent): void;
  postBatchJobs(jobs: readonly BatchJobView[]): void;
}

/** Where the panels come from: the open one, or one opened (or revealed) now; and whether a run opens one. */
export interface PanelSource<P extends FollowingPanel = FollowingPanel> {
  readonly active: P | undefined;
  show(): P;
  showOnRun(): boolean;
}

/** Events kept for a replay; a run with more pair events keeps its first ones (the counters stay exact). */
const MAX_KEPT_EVENTS = 5000;

interface KeptRun {
  id: string;
  cancel: () => void;
  datasetUri: vscode.Uri;
  events: RunEvent[];
  finished: boolean;
  /** A batch run's jobs as last reported. */
  batchJobs?: readonly BatchJobView[];
}

/** The dataset's name for the panel's tab ("docs" for docs.qa.jsonl), not the run id. */
function datasetName(uri: vscode.Uri): string {
  return (uri.path.split('/').pop() ?? '').replace(/\.qa\.jsonl$|\.jsonl$/, '');
}

/** The RunViewer backed by the pipeline panel. */
export class PipelinePanelViewer implements RunViewer {
  private latest: KeptRun | undefined;
  private followedBy: FollowingPanel | undefined;

  constructor(private readonly panels: PanelSource) {}

  attach(runId: string, cancel: () => void, datasetUri: vscode.Uri): void {
    this.latest = { id: runId, cancel, datasetUri, events: [], finished: false };
    const panel = this.panels.showOnRun() ? this.panels.show() : this.panels.active;
    this.followedBy = panel;
    panel?.attachRun(runId, cancel, undefined, datasetName(datasetUri));
  }

  post(runId: string, event: RunEvent): void {
    const run = this.latest;
    if (!run || runId !== run.id) return;
    if (run.events.length < MAX_KEPT_EVENTS || event.type !== 'pair-validated') run.events.push(event);
    if (event.type === 'run-finished') run.finished = true;
    const panel = this.panels.active;
    if (!panel) return;
    if (panel !== this.followedBy) {
      this.replayInto(panel);
      return;
    }
    // The dataset first: the finished message carries whether "Open Dataset" is enabled.
    if (event.type === 'run-finished') panel.setDataset(run.datasetUri);
    panel.post(event);
  }

  postBatchJobs(runId: string, jobs: readonly BatchJobView[]): void {
    const run = this.latest;
    if (!run || runId !== run.id) return;
    run.batchJobs = jobs;
    const panel = this.panels.active;
    if (!panel) return;
    if (panel !== this.followedBy) this.replayInto(panel);
    else panel.postBatchJobs(jobs);
  }

  /** Opens (or reveals) the panel; a newly opened one shows the latest run so far. */
  show(): void {
    const panel = this.panels.show();
    if (panel !== this.followedBy) this.replayInto(panel);
  }

  private replayInto(panel: FollowingPanel): void {
    this.followedBy = panel;
    const run = this.latest;
    if (!run) return;
    panel.attachRun(run.id, run.finished ? () => undefined : run.cancel, undefined, datasetName(run.datasetUri));
    if (run.finished) panel.setDataset(run.datasetUri);
    for (const event of run.events) panel.post(event);
    if (run.batchJobs) panel.postBatchJobs(run.batchJobs);
  }
}
