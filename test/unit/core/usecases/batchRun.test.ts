/** Finding saved batch runs with jobs in flight (what a re-attach after a reload or crash offers). */
import { strict as assert } from 'node:assert';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { batchRunConfig, inFlightBatchRuns, savedJobProgress } from '../../../../src/core/usecases/batchRun';
import { saveBatchState, type BatchJobRecord, type BatchRunState } from '../../../../src/core/llm/batch/state';

const job = (id: string, status: BatchJobRecord['status'], extra: Partial<BatchJobRecord> = {}): BatchJobRecord => ({
  id, status, inputFileId: `file-${id}`, customIds: ['a', 'b', 'c'], submittedAt: '2026-01-01T00:00:00.000Z', ...extra,
});
const stateOf = (dataset: string, jobs: BatchJobRecord[]): BatchRunState => ({ v: 1, dataset, endpoint: 'api.openai.com', model: 'gpt-4o-mini', jobs });

describe('core: batch runs in flight', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'qaforge-batchrun-')); });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  it('lists the runs with a job not yet ended (or still pending), skips finished and unreadable ones', async () => {
    const cache = join(dir, 'llm');
    const running = batchRunConfig(cache, '/w/a.qa.jsonl');
    const pending = batchRunConfig(cache, '/w/b.qa.jsonl');
    const finished = batchRunConfig(cache, '/w/c.qa.jsonl');
    await saveBatchState(running.stateFile, stateOf('/w/a.qa.jsonl', [job('batch_1', 'completed'), job('batch_2', 'in_progress')]));
    await saveBatchState(pending.stateFile, stateOf('/w/b.qa.jsonl', [job('', 'validating', { pending: true })]));
    await saveBatchState(finished.stateFile, stateOf('/w/c.qa.jsonl', [job('batch_3', 'completed'), job('batch_4', 'expired')]));
    await writeFile(join(dirname(running.stateFile), 'broken.json'), '{ not json');
    const problems: string[] = [];
    const runs = await inFlightBatchRuns(cache, (line) => problems.push(line));
    assert.deepEqual(runs.map((r) => [r.state.dataset, r.inFlight.map((j) => j.inputFileId)]).sort(), [
      ['/w/a.qa.jsonl', ['file-batch_2']], ['/w/b.qa.jsonl', ['file-']],
    ]);
    assert.equal(problems.length, 1);
    assert.match(problems[0], /broken\.json is not JSON/);
  });

  it('finds nothing when no batch run was ever saved', async () => {
    assert.deepEqual(await inFlightBatchRuns(join(dir, 'never')), []);
  });

  it('shows saved jobs as progress: counts when the provider gave them, else the lines of the job', () => {
    const progress = savedJobProgress(stateOf('/w/a.qa.jsonl', [
      job('batch_1', 'in_progress', { counts: { completed: 2, failed: 1, total: 3 } }), job('', 'validating', { pending: true }),
    ]), Date.parse('2026-01-01T00:01:00.000Z'));
    assert.deepEqual(progress.map((p) => [p.status, p.completed, p.failed, p.total, p.elapsedMs]), [['in_progress', 2, 1, 3, 60_000], ['validating', 0, 0, 3, 60_000]]);
    assert.match(progress[1].jobId, /pending upload file-/);
  });
});
