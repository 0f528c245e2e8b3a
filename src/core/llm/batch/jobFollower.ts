/**
 * Following one batch job until its results are read: polls the provider with progress (network failures retried,
 * a job that failed for a bad key or an unknown model ended as a FatalLlmError), records each change in the saved
 * job list, and once the job is finished reads its output and error files into the ids that failed and why.
 * What the replies are then used for (delivery, the next job) is BatchLlm's.
 */
import { FatalLlmError } from '../port';
import type { BatchApi, BatchJobInfo } from './api';
import { readResultLines, type LineOutcome } from './lines';
import { TERMINAL_STATUSES, type BatchJobRecord } from './state';

/** One progress report of a job (each poll). */
export interface BatchProgress {
  jobId: string;
  status: string;
  completed: number;
  failed: number;
  total: number;
  elapsedMs: number;
}

/** What following a job needs from the run that follows it. */
export interface FollowDeps {
  api: BatchApi;
  /** False once nobody waits for the job's replies any more: following stops. */
  wanted: () => boolean;
  /** Saves the run's job list (the record was changed in place). */
  save: () => Promise<void>;
  /** Waits until the next poll (or until woken). */
  sleep: () => Promise<void>;
  onProgress?: (progress: BatchProgress) => void;
  log?: (line: string) => void;
}

/** Network failures in a row after which a job is given up. */
const MAX_NETWORK_FAILURES = 10;

/**
 * Polls `record`'s job until it is finished and its results are read (`record.problems` set), updating and saving
 * the record as it goes. True when the results were read; false when it stopped because nobody waits any more.
 * @throws FatalLlmError when the job failed for a bad key or an unknown model, or after repeated network failures.
 */
export async function followJob(record: BatchJobRecord, deps: FollowDeps): Promise<boolean> {
  const started = Date.parse(record.submittedAt) || Date.now();
  let networkFailures = 0;
  // asked at least once, also about a job that was created finished (failed at validation): its errors say why
  let asked = false;
  while (!TERMINAL_STATUSES.has(record.status) || record.problems === undefined) {
    if (!deps.wanted()) return false;
    if (!TERMINAL_STATUSES.has(record.status) || !asked) {
      let info: BatchJobInfo;
      try {
        info = await deps.api.retrieveJob(record.id);
        networkFailures = 0;
        asked = true;
      } catch (error) {
        if (error instanceof FatalLlmError || ++networkFailures > MAX_NETWORK_FAILURES) throw error;
        deps.log?.(`batch: could not ask about job ${record.id} (${(error as Error).message}); asking again`);
        await deps.sleep();
        continue;
      }
      const changed = info.status !== record.status || info.counts?.completed !== record.counts?.completed;
      Object.assign(record, { status: info.status, counts: info.counts, outputFileId: info.outputFileId, errorFileId: info.errorFileId });
      if (changed) await deps.save();
      const counts = info.counts ?? { completed: 0, failed: 0, total: record.customIds.length };
      deps.onProgress?.({ jobId: record.id, status: info.status, ...counts, elapsedMs: Date.now() - started });
      if (info.status === 'failed' && info.errors.some((e) => /model_not_found|invalid_api_key|model.*(does not exist|not found)/i.test(e))) {
        throw new FatalLlmError('model-not-found', `batch job ${record.id} failed: ${info.errors.join('; ')}`);
      }
      if (!TERMINAL_STATUSES.has(record.status)) {
        await deps.sleep();
        continue;
      }
      if (info.errors.length) deps.log?.(`batch: job ${record.id} ${info.status}: ${info.errors.join('; ')}`);
    }
    await readResults(record, deps);
  }
  return true;
}

/** Reads a finished job's output and error files, records which ids failed (and why), and saves. */
async function readResults(record: BatchJobRecord, deps: FollowDeps): Promise<void> {
  const outcomes = await jobOutcomes(record, deps.api, deps.log);
  const problems: Record<string, string> = {};
  for (const id of record.customIds) {
    const outcome = outcomes.get(id);
    const problem = !outcome ? `no reply (job ${record.status})` : !outcome.ok ? outcome.problem : undefined;
    if (problem !== undefined) problems[id] = problem;
  }
  record.problems = problems;
  await deps.save();
}

/** The outcome of each line of a finished job's output and error files, by custom id. */
export async function jobOutcomes(record: BatchJobRecord, api: BatchApi, log?: (line: string) => void): Promise<Map<string, LineOutcome>> {
  const outcomes = new Map<string, LineOutcome>();
  const problems: string[] = [];
  for (const fileId of [record.outputFileId, record.errorFileId]) {
    if (fileId) readResultLines(await api.fileContent(fileId), outcomes, problems);
  }
  if (problems.length) log?.(`batch: job ${record.id}: ${problems.join('; ')}`);
  return outcomes;
}
