/** Workspace trust: generation sends file contents to a model and writes files, so it needs a trusted workspace. */
import * as vscode from 'vscode';

/**
 * True when trusted; otherwise tells the user why nothing happens and how to trust the workspace (the
 * message is not awaited, so the command returns at once).
 */
export function requireTrust(action: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  const manage = 'Manage Workspace Trust';
  void vscode.window.showWarningMessage(
    `QA Forge: ${action} needs a trusted workspace, because it sends file contents to a model and writes files. Trust this workspace to continue.`,
    manage).then((pick) => {
    if (pick === manage) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return false;
}
