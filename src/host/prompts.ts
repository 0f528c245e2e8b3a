/**
 * The questions the extension asks the user during a run (the "no model" modal, the confirm step's quick picks
 * and input box, the offer to re-attach batch jobs), behind one small interface. Production code asks through {@link prompts}; only the VS Code
 * suites' test hooks (testHooks.ts) ever install another answerer, so a user's session always sees VS Code's own UI.
 */
import * as vscode from 'vscode';

/** Asks the user; each call mirrors the `vscode.window` function of the same shape. */
export interface UserPrompts {
  /** A modal warning with buttons; resolves to the chosen button or undefined (dismissed). */
  modalWarning(message: string, ...choices: string[]): Thenable<string | undefined>;
  /** A notification (information message) with buttons; resolves to the chosen button or undefined (dismissed). */
  notification(message: string, ...choices: string[]): Thenable<string | undefined>;
  /** An input box; resolves to the accepted text or undefined (dismissed). */
  inputBox(options: vscode.InputBoxOptions): Thenable<string | undefined>;
  /** A single-choice quick pick; resolves to the picked item or undefined (dismissed). */
  quickPick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Thenable<T | undefined>;
  /** A multiple-choice quick pick; resolves to the picked items or undefined (dismissed). */
  quickPickMany<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Thenable<T[] | undefined>;
}

/** VS Code's own UI. */
const windowPrompts: UserPrompts = {
  modalWarning: (message, ...choices) => vscode.window.showWarningMessage(message, { modal: true }, ...choices),
  notification: (message, ...choices) => vscode.window.showInformationMessage(message, ...choices),
  inputBox: (options) => vscode.window.showInputBox(options),
  quickPick: (items, options) => vscode.window.showQuickPick(items, { ...options, canPickMany: false }),
  quickPickMany: (items, options) => vscode.window.showQuickPick(items, { ...options, canPickMany: true }),
};

let current: UserPrompts = windowPrompts;

/** Who answers the extension's questions now: VS Code's UI unless a test hook replaced it. */
export function prompts(): UserPrompts {
  return current;
}

/** Replaces the answerer until the returned disposable is disposed (the VS Code suites' test hooks only). */
export function replacePrompts(answerer: UserPrompts): vscode.Disposable {
  current = answerer;
  return new vscode.Disposable(() => {
    if (current === answerer) current = windowPrompts;
  });
}
