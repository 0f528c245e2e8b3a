/**
 * The pipeline panel: one at a time (show = create or reveal), restored after a window reload by a serializer
 * that checks the saved state, HTML set once (never replaced when the panel becomes visible again), and run
 * events forwarded to the webview as typed notifications (queued until the webview is ready).
 */
import * as vscode from 'vscode';
import type { RunEvent } from '../../core/domain/events';
import { HostMessenger } from '../../shared/messenger';
import { pipelineProtocol, pipelineViewState, type BatchJobView } from '../../shared/protocol';
import { Disposable } from '../disposables';
import { RunFeed } from './runFeed';
import { appPage, webviewHtml } from './webviewHtml';

/** The panel's view type (also in package.json's activation events). */
export const PIPELINE_VIEW_TYPE = 'qaforge.pipeline';

/** Webview options shared by creation and revival: scripts on, resources only from the bundle and media. */
export function pipelineWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

/** "docs" for `…/datasets/docs.qa.jsonl`: the name the run's tab shows. */
function datasetNameOf(uri: vscode.Uri): string {
  const base = uri.path.split('/').pop() ?? uri.path;
  return base.replace(/\.qa\.jsonl$|\.jsonl$/, '');
}

/** The live view of a run. */
export class PipelinePanel extends Disposable {
  private static current: PipelinePanel | undefined;
  private readonly messenger: HostMessenger<typeof pipelineProtocol>;
  private cancel: (() => void) | undefined;
  private datasetUri: vscode.Uri | undefined;
  private readonly feed: RunFeed;
  private runId: string | undefined;

  /** Creates the panel, or reveals the one that exists. */
  static show(extensionUri: vscode.Uri): PipelinePanel {
    if (PipelinePanel.current) {
      PipelinePanel.current.panel.reveal(undefined, true);
      return PipelinePanel.current;
    }
    const panel = vscode.window.createWebviewPanel(PIPELINE_VIEW_TYPE, 'QA Forge: Pipeline', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      ...pipelineWebviewOptions(extensionUri),
      retainContextWhenHidden: false,
    });
    PipelinePanel.current = new PipelinePanel(panel, extensionUri);
    return PipelinePanel.current;
  }

  /** Takes over a panel VS Code restored after a reload (its webview restores its own drawn state). */
  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri): PipelinePanel {
    PipelinePanel.current?.dispose();
    panel.webview.options = pipelineWebviewOptions(extensionUri);
    PipelinePanel.current = new PipelinePanel(panel, extensionUri);
    return PipelinePanel.current;
  }

  /** The open panel, if any. */
  static get active(): PipelinePanel | undefined {
    return PipelinePanel.current;
  }

  private constructor(private readonly panel: vscode.WebviewPanel, private readonly extensionUri: vscode.Uri) {
    super();
    this.messenger = new HostMessenger(pipelineProtocol, (m) => { void this.panel.webview.postMessage(m); }, {
      ready: () => this.feed.replay(),
      'pipeline.openDataset': () => { void this.openDataset(); },
    }, {
      'pipeline.cancel': async () => {
        if (!this.cancel) return { cancelled: false };
        this.cancel();
        this.cancel = undefined;
        return { cancelled: true };
      },
    }, (line) => console.warn(`[qaforge] pipeline view: ${line}`));
    this.feed = new RunFeed(this.messenger, () => ({
      runId: this.runId ?? null, canCancel: this.cancel !== undefined, canOpenDataset: this.datasetUri !== undefined,
    }));
    panel.webview.html = this.html();
    this.register(panel.onDidDispose(() => this.dispose()));
    this.register(panel.webview.onDidReceiveMessage((m: unknown) => this.messenger.receive(m)));
    // A hidden webview is torn down and reloads (restoring its saved state) when shown again: queue the run's
    // events meanwhile; its next `ready` flushes them.
    this.register(panel.onDidChangeViewState((e) => { if (!e.webviewPanel.visible) this.messenger.reset(); }));
  }

  /**
   * Follows a new run: resets the view when its `run-started` event arrives. `cancel` is called by the Cancel
   * button; `datasetUri` (also settable later with {@link setDataset}) enables Open Dataset.
   */
  attachRun(runId: string, cancel: () => void, datasetUri?: vscode.Uri, datasetName?: string): void {
    this.cancel = cancel;
    this.runId = runId;
    this.datasetUri = datasetUri;
    this.feed.follow(datasetUri !== undefined);
    const name = datasetName ?? (datasetUri ? datasetNameOf(datasetUri) : undefined);
    this.panel.title = name ? `QA Forge: ${name}` : 'QA Forge: Pipeline';
  }

  /** Sets the dataset the Open Dataset button opens (e.g. once the run wrote it), and enables the button now. */
  setDataset(uri: vscode.Uri): void {
    this.datasetUri = uri;
    this.panel.title = `QA Forge: ${datasetNameOf(uri)}`;
    this.feed.datasetReady();
  }

  /** Forwards a run event to the view (kept for a replay when the view loads late). */
  post(event: RunEvent): void {
    if (event.type === 'run-started') this.runId = event.runId;
    if (event.type === 'run-finished') this.cancel = undefined;
    this.feed.post(event);
  }

  /** Shows a batch run's jobs (kept for a replay when the view loads late). */
  postBatchJobs(jobs: readonly BatchJobView[]): void {
    this.feed.batchJobs(jobs);
  }

  private async openDataset(): Promise<void> {
    if (!this.datasetUri) {
      void vscode.window.showInformationMessage('QA Forge: this run has not written a dataset yet. Wait for it to finish, then try again.');
      return;
    }
    await vscode.commands.executeCommand('vscode.openWith', this.datasetUri, 'qaforge.datasetEditor');
  }

  private html(): string {
    const webview = this.panel.webview;
    const asUri = (...parts: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...parts)).toString();
    return webviewHtml(appPage('pipeline', 'QA Forge: Pipeline', webview.cspSource, asUri));
  }

  /** Closes the panel once its listeners are released (dispose(), from the Disposable base). */
  protected override onDispose(): void {
    if (PipelinePanel.current === this) PipelinePanel.current = undefined;
    this.panel.dispose();
  }
}

/** Restores the pipeline panel after a reload, refusing a saved state that is not ours or is damaged. */
export class PipelinePanelSerializer implements vscode.WebviewPanelSerializer {
  constructor(private readonly extensionUri: vscode.Uri, private readonly log: (line: string) => void) {}

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    if (!pipelineViewState(state)) {
      this.log('pipeline view not restored: its saved state is missing or invalid');
      panel.dispose();
      return;
    }
    PipelinePanel.revive(panel, this.extensionUri);
  }
}
