/**
 * The API key, kept only in VS Code's SecretStorage (the OS keychain) — never in settings, logs or files.
 */
import * as vscode from 'vscode';

/** SecretStorage key of the OpenAI-compatible / Azure API key. */
export const API_KEY_SECRET = 'qaforge.apiKey';

/** Reads the stored key (undefined when none). */
export async function readApiKey(secrets: vscode.SecretStorage): Promise<string | undefined> {
  const key = await secrets.get(API_KEY_SECRET);
  return key && key.trim() !== '' ? key : undefined;
}

/** Stores the key, or deletes it when `key` is empty. */
export async function storeApiKey(secrets: vscode.SecretStorage, key: string): Promise<void> {
  if (key.trim() === '') await secrets.delete(API_KEY_SECRET);
  else await secrets.store(API_KEY_SECRET, key.trim());
}

/** Asks for the key in a password box and stores it; returns false when the user cancelled. */
export async function promptForApiKey(secrets: vscode.SecretStorage, value?: string): Promise<boolean> {
  const key = value ?? (await vscode.window.showInputBox({
    title: 'QA Forge: API key',
    prompt: 'API key of your OpenAI-compatible or Azure OpenAI endpoint. Stored in VS Code\'s secret storage, never in settings. Leave empty to remove it.',
    password: true,
    ignoreFocusOut: true,
    placeHolder: 'sk-…',
  }));
  if (key === undefined) return false;
  await storeApiKey(secrets, key);
  return true;
}
