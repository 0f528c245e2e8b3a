/** RunEvent → pipeline-view notification conversion (Node; the host side of the pipeline view). */
import { strict as assert } from 'node:assert';
import type { RunEvent } from '../../src/core/domain/events';
import type { QAPair } from '../../src/core/domain/records';
import { pipelineProtocol } from '../../src/shared/protocol';
import { toPipelineNotification } from '../../src/host/panels/runEventMessages';

const pair: QAPair = {
  id: 'q1', question: 'Q?', answer: 'A.', questionType: 'factual', difficulty: 'easy', chunkId: 'c1', statementIds: [], contexts: [],
  provenance: { kind: 'file', path: 'docs/a.md', startLine: 3, endLine: 9, start: 0, end: 10, spanHash: 'abc' },
  quality: { score: 0.75, criteria: { grounded: 1, complete: 1, relevant: 1, clear: 0.5, standalone: 0.25 }, feedback: 'ok' },
  iteration: 0, previousScores: [],
};
const usage = { calls: 3, cacheHits: 1, promptTokens: 100, completionTokens: 20, costUsd: 0.01 };

describe('run events to pipeline notifications', () => {
  const ctx = { startedAt: 1000, canCancel: true, canOpenDataset: true, now: () => 4000 };
  const events: RunEvent[] = [
    { type: 'run-started', runId: 'r', mermaid: 'stateDiagram-v2\n  [*] --> A', nodeIds: ['A'] },
    { type: 'node-started', node: 'A', iteration: 0 },
    { type: 'node-finished', node: 'A', iteration: 0, counts: { in: 2, out: 1, dropped: 1, retried: 0 }, durationMs: 5 },
    { type: 'retry', node: 'A', info: { attempt: 2, reason: '429', delayMs: 100 } },
    { type: 'node-error', node: 'A', message: 'bad JSON', fatal: false },
    { type: 'usage', usage },
    { type: 'pair-validated', pair, accepted: true },
    { type: 'run-finished', status: 'completed', usage, elapsedMs: 9000 },
  ];

  it('converts every event kind into a notification the view accepts', () => {
    for (const event of events) {
      const n = toPipelineNotification(event, ctx);
      const guard = pipelineProtocol.toView[n.type];
      assert.ok(guard(n.body), `${event.type} → ${n.type} passes the view's guard`);
    }
  });

  it('keeps the numbers: totals with elapsed time, pair summary with source label and score', () => {
    assert.deepEqual(toPipelineNotification(events[5], ctx), { type: 'pipeline.totals', body: { totals: { ...usage, elapsedMs: 3000 } } });
    assert.deepEqual(toPipelineNotification(events[6], ctx), {
      type: 'pipeline.pair',
      body: { pair: { id: 'q1', question: 'Q?', answer: 'A.', questionType: 'factual', difficulty: 'easy', score: 0.75, source: 'docs/a.md:3-9', accepted: true, kind: 'single_hop' } },
    });
    const finished = toPipelineNotification(events[7], ctx);
    assert.deepEqual(finished.body, { phase: 'completed', totals: { ...usage, elapsedMs: 9000 }, canOpenDataset: true });
    const started = toPipelineNotification(events[0], ctx);
    assert.equal(started.type, 'pipeline.run');
  });

  it('carries the run\'s max_reflection_iterations to the view, and the guard refuses a wrong type', () => {
    const started = toPipelineNotification({ ...events[0], maxIterations: 3 } as RunEvent, ctx);
    assert.equal(started.type, 'pipeline.run');
    assert.equal((started.body as { maxIterations?: number }).maxIterations, 3);
    assert.ok(pipelineProtocol.toView['pipeline.run'](started.body));
    assert.equal(pipelineProtocol.toView['pipeline.run']({ ...started.body, maxIterations: '3' }), false);
    assert.equal('maxIterations' in toPipelineNotification(events[0], ctx).body, false, 'absent when the run did not say it');
  });
});
