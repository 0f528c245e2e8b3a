/**
 * A batch run's jobs on their way to the pipeline view: the board keeps each job's latest report in the order the
 * jobs appeared (saved ones of a re-attached run first), the list passes the protocol's guard, and the view's
 * reducer keeps it across a message that is not about jobs and drops it with a new run.
 */
import { strict as assert } from 'node:assert';
import { BatchJobBoard } from '../../../src/host/runs/batchJobBoard';
import { pipelineProtocol, pipelineViewState } from '../../../src/shared/protocol';
import { emptyState, reducers } from '../../../webview/pipeline/state';

const report = (jobId: string, status: string, completed: number, total = 10) => ({ jobId, status, completed, failed: 0, total, elapsedMs: completed * 1000 });

describe('host: batch job board', () => {
  it('keeps the latest report of each job, in the order the jobs first appeared', () => {
    const board = new BatchJobBoard();
    board.update(report('batch_a', 'validating', 0));
    board.update(report('batch_b', 'validating', 0, 3));
    const jobs = board.update(report('batch_a', 'in_progress', 4));
    assert.deepEqual(jobs.map((j) => [j.id, j.status, j.completed, j.total]), [['batch_a', 'in_progress', 4, 10], ['batch_b', 'validating', 0, 3]]);
    assert.equal(pipelineProtocol.toView['pipeline.batchJobs']({ jobs }), true, 'the list is a valid pipeline.batchJobs body');
    assert.equal(pipelineProtocol.toView['pipeline.batchJobs']({ jobs: [{ ...jobs[0], completed: '4' }] }), false);
  });

  it('starts from the saved jobs of a re-attached run', () => {
    const board = new BatchJobBoard([report('batch_saved', 'in_progress', 7)]);
    assert.deepEqual(board.list().map((j) => j.id), ['batch_saved']);
    assert.deepEqual(board.update(report('batch_saved', 'completed', 10)).map((j) => j.status), ['completed']);
  });

  it('the view keeps the jobs in its saved state until a new run starts', () => {
    const run = { runId: 'r1', mermaid: 'stateDiagram-v2', nodeIds: ['A'], canCancel: true, canOpenDataset: false };
    let state = reducers['pipeline.run'](emptyState(), run);
    const jobs = new BatchJobBoard([report('batch_a', 'in_progress', 2)]).list();
    state = reducers['pipeline.batchJobs'](state, { jobs });
    state = reducers['pipeline.nodeStarted'](state, { node: 'A', iteration: 0 });
    assert.deepEqual(state.batchJobs, jobs);
    assert.equal(pipelineViewState(state), true, 'a state with jobs is restorable after a reload');
    assert.equal(reducers['pipeline.run'](state, { ...run, runId: 'r2' }).batchJobs, undefined);
  });
});
