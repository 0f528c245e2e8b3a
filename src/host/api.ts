/**
 * What QA Forge's activate() returns to other extensions and to the in-VS Code tests: the run-event stream,
 * the runs in flight, and whether a key is stored (never the key itself).
 */
import type * as vscode from 'vscode';
import type { RunEventEnvelope } from './services';

/** The extension's public API (`vscode.extensions.getExtension('qaforge.qaforge').exports`). */
export interface QaForgeApi {
  /** Every event of every run in this window. */
  readonly onDidRunEvent: vscode.Event<RunEventEnvelope>;
  /** The runs in flight. */
  activeRuns(): Array<{ id: string; label: string; stage: string }>;
  /** True when an API key is in SecretStorage. */
  isApiKeySet(): Promise<boolean>;
}
