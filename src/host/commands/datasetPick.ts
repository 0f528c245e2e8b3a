/** Finding the dataset a command acts on: the argument, the active editor/tab, or a pick among the workspace's datasets. */
import * as fs from 'fs/promises';
import * as vscode from 'vscode';
import { parseDataset } from '../../core/dataset/file';
import type { DatasetEntry } from '../../core/dataset/types';

/** A dataset file read from disk. */
export interface OpenDataset {
  uri: vscode.Uri;
  folder: vscode.WorkspaceFolder;
  entries: DatasetEntry[];
}

const isDataset = (uri: vscode.Uri | undefined): uri is vscode.Uri => Boolean(uri && uri.scheme === 'file' && uri.path.endsWith('.qa.jsonl'));

function activeDatasetUri(): vscode.Uri | undefined {
  const editorUri = vscode.window.activeTextEditor?.document.uri;
  if (isDataset(editorUri)) return editorUri;
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const tabUri = input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputText ? input.uri : undefined;
  return isDataset(tabUri) ? tabUri : undefined;
}

/** The dataset to act on, or undefined when the user dismissed the pick or there is none. */
export async function pickDataset(arg: unknown, purpose: string): Promise<OpenDataset | undefined> {
  let uri = arg instanceof vscode.Uri && isDataset(arg) ? arg : activeDatasetUri();
  if (!uri) {
    const found = await vscode.workspace.findFiles('**/*.qa.jsonl', '**/node_modules/**', 200);
    if (found.length === 0) {
      void vscode.window.showInformationMessage('QA Forge: no *.qa.jsonl dataset in this workspace yet. Generate one first (right-click a folder → Generate Q&A Dataset from Folder).');
      return undefined;
    }
    const pick = found.length === 1 ? { uri: found[0] } : await vscode.window.showQuickPick(
      found.map((u) => ({ label: vscode.workspace.asRelativePath(u), uri: u })), { title: `QA Forge: dataset to ${purpose}` });
    if (!pick) return undefined;
    uri = pick.uri;
  }
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) {
    void vscode.window.showWarningMessage(`QA Forge: ${uri.fsPath} is outside the open workspace folders; its source paths cannot be resolved.`);
    return undefined;
  }
  return { uri, folder, entries: parseDataset(await fs.readFile(uri.fsPath, 'utf8')) };
}
