/** Shared helpers of the in-VS Code suites. */
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { QaForgeApi } from '../../../src/host/api';
import type { DatasetPair } from '../../../src/core/dataset/types';
import type { AskedPrompt, ScriptedAnswer } from '../../../src/host/scriptedPrompts';
import { RELEASE_PROMPTS_COMMAND, SCRIPT_PROMPTS_COMMAND } from '../../../src/host/testHooks';

export const EXTENSION_ID = 'qaforge.qaforge';

/** QA Forge, activated, with its API. */
export async function qaforge(): Promise<{ ext: vscode.Extension<QaForgeApi>; api: QaForgeApi }> {
  const ext = vscode.extensions.getExtension<QaForgeApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not loaded`);
  const api = await ext.activate();
  return { ext, api };
}

/** The fixture workspace folder. */
export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder open');
  return folder.uri;
}

/** A path inside the fixture workspace. */
export function inWorkspace(...segments: string[]): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...segments);
}

/** The pairs of a dataset file (every line must parse). */
export function readPairs(file: string): DatasetPair[] {
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as DatasetPair);
}

/** Base URLs of the test endpoints the harness started (undefined when it could not). */
export const endpoints = {
  url: process.env.QAFORGE_TEST_ENDPOINT || undefined,
  slowUrl: process.env.QAFORGE_TEST_SLOW_ENDPOINT || undefined,
  /** Refuses every request unless the key is `sk-locked` (401). */
  lockedUrl: process.env.QAFORGE_TEST_LOCKED_ENDPOINT || undefined,
  controlUrl: process.env.QAFORGE_TEST_CONTROL || undefined,
};

/** Skips the calling suite when the harness has no test endpoint. */
export function requireEndpoint(ctx: Mocha.Context): void {
  if (!endpoints.url) ctx.skip();
}

/** Stats of the fast and slow endpoints (calls, byTask, authorizations seen). */
export async function endpointStats(): Promise<{ fast: EndpointStats; slow: EndpointStats; fastBatches: { jobs: string[][] } }> {
  const res = await fetch(`${endpoints.controlUrl}/stats`);
  return (await res.json()) as { fast: EndpointStats; slow: EndpointStats; fastBatches: { jobs: string[][] } };
}

/** What the test endpoint counts. */
export interface EndpointStats {
  calls: number;
  byTask: Record<string, number>;
  authorizations: string[];
}

/** Holds the fast endpoint's batch jobs in progress (`on`), or lets them finish. */
export async function holdBatchJobs(on: boolean): Promise<void> {
  await fetch(`${endpoints.controlUrl}/batches/hold?on=${on}`, { method: 'POST' });
}

/** Resets the endpoints' stats. */
export async function resetEndpointStats(): Promise<void> {
  await fetch(`${endpoints.controlUrl}/reset`, { method: 'POST' });
}

/** Sets a `qaforge.*` setting in the workspace (its .vscode/settings.json) and returns a restore function. */
export async function withSetting(key: string, value: unknown): Promise<() => Promise<void>> {
  const config = vscode.workspace.getConfiguration('qaforge');
  const before = config.inspect(key)?.workspaceValue;
  await config.update(key, value, vscode.ConfigurationTarget.Workspace);
  return async () => {
    await vscode.workspace.getConfiguration('qaforge').update(key, before, vscode.ConfigurationTarget.Workspace);
  };
}

/** Removes a file if it exists (and its manifest). */
export function removeDataset(file: string): void {
  fs.rmSync(file, { force: true });
  fs.rmSync(file.replace(/\.qa\.jsonl$/, '.qa.manifest.json'), { force: true });
}

/** Workspace-relative path of a file, forward slashes. */
export function rel(file: string): string {
  return path.relative(workspaceRoot().fsPath, file).split(path.sep).join('/');
}

/** Prints a figure into the relayed test report (console.log of the extension host is not relayed). */
export function reportFigure(line: string): void {
  const report = process.env.QAFORGE_TEST_REPORT;
  if (report) fs.appendFileSync(report, `      ${line}\n`);
}

/** Keeps running `command` (a quick-input action) until `pending` settles; returns its value. */
export async function answerQuickInput<T>(pending: Thenable<T>, command: string): Promise<T> {
  let settled = false;
  const done = Promise.resolve(pending).finally(() => { settled = true; });
  for (let i = 0; i < 150 && !settled; i++) {
    await new Promise((r) => setTimeout(r, 200));
    if (!settled) await vscode.commands.executeCommand(command);
  }
  return done;
}

/**
 * Answers the extension's next questions (the no-model modal, the confirm step's quick picks and input box) from
 * `answers` while `run` runs, through the test hooks' scripted answerer; returns the run's value and every question
 * asked, with what it offered. A question the script could not answer as written fails the test.
 */
export async function withAnswers<T>(answers: ScriptedAnswer[], run: () => Thenable<T>): Promise<{ value: T; asked: AskedPrompt[] }> {
  await vscode.commands.executeCommand(SCRIPT_PROMPTS_COMMAND, answers);
  let value: T;
  let asked: AskedPrompt[] = [];
  try {
    value = await run();
  } finally {
    // released even when the run throws, so later suites see VS Code's own UI again
    asked = (await vscode.commands.executeCommand<AskedPrompt[] | undefined>(RELEASE_PROMPTS_COMMAND)) ?? [];
  }
  for (const prompt of asked) {
    if (prompt.problem) throw new Error(`${prompt.kind} "${prompt.text}": ${prompt.problem}`);
  }
  return { value, asked };
}
