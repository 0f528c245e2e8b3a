/**
 * What the commands share: the extension context, the log, the runs in flight and the run-event stream
 * (which the pipeline panel and the extension's API listen to). Created once in activate().
 */
import * as vscode from 'vscode';
import type { LlmPort } from '../core/llm/port';
import type { RunEvent } from '../core/domain/events';
import type { BatchJobView } from '../shared/protocol';
import { QaForgeLog } from './log';
import { resolveLlm, type ResolveLlmOptions } from './llmProvider';
import { RunManager } from './runs/runManager';

/** One run event with the run and dataset it belongs to. */
export interface RunEventEnvelope {
  runId: string;
  event: RunEvent;
  datasetUri: vscode.Uri;
}

/** What follows runs in a view (the pipeline panel). */
export interface RunViewer {
  attach(runId: string, cancel: () => void, datasetUri: vscode.Uri): void;
  post(runId: string, event: RunEvent): void;
  /** A batch run's jobs changed (all of them, latest progress of each). */
  postBatchJobs(runId: string, jobs: readonly BatchJobView[]): void;
  /** Opens (or reveals) the view with the latest run. */
  show(): void;
}

/** Shared services of the extension. */
export class HostServices implements vscode.Disposable {
  readonly log = new QaForgeLog();
  readonly runs = new RunManager();
  private readonly events = new vscode.EventEmitter<RunEventEnvelope>();
  /** Fires for every event of every run. */
  readonly onDidRunEvent = this.events.event;
  private viewer: RunViewer | undefined;

  constructor(readonly context: vscode.ExtensionContext) {}

  /** The model for a run in `scope`, asking the user when the configured one is not usable; `batch`: a batch run's client. */
  resolveLlm(scope?: vscode.Uri, interactive = true, batch?: ResolveLlmOptions['batch']): Promise<LlmPort | undefined> {
    return resolveLlm(this.context, { log: this.log, scope, interactive, batch });
  }

  /** The pipeline view's follower, made on first use (the panel's code loads with the first run or Show Pipeline). */
  async runViewer(): Promise<RunViewer> {
    if (!this.viewer) {
      const [{ PipelinePanelViewer }, { PipelinePanel }, { readShowPipelineOnRun }] = await Promise.all([
        import('./runs/pipelineViewer'), import('./panels/pipelinePanel'), import('./config'),
      ]);
      const extensionUri = this.context.extensionUri;
      this.viewer ??= new PipelinePanelViewer({
        get active() { return PipelinePanel.active; },
        show: () => PipelinePanel.show(extensionUri),
        showOnRun: () => readShowPipelineOnRun(),
      });
    }
    return this.viewer;
  }

  /** Publishes a run event to the log's listeners, the pipeline view and API subscribers. */
  publish(envelope: RunEventEnvelope): void {
    this.viewer?.post(envelope.runId, envelope.event);
    this.events.fire(envelope);
  }

  dispose(): void {
    this.runs.dispose();
    this.events.dispose();
    this.log.dispose();
  }
}
