/**
 * Registers QA Forge's webviews with VS Code: the pipeline panel's serializer (restores it after a reload)
 * and the dataset editor for `*.qa.jsonl`. Called once from activate().
 */
import * as vscode from 'vscode';
import type { LlmPort } from '../core/llm/port';
import type { GenerationParams } from '../core/domain/params';
import { DATASET_EDITOR_VIEW_TYPE, DatasetEditorProvider, type RenderedSnapshot } from './editor/datasetEditorProvider';
import { PIPELINE_VIEW_TYPE, PipelinePanelSerializer } from './panels/pipelinePanel';
import type { RegenerateResult } from '../core/usecases/regenerateInDataset';
import type { RegenerationTarget } from './runs/regenerationRun';

/** What the webviews need from the rest of the extension; `scope` is the dataset's uri (its own folder's settings). */
export interface WebviewServices {
  resolveLlm(scope: vscode.Uri): Promise<LlmPort | undefined>;
  params(scope: vscode.Uri): GenerationParams;
  log(line: string): void;
  /** The one regeneration path (runs/regenerationRun.ts). */
  regenerate(target: RegenerationTarget, llm: LlmPort): Promise<RegenerateResult>;
}

/** Test-mode command returning what the dataset editor last drew for a document (the VS Code tests only). */
export const DATASET_SNAPSHOT_COMMAND = 'qaforge.internal.datasetEditorSnapshot';

/** Test-mode command delivering a message to an open dataset editor as if its webview sent it (the VS Code tests only). */
export const DATASET_INTENT_COMMAND = 'qaforge.internal.datasetEditorIntent';

/** Registers the pipeline serializer and the dataset editor; returns their disposables (also added to the context). */
export function registerWebviews(context: vscode.ExtensionContext, services: WebviewServices): vscode.Disposable[] {
  const provider = new DatasetEditorProvider(context.extensionUri, services);
  const disposables = [
    vscode.window.registerWebviewPanelSerializer(PIPELINE_VIEW_TYPE, new PipelinePanelSerializer(context.extensionUri, services.log)),
    vscode.window.registerCustomEditorProvider(DATASET_EDITOR_VIEW_TYPE, provider, {
      webviewOptions: { retainContextWhenHidden: false },
      supportsMultipleEditorsPerDocument: true,
    }),
  ];
  // The test hooks exist only while VS Code runs the extension's tests: an installed extension has no command
  // through which another extension could read the editor or inject messages into it.
  if (context.extensionMode === vscode.ExtensionMode.Test) {
    disposables.push(
      vscode.commands.registerCommand(DATASET_SNAPSHOT_COMMAND, (uri: vscode.Uri | string): RenderedSnapshot | undefined =>
        provider.snapshots.get(typeof uri === 'string' ? uri : uri.toString())),
      vscode.commands.registerCommand(DATASET_INTENT_COMMAND, (uri: vscode.Uri | string, message: unknown): Promise<boolean> =>
        provider.receive(typeof uri === 'string' ? uri : uri.toString(), message)),
    );
  }
  context.subscriptions.push(...disposables);
  return disposables;
}
