/**
 * The saved state of a run's batch jobs, next to the reply cache: which jobs were submitted, which custom ids
 * (reply-cache keys) each holds, the provider's last word on them, and which ids failed in each. Written
 * atomically whenever it changes, so another process (a re-run after Ctrl+C or a crash, `qaforge batch status`)
 * sees the jobs in flight and attaches to them instead of submitting the same work again.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256 } from '../../text/hash';
import { writeFileAtomic } from '../../util/atomicWrite';

/** A provider's batch status (OpenAI's names). */
export type BatchStatus = 'validating' | 'failed' | 'in_progress' | 'finalizing' | 'completed' | 'expired' | 'cancelling' | 'cancelled';

/** Statuses after which a job changes no more. */
export const TERMINAL_STATUSES: ReadonlySet<BatchStatus> = new Set<BatchStatus>(['completed', 'failed', 'expired', 'cancelled']);

/** Requests of a job by outcome, as the provider counts them. */
export interface RequestCounts {
  completed: number;
  failed: number;
  total: number;
}

/** One submitted job. */
export interface BatchJobRecord {
  /** The provider's job id; empty while `pending`. */
  id: string;
  /**
   * Saved between the upload and the provider's answer to the job's creation: a process killed then leaves a job
   * it does not know the id of; the next run looks it up by its input file (or creates it) instead of submitting anew.
   */
  pending?: true;
  inputFileId: string;
  /** The custom ids (reply-cache keys) of its lines, in file order. */
  customIds: string[];
  /** Task of each custom id's request, for status lines. */
  tasks?: Record<string, string>;
  status: BatchStatus;
  /** ISO time of submission. */
  submittedAt: string;
  counts?: RequestCounts;
  outputFileId?: string;
  errorFileId?: string;
  /** Set once the job's results were read: the ids that got no valid reply in it, with why. */
  problems?: Record<string, string>;
}

/** The saved state of one dataset's batch run. */
export interface BatchRunState {
  v: 1;
  /** The dataset the run writes (absolute path), for status lines. */
  dataset: string;
  /** Endpoint host and model, to refuse attaching jobs of another endpoint. */
  endpoint: string;
  model: string;
  jobs: BatchJobRecord[];
}

/** The state file of the batch run writing `datasetPath`, in the folder beside the reply cache's. */
export function batchStateFile(cacheDir: string, datasetPath: string): string {
  return join(cacheDir, '..', 'batches', `${sha256(datasetPath).slice(0, 24)}.json`);
}

/** Reads the state; undefined when there is none. @throws Error naming the file when it is not a batch state. */
export async function loadBatchState(file: string): Promise<BatchRunState | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  let state: BatchRunState;
  try {
    state = JSON.parse(text) as BatchRunState;
  } catch {
    throw new Error(`batch state ${file} is not JSON; move it away to start the batch run afresh (its jobs stay at the provider)`);
  }
  if (state?.v !== 1 || !Array.isArray(state.jobs)) throw new Error(`batch state ${file} is not a QA Forge batch state (v 1 with jobs)`);
  return state;
}

/** Writes the state atomically. */
export async function saveBatchState(file: string, state: BatchRunState): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(state, null, 1)}\n`);
}
