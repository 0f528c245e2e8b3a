/**
 * The runs in flight: one cancel handle each, the `qaforge.running` context key, a status bar item while any
 * run is going (click to cancel), and the per-dataset-file queue so two runs never write the same file at once.
 */
import * as vscode from 'vscode';
import { RunQueue } from '../runQueue';

/** A run as the rest of the host sees it. */
export interface ActiveRun {
  id: string;
  /** Short description, e.g. `docs → tests/datasets/docs.qa.jsonl`. */
  label: string;
  /** The current pipeline stage, for the status bar. */
  stage: string;
  cancel(): void;
}

/** Owns the active runs and their status bar item. */
export class RunManager implements vscode.Disposable {
  private readonly runs = new Map<string, ActiveRun>();
  private readonly queue = new RunQueue();
  private readonly status: vscode.StatusBarItem;
  private counter = 0;

  constructor() {
    this.status = vscode.window.createStatusBarItem('qaforge.run', vscode.StatusBarAlignment.Left, 50);
    this.status.name = 'QA Forge run';
    this.status.command = 'qaforge.cancelRun';
  }

  /** A fresh run id, unique within this window. */
  nextRunId(): string {
    this.counter += 1;
    return `run-${Date.now().toString(36)}-${this.counter}`;
  }

  /** True while a run writes (or waits to write) `datasetUri`. */
  isBusy(datasetUri: vscode.Uri): boolean {
    return this.queue.isBusy(datasetUri.toString());
  }

  /** Runs `job` once no other run holds `datasetUri`. */
  exclusive<T>(datasetUri: vscode.Uri, job: () => Promise<T>): Promise<T> {
    return this.queue.run(datasetUri.toString(), job);
  }

  /** Registers a run; the returned disposable removes it. */
  add(run: ActiveRun): vscode.Disposable {
    this.runs.set(run.id, run);
    this.refresh();
    return new vscode.Disposable(() => {
      this.runs.delete(run.id);
      this.refresh();
    });
  }

  /** Updates the stage shown for a run. */
  setStage(id: string, stage: string): void {
    const run = this.runs.get(id);
    if (!run) return;
    run.stage = stage;
    this.refresh();
  }

  /** The runs in flight. */
  list(): ActiveRun[] {
    return [...this.runs.values()];
  }

  private refresh(): void {
    const runs = this.list();
    void vscode.commands.executeCommand('setContext', 'qaforge.running', runs.length > 0);
    if (runs.length === 0) {
      this.status.hide();
      return;
    }
    const first = runs[0];
    this.status.text = runs.length === 1 ? `$(sync~spin) QA Forge: ${first.stage}` : `$(sync~spin) QA Forge: ${runs.length} runs`;
    this.status.tooltip = `${runs.map((r) => `${r.label} — ${r.stage}`).join('\n')}\nClick to cancel (pairs produced so far are kept).`;
    this.status.show();
  }

  dispose(): void {
    for (const run of this.runs.values()) run.cancel();
    this.status.dispose();
  }
}
