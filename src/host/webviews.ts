/**
 * Registers QA Forge's webviews with VS Code: the pipeline panel's serializer (restores it after a reload)
 * and the dataset editor for `*.qa.jsonl`. Called once from activate().
 */
import * as vscode from 'vscode';
import type { LlmPort } from '../core/llm/port';
import type { GenerationParams } from '../core/domain/params';
import { DATASET_EDITOR_VIEW_TYPE, DatasetEditorProvider } from './editor/datasetEditorProvider';
import { PIPELINE_VIEW_TYPE, PipelinePanelSerializer } from './panels/pipelinePanel';
import type { RegenerateResult } from '../core/usecases/regenerateInDataset';
import type { RegenerationTarget } from './runs/regenerationRun';
import { registerTestHooks } from './testHooks';
import { REVEAL_PAIR_COMMAND, revealPair } from './editor/revealPair';

/**
 * Set by esbuild.js (`define`): true in the development/test build, false in the production bundle, whose
 * minifier then drops the test hooks with the code it guards.
 */
declare const QAFORGE_TEST_HOOKS: boolean;

/** What the webviews need from the rest of the extension; `scope` is the dataset's uri (its own folder's settings). */
export interface WebviewServices {
  resolveLlm(scope: vscode.Uri): Promise<LlmPort | undefined>;
  params(scope: vscode.Uri): GenerationParams;
  log(line: string): void;
  /** The one regeneration path (runs/regenerationRun.ts). */
  regenerate(target: RegenerationTarget, llm: LlmPort): Promise<RegenerateResult>;
}

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
  disposables.push(vscode.commands.registerCommand(REVEAL_PAIR_COMMAND, (uri: unknown, id: unknown) => revealPair(provider, uri, id, services.log)));
  // The test hooks exist only in a test build (QAFORGE_TEST_HOOKS, esbuild.js) and only while VS Code runs the
  // extension's tests: the shipped bundle has no command through which another extension could read the editor
  // or inject messages into it.
  if (QAFORGE_TEST_HOOKS && context.extensionMode === vscode.ExtensionMode.Test) disposables.push(...registerTestHooks(provider));
  context.subscriptions.push(...disposables);
  return disposables;
}
