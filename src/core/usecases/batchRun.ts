/**
 * What a batch run needs from either front end (CLI `generate --batch`, the extension's "Run as batch job"): where
 * its job list is saved, the pool size that lets a stage's calls queue into one job, and which saved runs still
 * have jobs in flight (to re-attach after a crash, Ctrl+C or a window reload).
 */
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { BatchConfig } from '../llm/factory';
import type { BatchProgress } from '../llm/batch/batchLlm';
import { batchStateFile, loadBatchState, TERMINAL_STATUSES, type BatchJobRecord, type BatchRunState } from '../llm/batch/state';

/**
 * The pipeline's concurrency in batch mode: a stage's requests go to a queue that becomes a job, not to the endpoint,
 * so the pool must let all of them through at once (OpenAI takes 50,000 requests per job).
 */
export const BATCH_CONCURRENCY = 50_000;

/** The batch settings of a run writing `datasetPath` with the reply cache in `cacheDir`. */
export function batchRunConfig(cacheDir: string, datasetPath: string, extra: Omit<BatchConfig, 'stateFile' | 'dataset'> = {}): BatchConfig {
  return { ...extra, stateFile: batchStateFile(cacheDir, datasetPath), dataset: datasetPath };
}

/** True while a job may still change (not finished, or not yet known to the provider). */
export function jobInFlight(job: BatchJobRecord): boolean {
  return job.pending === true || !TERMINAL_STATUSES.has(job.status);
}

/** A saved batch run with jobs in flight. */
export interface InFlightBatchRun {
  stateFile: string;
  state: BatchRunState;
  /** Its jobs still in flight. */
  inFlight: BatchJobRecord[];
}

/**
 * The saved batch runs (beside the reply cache in `cacheDir`) that have jobs in flight. A state file that cannot be
 * read is reported through `log` and skipped: it must not stop the others from being found.
 */
export async function inFlightBatchRuns(cacheDir: string, log?: (line: string) => void): Promise<InFlightBatchRun[]> {
  const folder = dirname(batchStateFile(cacheDir, 'any'));
  const names = await readdir(folder).catch(() => [] as string[]);
  const runs: InFlightBatchRun[] = [];
  for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
    const stateFile = join(folder, name);
    try {
      const state = await loadBatchState(stateFile);
      const inFlight = state?.jobs.filter(jobInFlight) ?? [];
      if (state && inFlight.length) runs.push({ stateFile, state, inFlight });
    } catch (error) {
      log?.((error as Error).message);
    }
  }
  return runs;
}

/** The saved jobs of a run as progress reports (what a front end shows before the first poll of a re-attached run). */
export function savedJobProgress(state: BatchRunState, now = Date.now()): BatchProgress[] {
  return state.jobs.map((job) => ({
    jobId: job.id || `(pending upload ${job.inputFileId})`, status: job.pending ? 'validating' : job.status,
    completed: job.counts?.completed ?? 0, failed: job.counts?.failed ?? 0, total: job.counts?.total ?? job.customIds.length,
    elapsedMs: Math.max(0, now - Date.parse(job.submittedAt)),
  }));
}
