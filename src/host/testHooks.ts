/**
 * Commands through which the VS Code suites read and drive the dataset editor. Only a test build has them:
 * esbuild.js defines QAFORGE_TEST_HOOKS as false for the production bundle (what `vsce package` ships), so
 * that bundle drops this module and the command names entirely (test/vscode/vsix.js checks it).
 */
import * as vscode from 'vscode';
import type { DatasetEditorProvider, RenderedSnapshot } from './editor/datasetEditorProvider';

/** Returns what the dataset editor last drew for a document (the VS Code tests only). */
export const DATASET_SNAPSHOT_COMMAND = 'qaforge.internal.datasetEditorSnapshot';

/** Delivers a message to an open dataset editor as if its webview sent it (the VS Code tests only). */
export const DATASET_INTENT_COMMAND = 'qaforge.internal.datasetEditorIntent';

/** Registers the two test commands over the dataset editor provider. */
export function registerTestHooks(provider: DatasetEditorProvider): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(DATASET_SNAPSHOT_COMMAND, (uri: vscode.Uri | string): RenderedSnapshot | undefined =>
      provider.snapshots.get(typeof uri === 'string' ? uri : uri.toString())),
    vscode.commands.registerCommand(DATASET_INTENT_COMMAND, (uri: vscode.Uri | string, message: unknown): Promise<boolean> =>
      provider.receive(typeof uri === 'string' ? uri : uri.toString(), message)),
  ];
}
