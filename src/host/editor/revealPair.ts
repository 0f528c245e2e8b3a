/**
 * "Show pair": a Problems entry of Check Dataset links to a command URI that opens the dataset in the dataset
 * editor and selects and scrolls to the pair's row (a custom editor ignores the text selection a Problems click
 * asks for, so the link carries the pair's id).
 */
import * as vscode from 'vscode';
import { DATASET_EDITOR_VIEW_TYPE, type DatasetEditorProvider } from './datasetEditorProvider';

/** Opens a dataset in its editor and reveals a pair's row: the target of the Problems entries of Check Dataset. */
export const REVEAL_PAIR_COMMAND = 'qaforge.revealPair';

/** The command URI a Problems entry links to: opens `dataset` in the dataset editor at the pair `id`. */
export function revealPairUri(dataset: vscode.Uri, id: string): vscode.Uri {
  return vscode.Uri.parse(`command:${REVEAL_PAIR_COMMAND}?${encodeURIComponent(JSON.stringify([dataset.toString(), id]))}`);
}

/** The command: opens the dataset in its editor, then reveals the row; false when that failed (logged). */
export async function revealPair(provider: DatasetEditorProvider, uri: unknown, id: unknown, log: (line: string) => void): Promise<boolean> {
  // Arguments come from a command URI: check them before use.
  if (typeof uri !== 'string' || typeof id !== 'string' || id === '') {
    log(`${REVEAL_PAIR_COMMAND}: expected (dataset URI string, pair id string), got (${typeof uri}, ${typeof id})`);
    return false;
  }
  const target = vscode.Uri.parse(uri);
  await vscode.commands.executeCommand('vscode.openWith', target, DATASET_EDITOR_VIEW_TYPE);
  const revealed = provider.reveal(target.toString(), id);
  if (!revealed) log(`${REVEAL_PAIR_COMMAND}: no dataset editor open for ${uri}`);
  return revealed;
}
