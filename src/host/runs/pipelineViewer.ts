/**
 * Connects runs to the pipeline panel (H6's PipelinePanel): a generation opens the panel beside the editor
 * and the panel follows the latest run; events of other runs still go to the log and the API.
 */
import * as vscode from 'vscode';
import type { RunEvent } from '../../core/pipeline/events';
import { PipelinePanel } from '../panels/pipelinePanel';
import type { RunViewer } from '../services';

/** The RunViewer backed by the pipeline panel. */
export class PipelinePanelViewer implements RunViewer {
  private followed: string | undefined;
  private dataset: vscode.Uri | undefined;

  constructor(private readonly extensionUri: vscode.Uri) {}

  attach(runId: string, cancel: () => void, datasetUri: vscode.Uri): void {
    this.followed = runId;
    this.dataset = datasetUri;
    PipelinePanel.show(this.extensionUri).attachRun(runId, cancel, undefined);
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
