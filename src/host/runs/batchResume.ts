/**
 * Batch runs survive a window reload: what a batch run was started with (its sources, params and dataset) is kept in
 * the workspace state; on activation, a kept run whose saved job list (beside the reply cache) still has jobs in
 * flight is offered for re-attaching — the same generation again, whose batch client attaches to those jobs
 * instead of submitting anew (core batchLlm.ts), and whose pipeline view shows them.
 */
import * as vscode from 'vscode';
import { resolveParams, type GenerationParams } from '../../core/domain/params';
import { inFlightBatchRuns, savedJobProgress } from '../../core/usecases/batchRun';
import type { BatchProgress } from '../../core/llm/batch/batchLlm';
import { readModelSettings } from '../config';
import { cacheDir } from '../llmProvider';
import type { HostServices } from '../services';
import { prompts } from '../prompts';

/** Which generate command a kept run came from (generate.ts's GenerateSource). */
export type KeptSource = 'folder' | 'files' | 'editor' | 'transcript';

/** A batch run as kept in the workspace state (plain JSON). */
export interface KeptBatchRun {
  source: KeptSource;
  /** The picked files or folders, as URI strings. */
  targets: string[];
  params: GenerationParams;
  datasetUri: string;
}

/** What a re-attached generation starts from. */
export interface BatchResume {
  params: GenerationParams;
  datasetUri: vscode.Uri;
  /** The saved jobs, shown before their first poll. */
  saved: BatchProgress[];
}

const KEY = 'qaforge.batchRuns';

function kept(context: vscode.ExtensionContext): Record<string, KeptBatchRun> {
  const value = context.workspaceState.get<unknown>(KEY);
  return value && typeof value === 'object' ? value as Record<string, KeptBatchRun> : {};
}

/** Keeps a batch run's start (by dataset path), replacing an earlier one of the same dataset. */
export async function keepBatchRun(context: vscode.ExtensionContext, run: KeptBatchRun): Promise<void> {
  await context.workspaceState.update(KEY, { ...kept(context), [vscode.Uri.parse(run.datasetUri).fsPath]: run });
}

/** The kept runs with jobs still in flight; kept runs whose jobs all ended are forgotten. */
export async function reattachableRuns(services: HostServices): Promise<Array<{ run: KeptBatchRun; resume: BatchResume; jobs: number }>> {
  const runs = kept(services.context);
  if (!Object.keys(runs).length) return [];
  const cache = cacheDir(services.context, readModelSettings());
  if (cache === null) return [];
  const inFlight = await inFlightBatchRuns(cache, (line) => services.log.warn(line));
  const found: Array<{ run: KeptBatchRun; resume: BatchResume; jobs: number }> = [];
  const still: Record<string, KeptBatchRun> = {};
  for (const [datasetPath, run] of Object.entries(runs)) {
    const saved = inFlight.find((r) => r.state.dataset === datasetPath);
    if (!saved) continue;
    let params: GenerationParams;
    try {
      params = resolveParams(run.params);
    } catch (error) {
      services.log.warn(`batch run of ${datasetPath} not re-attached: its kept params are invalid (${(error as Error).message})`);
      continue;
    }
    still[datasetPath] = run;
    found.push({ run, jobs: saved.inFlight.length, resume: { params, datasetUri: vscode.Uri.parse(run.datasetUri), saved: savedJobProgress(saved.state) } });
  }
  await services.context.workspaceState.update(KEY, still);
  return found;
}

/**
 * Re-attaches kept runs with jobs in flight through `resume` (the generate command), and returns what each resume
 * returned. On activation (`ask`) it first asks "Re-attach to N batch jobs?"; the Re-attach Batch Jobs command,
 * which the user chose, does not. "Not Now" keeps the runs: the command or the next activation offers them again.
 */
export async function offerReattach<T>(services: HostServices, resume: (run: KeptBatchRun, from: BatchResume) => Promise<T>, ask: boolean): Promise<T[]> {
  const runs = await reattachableRuns(services);
  if (!runs.length) return [];
  if (ask) {
    const jobs = runs.reduce((sum, r) => sum + r.jobs, 0);
    const datasets = runs.map((r) => vscode.workspace.asRelativePath(vscode.Uri.parse(r.run.datasetUri))).join(', ');
    const reattach = 'Re-attach';
    const pick = await prompts().notification(
      `QA Forge: Re-attach to ${jobs} batch job${jobs === 1 ? '' : 's'} still running for ${datasets}? Their replies are written into the dataset when they finish.`,
      reattach, 'Not Now');
    if (pick !== reattach) return [];
  }
  return Promise.all(runs.map((r) => resume(r.run, r.resume)));
}
