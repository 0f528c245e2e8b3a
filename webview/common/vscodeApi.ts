/**
 * The webview's handle on VS Code: `acquireVsCodeApi()` may be called once per page, so it is wrapped here
 * and shared. Tests provide a stand-in with the same three methods.
 */

/** What VS Code gives a webview script. */
export interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

let api: VsCodeApi | undefined;

/** The page's VS Code API (acquired on first use). */
export function vscodeApi(): VsCodeApi {
  api ??= acquireVsCodeApi();
  return api;
}
