/**
 * The jobs of one batch run as the pipeline view lists them: the latest progress report of each job, in the order
 * the jobs first appeared. Pure (no `vscode`): the batch client reports one job per poll, the view wants them all.
 */
import type { BatchProgress } from '../../core/llm/batch/batchLlm';
import type { BatchJobView } from '../../shared/protocol';

/** Collects progress reports into the view's job list. */
export class BatchJobBoard {
  private readonly jobs = new Map<string, BatchJobView>();

  /** Starts from saved jobs (a re-attached run shows them before their first poll). */
  constructor(saved: readonly BatchProgress[] = []) {
    for (const progress of saved) this.update(progress);
  }

  /** Records one report (it replaces the job's previous one); returns the whole list. */
  update(progress: BatchProgress): BatchJobView[] {
    const { jobId, status, completed, failed, total, elapsedMs } = progress;
    this.jobs.set(jobId, { id: jobId, status, completed, failed, total, elapsedMs });
    return this.list();
  }

  /** Every job, latest report each. */
  list(): BatchJobView[] {
    return [...this.jobs.values()].map((job) => ({ ...job }));
  }
}
