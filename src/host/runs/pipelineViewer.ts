/**
 * Connects runs to the pipeline panel (H6's PipelinePanel): a generation opens the panel beside the editor
 * (unless `qaforge.showPipelineOnRun` is off; an already open panel always follows) and the panel follows the
 * latest run. The latest run's events are kept, so a panel opened later (Show Pipeline) replays that run —
 * graph, counters and pairs — instead of an empty view.
 */
import * as vscode from 'vscode';
import type { RunEvent } from '../../core/domain/events';
import { readShowPipelineOnRun } from '../config';
import { PipelinePanel } from '../panels/pipelinePanel';
import type { RunViewer } from '../services';

/** Events kept for a replay; a run with more pair events keeps its first ones (the counters stay exact). */
const MAX_KEPT_EVENTS = 5000;

interface KeptRun {
  id: string;
  cancel: () => void;
  datasetUri: vscode.Uri;
  events: RunEvent[];
  finished: boolean;
}

/** The dataset's name for the panel's tab ("docs" for docs.qa.jsonl), not the run id. */
function datasetName(uri: vscode.Uri): string {
  return (uri.path.split('/').pop() ?? '').replace(/\.qa\.jsonl$|\.jsonl$/, '');
}

/** The RunViewer backed by the pipeline panel. */
export class PipelinePanelViewer implements RunViewer {
  private latest: KeptRun | undefined;
  private followedBy: PipelinePanel | undefined;

  constructor(private readonly extensionUri: vscode.Uri) {}

  attach(runId: string, cancel: () => void, datasetUri: vscode.Uri): void {
    this.latest = { id: runId, cancel, datasetUri, events: [], finished: false };
    const panel = readShowPipelineOnRun() ? PipelinePanel.show(this.extensionUri) : PipelinePanel.active;
    this.followedBy = panel;
    panel?.attachRun(runId, cancel, undefined, datasetName(datasetUri));
  }

  post(runId: string, event: RunEvent): void {
    const run = this.latest;
    if (!run || runId !== run.id) return;
    if (run.events.length < MAX_KEPT_EVENTS || event.type !== 'pair-validated') run.events.push(event);
    if (event.type === 'run-finished') run.finished = true;
    const panel = PipelinePanel.active;
    if (!panel) return;
    if (panel !== this.followedBy) {
      this.replayInto(panel);
      return;
    }
    panel.post(event);
    // The file exists once the run has finished (the pairs are written right after run-finished).
    if (event.type === 'run-finished') panel.setDataset(run.datasetUri);
  }

  /** Opens (or reveals) the panel; a newly opened one shows the latest run so far. */
  show(): void {
    const panel = PipelinePanel.show(this.extensionUri);
    if (panel !== this.followedBy) this.replayInto(panel);
  }

  private replayInto(panel: PipelinePanel): void {
    this.followedBy = panel;
    const run = this.latest;
    if (!run) return;
    panel.attachRun(run.id, run.finished ? () => undefined : run.cancel, undefined, datasetName(run.datasetUri));
    for (const event of run.events) panel.post(event);
    if (run.finished) panel.setDataset(run.datasetUri);
  }
}
