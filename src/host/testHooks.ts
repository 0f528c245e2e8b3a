/**
 * Commands through which the VS Code suites read and drive the dataset editor and answer the extension's
 * questions. Only a test build has them: esbuild.js defines QAFORGE_TEST_HOOKS as false for the production
 * bundle (what `vsce package` ships), so that bundle drops this module and the command names entirely
 * (test/vscode/vsix.js checks it), and a user's session always asks through VS Code's own UI.
 */
import * as vscode from 'vscode';
import type { DatasetEditorProvider, RenderedSnapshot } from './editor/datasetEditorProvider';
import { replacePrompts } from './prompts';
import { scriptedPrompts, type AskedPrompt, type ScriptedAnswer } from './scriptedPrompts';

/** Returns what the dataset editor last drew for a document (the VS Code tests only). */
export const DATASET_SNAPSHOT_COMMAND = 'qaforge.internal.datasetEditorSnapshot';

/** Delivers a message to an open dataset editor as if its webview sent it (the VS Code tests only). */
export const DATASET_INTENT_COMMAND = 'qaforge.internal.datasetEditorIntent';

/**
 * Answers the extension's next questions (modal, input box, quick picks) from a list of {@link ScriptedAnswer}
 * instead of showing them, until {@link RELEASE_PROMPTS_COMMAND} (the VS Code tests only).
 */
export const SCRIPT_PROMPTS_COMMAND = 'qaforge.internal.scriptPrompts';

/** Gives the questions back to VS Code's UI; returns the {@link AskedPrompt}s asked since the script was installed. */
export const RELEASE_PROMPTS_COMMAND = 'qaforge.internal.releasePrompts';

/** Registers the test commands over the dataset editor provider and the prompts seam. */
export function registerTestHooks(provider: DatasetEditorProvider): vscode.Disposable[] {
  let script: { asked: AskedPrompt[]; installed: vscode.Disposable } | undefined;
  const release = (): AskedPrompt[] => {
    const asked = script?.asked ?? [];
    script?.installed.dispose();
    script = undefined;
    return asked;
  };
  return [
    vscode.commands.registerCommand(DATASET_SNAPSHOT_COMMAND, (uri: vscode.Uri | string): RenderedSnapshot | undefined =>
      provider.snapshots.get(typeof uri === 'string' ? uri : uri.toString())),
    vscode.commands.registerCommand(DATASET_INTENT_COMMAND, (uri: vscode.Uri | string, message: unknown): Promise<boolean> =>
      provider.receive(typeof uri === 'string' ? uri : uri.toString(), message)),
    vscode.commands.registerCommand(SCRIPT_PROMPTS_COMMAND, (answers: ScriptedAnswer[]): void => {
      release();
      const asked: AskedPrompt[] = [];
      script = { asked, installed: replacePrompts(scriptedPrompts([...answers], asked)) };
    }),
    vscode.commands.registerCommand(RELEASE_PROMPTS_COMMAND, release),
    { dispose: () => { release(); } },
  ];
}
