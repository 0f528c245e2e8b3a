/**
 * Connects runs to the pipeline panel (H6's PipelinePanel): a generation opens the panel beside the editor
 * (unless `qaforge.showPipelineOnRun` is off; an already open panel always follows) and the panel follows the
 * latest run; events of other runs still go to the log and the API.
 */
import * as vscode from 'vscode';
import type { RunEvent } from '../../core/pipeline/events';
import { PipelinePanel } from '../panels/pipelinePanel';
import { readShowPipelineOnRun } from '../config';
import type { RunViewer } from '../services';

/** The RunViewer backed by the pipeline panel. */
export class PipelinePanelViewer implements RunViewer {
  private followed: string | undefined;
  private dataset: vscode.Uri | undefined;

  constructor(private readonly extensionUri: vscode.Uri) {}

  attach(runId: string, cancel: () => void, datasetUri: vscode.Uri): void {
    const panel = readShowPipelineOnRun() ? PipelinePanel.show(this.extensionUri) : PipelinePanel.active;
    if (!panel) return;
    this.followed = runId;
    this.dataset = datasetUri;
    panel.attachRun(runId, cancel, undefined);
  }

  post(runId: string, event: RunEvent): void {
    if (runId !== this.followed) return;
    const panel = PipelinePanel.active;
    if (!panel) return;
    panel.post(event);
    // The file exists once the run has finished (the pairs are written right after run-finished).
    if (event.type === 'run-finished' && this.dataset) panel.setDataset(this.dataset);
  }
}
