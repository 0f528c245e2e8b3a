/**
 * A dataset open with unsaved edits (in the dataset editor or as text) must not be overwritten on disk by a
 * run: the user would lose the edits or get a save conflict. Ask to save first.
 */
import * as vscode from 'vscode';

/** True when `uri` has no unsaved edits, or the user saved them now; false when they declined. */
export async function saveDatasetEditsFirst(uri: vscode.Uri): Promise<boolean> {
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (!doc?.isDirty) return true;
  const save = 'Save and Continue';
  const pick = await vscode.window.showWarningMessage(
    `QA Forge: ${vscode.workspace.asRelativePath(uri)} has unsaved edits. Save them before the run merges new pairs into the file?`,
    { modal: true }, save);
  return pick === save ? doc.save() : false;
}
