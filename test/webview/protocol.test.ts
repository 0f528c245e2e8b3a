/** The typed protocol and both messenger ends, in Node (no browser needed). */
import { strict as assert } from 'node:assert';
import { HostMessenger, ViewMessenger } from '../../src/shared/messenger';
import { type Envelope, datasetProtocol, pipelineViewState, type PipelineViewState } from '../../src/shared/protocol';

type DatasetProtocol = typeof datasetProtocol;

function wire() {
  const toView: Envelope[] = [];
  const toHost: Envelope[] = [];
  const hostLog: string[] = [];
  const viewLog: string[] = [];
  const received: { edits: unknown[]; ready: number; documents: unknown[] } = { edits: [], ready: 0, documents: [] };
  const host = new HostMessenger<DatasetProtocol>(datasetProtocol, (m) => toView.push(m), {
    ready: () => { received.ready++; },
    'dataset.edit': (body) => { received.edits.push(body); },
    'dataset.setStatus': () => undefined,
    'dataset.rendered': () => undefined,
  }, {
    'dataset.regenerate': async (params) => ({ regenerated: params.ids.length, skipped: 0, message: 'ok' }),
    'dataset.goToSource': async ({ id }) => { if (id === 'x') throw new Error('No pair x'); return { opened: true }; },
  }, (l) => hostLog.push(l));
  const view = new ViewMessenger<DatasetProtocol>(datasetProtocol, (m) => toHost.push(m), {
    'dataset.document': (body) => { received.documents.push(body); },
    'dataset.stale': () => undefined,
    'dataset.busy': () => undefined,
    'dataset.reveal': () => undefined,
    'dataset.quality': () => undefined,
  }, (l) => viewLog.push(l));
  return { host, view, toView, toHost, hostLog, viewLog, received };
}

describe('protocol and messengers', () => {
  it('queues host notifications until the webview says ready, then flushes them in order', async () => {
    const w = wire();
    w.host.notify('dataset.busy', { message: 'one' });
    w.host.notify('dataset.stale', { ids: ['a'] });
    assert.equal(w.toView.length, 0);
    w.view.notify('ready', {});
    await w.host.receive(w.toHost.shift());
    assert.equal(w.received.ready, 1);
    assert.deepEqual(w.toView.map((e) => e.kind === 'notify' && e.type), ['dataset.busy', 'dataset.stale']);
    w.host.notify('dataset.busy', { message: null });
    assert.equal(w.toView.length, 3, 'posts go straight out once ready');
    w.host.reset();
    w.host.notify('dataset.busy', { message: 'later' });
    assert.equal(w.toView.length, 3, 'after reset posts wait for the next ready');
  });

  it('dispatches a valid notification and ignores malformed or unknown ones, logging them', async () => {
    const w = wire();
    await w.host.receive({ kind: 'notify', type: 'dataset.edit', body: { id: 'p1', field: 'question', value: 'Q?' } });
    await w.host.receive({ kind: 'notify', type: 'dataset.edit', body: { id: 'p1', field: 'contexts', value: 'Q?' } });
    await w.host.receive({ kind: 'notify', type: 'toString', body: {} });
    await w.host.receive({ kind: 'notify', type: 'dataset.nope', body: {} });
    await w.host.receive('<script>');
    assert.deepEqual(w.received.edits, [{ id: 'p1', field: 'question', value: 'Q?' }]);
    assert.equal(w.hostLog.length, 4);
  });

  it('correlates requests with typed replies, including errors and malformed params', async () => {
    const w = wire();
    const answer = w.view.request('dataset.regenerate', { scope: 'selected', ids: ['a', 'b'] });
    const failing = w.view.request('dataset.goToSource', { id: 'x' });
    for (const m of w.toHost.splice(0)) await w.host.receive(m);
    for (const m of w.toView.splice(0)) w.view.receive(m);
    assert.deepEqual(await answer, { regenerated: 2, skipped: 0, message: 'ok' });
    await assert.rejects(failing, /No pair x/);
    await w.host.receive({ kind: 'request', id: 99, type: 'dataset.regenerate', params: { scope: 'everything', ids: [] } });
    assert.deepEqual(w.toView.pop(), { kind: 'reply', id: 99, ok: false, error: "Unknown or malformed request 'dataset.regenerate'." });
  });

  it('rejects a reply whose result does not match the declared type', async () => {
    const w = wire();
    const pending = w.view.request('dataset.goToSource', { id: 'p' });
    const sent = w.toHost.pop();
    assert.ok(sent && sent.kind === 'request');
    w.view.receive({ kind: 'reply', id: sent.id, ok: true, result: { opened: 'yes' } });
    await assert.rejects(pending, /malformed/);
  });

  it('the view validates host notifications before drawing them', () => {
    const w = wire();
    w.view.receive({ kind: 'notify', type: 'dataset.document', body: { version: 1, rows: [{ id: 1 }], invalid: [], threshold: 0.7 } });
    w.view.receive({ kind: 'notify', type: 'dataset.document', body: { version: 1, rows: [], invalid: [], threshold: 0.7 } });
    assert.equal(w.received.documents.length, 1);
    assert.equal(w.viewLog.length, 1);
  });

  it('checks saved pipeline state strictly', () => {
    const good: PipelineViewState = {
      schema: 'qaforge.pipeline/1', runId: 'r1', mermaid: 'stateDiagram-v2', nodeIds: ['A'], active: null, phase: 'detached',
      nodes: { A: { status: 'done', counts: { in: 1, out: 1, dropped: 0, retried: 0 }, iterations: 1, errors: [] } },
      totals: { calls: 1, cacheHits: 0, promptTokens: 1, completionTokens: 1, costUsd: 0, elapsedMs: 5 },
      pairs: [], canCancel: false, canOpenDataset: true,
    };
    assert.ok(pipelineViewState(good));
    assert.ok(!pipelineViewState({ ...good, schema: 'other' }));
    assert.ok(!pipelineViewState({ ...good, nodes: { A: { status: 'weird' } } }));
    assert.ok(!pipelineViewState(undefined));
  });
});
