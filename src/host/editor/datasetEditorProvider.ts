/**
 * The dataset editor: a CustomTextEditorProvider for `*.qa.jsonl`. The TextDocument is the truth: the webview
 * draws it and sends intents; every change is a WorkspaceEdit on the document, so undo/redo, dirty state,
 * save, hot exit, git diff and external changes behave as in a text editor.
 */
import * as vscode from 'vscode';
import { checkStaleness, manifestPathFor, pairsOf, parseDataset, type ReadSource, spansOf } from '../../core/dataset';
import { sourceReader } from '../../core/dataset/sources';
import { parseSessionFile } from '../../core/ingest/sessions';
import type { RegenerateScope } from '../../core/usecases/regenerateInDataset';
import { regenerationMessage } from '../runs/regenerationMessage';
import { HostMessenger } from '../../shared/messenger';
import { datasetProtocol } from '../../shared/protocol';
import { appPage, webviewHtml } from '../panels/webviewHtml';
import { entriesToView } from './datasetRows';
import { qualityBanner } from './qualityFindings';
import { counted } from '../../shared/labels';
import { editField, type LineReplacement, replacementsFor, withStatus } from './pairEdits';
import { DisposableStore } from '../disposables';
import type { WebviewServices } from '../webviews';

/** The editor's view type (package.json contributes.customEditors). */
export const DATASET_EDITOR_VIEW_TYPE = 'qaforge.datasetEditor';

/** What the last render of an editor showed (read by the VS Code tests through a command). */
export interface RenderedSnapshot {
  total: number;
  shown: number;
  invalid: number;
  firstQuestions: string[];
  /** The pair whose row the editor last revealed (qaforge.revealPair). */
  revealed?: string;
}

/** Provides the editor for every `*.qa.jsonl` document. */
export class DatasetEditorProvider implements vscode.CustomTextEditorProvider {
  /** Last rendered snapshot per document URI. */
  readonly snapshots = new Map<string, RenderedSnapshot>();
  private readonly sessions = new Map<string, DatasetEditorSession>();

  constructor(private readonly extensionUri: vscode.Uri, private readonly services: WebviewServices) {}

  async resolveCustomTextEditor(document: vscode.TextDocument, panel: vscode.WebviewPanel): Promise<void> {
    panel.webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    };
    const session = new DatasetEditorSession(document, panel, this.services, (s) => this.snapshots.set(document.uri.toString(), s));
    const key = document.uri.toString();
    this.sessions.set(key, session);
    panel.webview.html = this.html(panel.webview);
    panel.onDidDispose(() => {
      session.dispose();
      if (this.sessions.get(key) === session) this.sessions.delete(key);
    });
  }

  /**
   * Hands a message to the open editor of `uri` as if its webview had sent it (validated like any other);
   * false when no editor is open. Lets the VS Code tests drive the host side of the editor.
   */
  async receive(uri: string, message: unknown): Promise<boolean> {
    const session = this.sessions.get(uri);
    if (!session) return false;
    await session.receive(message);
    return true;
  }

  /** Selects and scrolls to a pair's row in every open editor of `uri`; false when none is open. */
  reveal(uri: string, id: string): boolean {
    const session = this.sessions.get(uri);
    session?.reveal(id);
    return session !== undefined;
  }

  private html(webview: vscode.Webview): string {
    const asUri = (...parts: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...parts)).toString();
    return webviewHtml(appPage('datasetEditor', 'QA Forge: Dataset', webview.cspSource, asUri));
  }
}

/** One open editor: its document, its webview and the messenger between them. */
class DatasetEditorSession {
  private readonly disposables = new DisposableStore();
  private readonly messenger: HostMessenger<typeof datasetProtocol>;
  private staleIds = new Set<string>();
  private staleReasons: Record<string, string> = {};
  private sendTimer: ReturnType<typeof setTimeout> | undefined;
  private staleRun = 0;
  private qualityRun = 0;
  private regenerating = false;

  constructor(
    private readonly document: vscode.TextDocument,
    panel: vscode.WebviewPanel,
    private readonly services: WebviewServices,
    private readonly onRendered: (snapshot: RenderedSnapshot) => void,
  ) {
    this.messenger = new HostMessenger(datasetProtocol, (m) => { void panel.webview.postMessage(m); }, {
      ready: () => {
        this.sendDocument();
        void this.checkStale();
        void this.checkQuality();
      },
      'dataset.edit': ({ id, field, value }) => { void this.change([id], (p) => editField(p, field, value), `Edit ${field}`); },
      'dataset.setStatus': ({ ids, status }) => { void this.change(ids, (p) => withStatus(p, status), `Mark ${status}`); },
      'dataset.rendered': (snapshot) => this.onRendered(snapshot),
    }, {
      'dataset.regenerate': ({ scope, ids }) => this.regenerate(scope, ids),
      'dataset.goToSource': ({ id, span }) => this.goToSource(id, span),
    }, (line) => services.log(`dataset editor: ${line}`));
    for (const d of [
      panel.webview.onDidReceiveMessage((m: unknown) => this.messenger.receive(m)),
      // A hidden webview reloads when shown again and says `ready`, which re-sends the document.
      panel.onDidChangeViewState((e) => {
        if (!e.webviewPanel.visible) {
          this.messenger.reset();
          this.messenger.clearQueue();
        }
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() === document.uri.toString() && e.contentChanges.length > 0) this.scheduleSend();
      }),
      vscode.workspace.onDidSaveTextDocument((d) => {
        if (d.uri.toString() !== document.uri.toString()) return;
        void this.checkStale();
        void this.checkQuality();
      }),
    ]) this.disposables.add(d);
  }

  /** Asks the webview to select and scroll to a pair's row (queued until the webview is ready). */
  reveal(id: string): void {
    this.messenger.notify('dataset.reveal', { id });
  }

  /** Handles one message as if the webview had sent it. */
  receive(message: unknown): Promise<void> {
    return this.messenger.receive(message);
  }

  dispose(): void {
    clearTimeout(this.sendTimer);
    this.disposables.dispose();
  }

  private folder(): vscode.WorkspaceFolder | undefined {
    return vscode.workspace.getWorkspaceFolder(this.document.uri);
  }

  /** The core's reader, as Check Dataset reads sources: pdf/docx as their extracted text, where their line numbers point. */
  private readSource(): ReadSource {
    const folder = this.folder();
    return folder ? sourceReader(folder.uri.fsPath) : async () => undefined;
  }

  /** Coalesces bursts of changes (typing, a regeneration's edits) into one redraw. */
  private scheduleSend(): void {
    clearTimeout(this.sendTimer);
    this.sendTimer = setTimeout(() => this.sendDocument(), 50);
  }

  private sendDocument(): void {
    const { rows, invalid } = entriesToView(parseDataset(this.document.getText()));
    this.messenger.notify('dataset.document', { version: this.document.version, rows, invalid, threshold: this.services.params(this.document.uri).validationThreshold });
    // Staleness reads every source file: it is checked on open and on save, not on every edit.
    if (this.staleIds.size) this.messenger.notify('dataset.stale', { ids: [...this.staleIds], reasons: this.staleReasons });
  }

  /** The quality report of the document as saved or opened (the near-duplicate gate compares every pair: not per keystroke). */
  private async checkQuality(): Promise<void> {
    const run = ++this.qualityRun;
    const manifestUri = this.document.uri.with({ path: manifestPathFor(this.document.uri.path) });
    let manifestText: string | undefined;
    try {
      manifestText = new TextDecoder().decode(await vscode.workspace.fs.readFile(manifestUri));
    } catch {
      manifestText = undefined; // no manifest: the gates that compare with it report nothing
    }
    try {
      const banner = qualityBanner(this.document.getText(), manifestText, vscode.workspace.asRelativePath(manifestUri));
      if (run === this.qualityRun && !this.disposables.isDisposed) this.messenger.notify('dataset.quality', banner);
    } catch (e) {
      this.services.log(`dataset editor: quality report of ${this.document.uri.fsPath} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private async checkStale(): Promise<void> {
    const run = ++this.staleRun;
    const pairs = pairsOf(parseDataset(this.document.getText()));
    try {
      const reports = await checkStaleness(pairs, this.readSource(), { parseSessions: parseSessionFile });
      if (run !== this.staleRun) return;
      this.staleIds = new Set(reports.filter((r) => r.state === 'stale').map((r) => r.id));
      this.staleReasons = Object.fromEntries(reports.flatMap((r) => (r.state === 'stale' && r.reason ? [[r.id, r.reason]] : [])));
      this.messenger.notify('dataset.stale', { ids: [...this.staleIds], reasons: this.staleReasons });
    } catch (e) {
      this.services.log(`dataset editor: staleness check of ${this.document.uri.fsPath} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** Applies line replacements as one WorkspaceEdit (one undo step). */
  private async applyReplacements(replacements: LineReplacement[], label: string): Promise<boolean> {
    if (replacements.length === 0) return true;
    const edit = new vscode.WorkspaceEdit();
    for (const r of replacements) {
      edit.replace(this.document.uri, this.document.lineAt(r.line - 1).range, r.text, { label, needsConfirmation: false });
    }
    return vscode.workspace.applyEdit(edit);
  }

  private async change(ids: string[], change: Parameters<typeof replacementsFor>[2], label: string): Promise<void> {
    const { replacements, missing } = replacementsFor(this.document.getText(), ids, change);
    if (missing.length) this.services.log(`dataset editor: ${missing.length} pair(s) no longer in ${this.document.uri.fsPath}: ${missing.slice(0, 5).join(', ')}`);
    const applied = await this.applyReplacements(replacements, label);
    // A refused edit (read-only file, conflicting change) must not leave the view showing it.
    if (!applied || missing.length) this.sendDocument();
  }

  /** Opens span `span` (index into the pair's spans; absent: the primary one) beside the editor, its lines selected. */
  private async goToSource(id: string, span = 0): Promise<{ opened: boolean; message?: string }> {
    const pair = pairsOf(parseDataset(this.document.getText())).find((p) => p.id === id);
    if (!pair) return { opened: false, message: `Pair ${id} is no longer in this file.` };
    const spans = spansOf(pair);
    const source = Number.isInteger(span) && span >= 0 && span < spans.length ? spans[span] : undefined;
    if (!source) return { opened: false, message: `Pair ${id} has no source ${span + 1} (it has ${counted(spans.length, 'source')}).` };
    const folder = this.folder();
    if (!folder) return { opened: false, message: 'Open the dataset inside a workspace folder to go to its sources.' };
    const path = 'session_file' in source ? source.session_file : source.path;
    const uri = vscode.Uri.joinPath(folder.uri, ...path.split('/'));
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      const options: vscode.TextDocumentShowOptions = { viewColumn: vscode.ViewColumn.Beside, preview: true };
      if (!('session_file' in source)) {
        const last = Math.max(0, Math.min(doc.lineCount - 1, source.end_line - 1));
        const first = Math.max(0, Math.min(last, source.start_line - 1));
        options.selection = new vscode.Range(first, 0, last, doc.lineAt(last).text.length);
      }
      await vscode.window.showTextDocument(doc, options);
      return { opened: true };
    } catch {
      return { opened: false, message: `${path} could not be opened: it was moved or deleted. Run "Regenerate stale" or fix the path.` };
    }
  }

  private async regenerate(scope: RegenerateScope, ids: string[]): Promise<{ regenerated: number; skipped: number; message: string }> {
    if (this.regenerating) return { regenerated: 0, skipped: 0, message: 'A regeneration is already running in this editor.' };
    if (!vscode.workspace.isTrusted) return { regenerated: 0, skipped: 0, message: 'Regeneration sends source text to a model; trust this workspace first.' };
    const folder = this.folder();
    if (!folder) return { regenerated: 0, skipped: 0, message: 'Open the dataset inside a workspace folder to regenerate its pairs (their sources are relative to it).' };
    const llm = await this.services.resolveLlm(folder.uri);
    if (!llm) return { regenerated: 0, skipped: 0, message: 'No model is configured: choose one with "QA Forge: Select Model", then try again.' };
    this.regenerating = true;
    this.messenger.notify('dataset.busy', { message: `Regenerating ${scope} pairs with ${llm.provider}/${llm.model}…` });
    try {
      const result = await this.services.regenerate({
        uri: this.document.uri, folder, scope, ids,
        // Read when the lock is held and again when writing: the user may edit the document while the model works.
        pairs: () => pairsOf(parseDataset(this.document.getText())),
        apply: async ({ updated }) => {
          const { replacements } = replacementsFor(this.document.getText(), [...updated.keys()], (p) => updated.get(p.id) ?? p);
          await this.applyReplacements(replacements, 'Regenerate pairs');
        },
      }, llm);
      // The stale badges follow the new versions (as Check Dataset will see them once saved), while the editor is open.
      if (!this.disposables.isDisposed) await this.checkStale();
      const message = `${regenerationMessage(result)}${result.updated.size ? ' Undo with Ctrl+Z; save to keep.' : ''}`;
      return { regenerated: result.updated.size, skipped: result.keptReviewed, message };
    } finally {
      this.regenerating = false;
      if (!this.disposables.isDisposed) this.messenger.notify('dataset.busy', { message: null });
    }
  }
}
