/**
 * The followed run's notifications for the pipeline view, kept so a view that (re)loads late — opened after a
 * quick run ended, shown again after being hidden, still loading its bundle when the run started — gets the run
 * so far on `ready`: its stages, counters and pairs, never a blank "Waiting for a run". Pure (no `vscode`).
 */
import type { RunEvent } from '../../core/domain/events';
import type { HostMessenger } from '../../shared/messenger';
import type { BatchJobView, pipelineProtocol } from '../../shared/protocol';
import { type PipelineNotification, type RunContext, toPipelineNotification } from './runEventMessages';

/** Notifications kept for a replay; a run with more pairs keeps its first ones (the counters stay exact). */
export const MAX_REPLAYED = 6000;

/** What the view's buttons can do for the followed run. */
export interface RunLink {
  runId: string | null;
  canCancel: boolean;
  canOpenDataset: boolean;
}

/** The run a pipeline view follows, replayed into it on every `ready`. */
export class RunFeed {
  private history: PipelineNotification[] = [];
  private run: RunContext | undefined;
  /** The batch run's jobs as last reported (one list, replaced each time: a replay needs only the latest). */
  private jobs: BatchJobView[] | undefined;

  constructor(private readonly messenger: HostMessenger<typeof pipelineProtocol>, private readonly link: () => RunLink) {}

  /** Starts following a new run (forgets the previous one's notifications). */
  follow(canOpenDataset: boolean, now = Date.now()): void {
    this.history = [];
    this.jobs = undefined;
    this.run = { startedAt: now, canCancel: true, canOpenDataset };
  }

  /** The batch run's jobs changed: kept for a replay and (when the view is ready) sent. */
  batchJobs(jobs: readonly BatchJobView[]): void {
    this.jobs = jobs.map((job) => ({ ...job }));
    if (this.messenger.ready) this.messenger.notify('pipeline.batchJobs', { jobs: this.jobs });
  }

  /** The dataset exists now: later notifications (and a replay's link) enable Open Dataset. */
  datasetReady(): void {
    if (this.run) this.run.canOpenDataset = true;
    if (this.messenger.ready) this.messenger.notify('pipeline.link', this.link());
  }

  /** Converts, keeps and (when the view is ready) sends one run event. */
  post(event: RunEvent): void {
    this.run ??= { startedAt: Date.now(), canCancel: this.link().canCancel, canOpenDataset: this.link().canOpenDataset };
    if (event.type === 'run-started') this.history = [];
    const notification = toPipelineNotification(event, this.run);
    if (this.history.length < MAX_REPLAYED || notification.type !== 'pipeline.pair') this.history.push(notification);
    // Not ready: the view is loading; its `ready` replays everything, so nothing is queued twice.
    if (this.messenger.ready) {
      this.messenger.send(notification);
      // `pipeline.run` resets the view: jobs known before it (a re-attached run's saved ones) are shown again
      if (event.type === 'run-started' && this.jobs) this.messenger.notify('pipeline.batchJobs', { jobs: this.jobs });
    }
  }

  /** The view said `ready`: the run so far, from `pipeline.run` on, then what its buttons can do. */
  replay(): void {
    for (const notification of this.history) this.messenger.send(notification);
    // after the history: its `pipeline.run` resets the view
    if (this.jobs) this.messenger.notify('pipeline.batchJobs', { jobs: this.jobs });
    this.messenger.notify('pipeline.link', this.link());
  }
}
