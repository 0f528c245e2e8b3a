/**
 * The pipeline viewer feeds the pipeline panel in the order the panel needs: the dataset before the finished
 * message, so that message enables "Open Dataset" — for a panel that followed the run and for one opened after.
 * The panel here keeps its run context exactly as PipelinePanel does and builds its messages with the real
 * conversion (runEventMessages.ts); only the webview behind it is absent.
 */
import { strict as assert } from 'node:assert';
import type * as vscode from 'vscode';
import type { RunEvent } from '../../../src/core/domain/events';
import { toPipelineNotification, type PipelineNotification, type RunContext } from '../../../src/host/panels/runEventMessages';
import { PipelinePanelViewer, type FollowingPanel, type PanelSource } from '../../../src/host/runs/pipelineViewer';
import type { BatchJobView } from '../../../src/shared/protocol';

class Panel implements FollowingPanel {
  readonly sent: PipelineNotification[] = [];
  private run: RunContext | undefined;
  private datasetUri: vscode.Uri | undefined;
  private cancel: (() => void) | undefined;

  attachRun(_runId: string, cancel: () => void, datasetUri?: vscode.Uri): void {
    this.cancel = cancel;
    this.datasetUri = datasetUri;
    this.run = { startedAt: 0, canCancel: true, canOpenDataset: datasetUri !== undefined };
  }

  setDataset(uri: vscode.Uri): void {
    this.datasetUri = uri;
    if (this.run) this.run.canOpenDataset = true;
  }

  post(event: RunEvent): void {
    this.run ??= { startedAt: 0, canCancel: this.cancel !== undefined, canOpenDataset: this.datasetUri !== undefined };
    if (event.type === 'run-finished') this.cancel = undefined;
    this.sent.push(toPipelineNotification(event, this.run));
  }

  readonly jobs: BatchJobView[][] = [];

  postBatchJobs(jobs: readonly BatchJobView[]): void {
    this.jobs.push([...jobs]);
  }

  finished(): PipelineNotification | undefined {
    return this.sent.find((m) => m.type === 'pipeline.finished');
  }
}

class Panels implements PanelSource<Panel> {
  active: Panel | undefined;
  constructor(private readonly openOnRun: boolean) {}
  show(): Panel {
    this.active ??= new Panel();
    return this.active;
  }
  showOnRun(): boolean {
    return this.openOnRun;
  }
}

const DATASET = { toString: () => 'file:///w/tests/datasets/docs.qa.jsonl', fsPath: '/w/tests/datasets/docs.qa.jsonl', path: '/w/tests/datasets/docs.qa.jsonl' } as unknown as vscode.Uri;
const USAGE = { calls: 3, cacheHits: 0, promptTokens: 100, completionTokens: 20, costUsd: 0 };
const RUN: RunEvent[] = [
  { type: 'run-started', runId: 'r1', mermaid: 'stateDiagram-v2', nodeIds: ['InitializeWorkflow'] },
  { type: 'run-finished', status: 'completed', usage: USAGE, elapsedMs: 1200 },
];

describe('host: pipeline viewer', () => {
  it('a panel that followed the run gets the dataset before the finished message: Open Dataset is enabled', () => {
    const panels = new Panels(true);
    const viewer = new PipelinePanelViewer(panels);
    viewer.attach('run-1', () => undefined, DATASET);
    for (const event of RUN) viewer.post('run-1', event);
    const finished = panels.active?.finished();
    assert.equal(finished?.type, 'pipeline.finished');
    assert.equal(finished.type === 'pipeline.finished' && finished.body.canOpenDataset, true);
  });

  it('a panel opened after the run replays it with Open Dataset enabled', () => {
    const panels = new Panels(false);
    const viewer = new PipelinePanelViewer(panels);
    viewer.attach('run-1', () => undefined, DATASET);
    for (const event of RUN) viewer.post('run-1', event);
    const opened = (): Panel | undefined => panels.active;
    assert.equal(opened(), undefined, 'no panel was opened for the run');
    viewer.show();
    const finished = opened()?.finished();
    assert.equal(finished?.type === 'pipeline.finished' && finished.body.canOpenDataset, true);
  });

  it('a batch run\'s jobs reach the following panel, and a panel opened later gets the latest list after the run\'s events', () => {
    const panels = new Panels(false);
    const viewer = new PipelinePanelViewer(panels);
    viewer.attach('run-1', () => undefined, DATASET);
    viewer.post('run-1', RUN[0]);
    const job = (status: string, completed: number): BatchJobView => ({ id: 'batch_1', status, completed, failed: 0, total: 4, elapsedMs: 1000 });
    viewer.postBatchJobs('run-1', [job('validating', 0)]);
    viewer.postBatchJobs('run-1', [job('in_progress', 2)]);
    viewer.postBatchJobs('other-run', [job('completed', 4)]);
    viewer.show();
    assert.deepEqual(panels.active?.jobs, [[job('in_progress', 2)]], 'only the latest list of the followed run is replayed');
    viewer.postBatchJobs('run-1', [job('completed', 4)]);
    assert.deepEqual(panels.active?.jobs.at(-1), [job('completed', 4)]);
  });
});
