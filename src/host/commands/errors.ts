/** Unexpected failures of a command: logged with their stack, shown with the actions that help. */
import * as vscode from 'vscode';
import { InvalidParamsError } from '../../core/domain/params';
import type { HostServices } from '../services';

/** Logs `error` and shows it with "Open Settings" / "Show Log". Never includes a secret (see redact). */
export function reportError(services: HostServices, what: string, error: unknown): void {
  const redact = (text: string): string => services.log.redact(text);
  const message = redact(error instanceof Error ? error.message : String(error));
  services.log.error(`${what}: ${error instanceof Error && error.stack ? redact(error.stack) : message}`);
  const settingsQuery = error instanceof InvalidParamsError ? `qaforge.generation` : 'qaforge';
  void vscode.window.showErrorMessage(`QA Forge: ${what}: ${message}`, 'Open Settings', 'Show Log').then((pick) => {
    if (pick === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', settingsQuery);
    if (pick === 'Show Log') services.log.show();
  });
}
