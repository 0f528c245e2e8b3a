/**
 * A pipeline view that opens late still shows the run (issue 14): the host keeps the run's notifications
 * (RunFeed) and replays them when the view says `ready`, so a quick offline run that ended before the view had
 * loaded shows its stages, counters and pairs; Open Dataset comes on once the dataset is written, also in a view
 * that was open all along; counters of nodes that ran more than once read per pass; the Retried column is not
 * clipped.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunEvent } from '../../src/core/domain/events';
import { documentFromText } from '../../src/core/ingest/document';
import { OfflineEngine } from '../../src/core/llm/offline/engine';
import { QAWorkflowGraph } from '../../src/core/pipeline/workflow';
import { RunFeed } from '../../src/host/panels/runFeed';
import { HostMessenger } from '../../src/shared/messenger';
import { type Envelope, pipelineProtocol } from '../../src/shared/protocol';
import { ROOT } from './support/bundle';
import { closeBrowser, type LoadedView, loadView } from './support/browser';

/** A real offline run over the project's examples, with its events. */
async function offlineRun(numPairs: number): Promise<RunEvent[]> {
  const dir = path.join(ROOT, 'examples', 'docs');
  const docs = fs.readdirSync(dir).map((name) => documentFromText(`docs/${name}`, fs.readFileSync(path.join(dir, name), 'utf8'), name.endsWith('.md') ? 'markdown' : 'text'));
  const events: RunEvent[] = [];
  await new QAWorkflowGraph({ llm: new OfflineEngine(), onEvent: (e) => events.push(e) }).runFromDocuments(docs, { num_pairs: numPairs });
  return events;
}

/** A host end wired to the view in the browser, as PipelinePanel wires it to a webview. */
function hostFor(view: LoadedView, link: { canOpenDataset: boolean; runId: string | null }) {
  const sent: Array<Promise<void>> = [];
  const messenger = new HostMessenger(pipelineProtocol, (m: Envelope) => { sent.push(view.post(m)); }, {
    ready: () => feed.replay(), 'pipeline.openDataset': () => undefined,
  }, { 'pipeline.cancel': async () => ({ cancelled: false }) }, () => undefined);
  const feed: RunFeed = new RunFeed(messenger, () => ({ runId: link.runId, canCancel: false, canOpenDataset: link.canOpenDataset }));
  return { messenger, feed, settled: () => Promise.all(sent) };
}

async function sayReady(view: LoadedView, messenger: HostMessenger<typeof pipelineProtocol>): Promise<void> {
  const posted = (await view.posted()) as Envelope[];
  for (const m of posted) await messenger.receive(m);
}

describe('pipeline view: a run seen late (Chromium)', function () {
  this.timeout(90_000);
  let view: LoadedView | undefined;
  afterEach(async () => { await view?.close(); view = undefined; });
  after(() => closeBrowser());

  it('replays a run that finished before the view was ready: stages, counters, pairs, Open Dataset', async () => {
    const events = await offlineRun(12);
    view = await loadView('pipeline');
    const runId = (events[0] as Extract<RunEvent, { type: 'run-started' }>).runId;
    const link = { canOpenDataset: false, runId };
    const host = hostFor(view, link);
    host.feed.follow(false);
    for (const e of events) host.feed.post(e); // the whole run, while the view is still loading
    link.canOpenDataset = true;
    host.feed.datasetReady();
    assert.equal(((await view.posted()) as Envelope[]).length, 1, 'the view has only said ready so far');
    await sayReady(view, host.messenger);
    await host.settled();
    await view.page.waitForSelector('.phase[data-phase="completed"]');
    // a pair validated again (an enhancement round) is listed once, in its latest version
    const validated = new Set(events.flatMap((e) => (e.type === 'pair-validated' ? [e.pair.id] : []))).size;
    assert.ok(validated > 0);
    assert.equal(await view.page.$$eval('.pairs li', (lis) => lis.length), validated);
    const chunk = await view.page.$eval('tr[data-node="ChunkContent"]', (tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));
    assert.notEqual(chunk[1], '0', 'ChunkContent out');
    assert.equal(await view.page.$eval('button[aria-label="Open Dataset"]', (b) => (b as HTMLButtonElement).disabled), false);
    assert.equal(await view.page.$eval('[data-total="accepted"]', (d) => d.previousElementSibling?.textContent), 'At/above threshold');
    // mermaid is a bundle of its own, loaded after the first paint: the diagram replaces the node list when it is in
    assert.ok(await view.page.waitForSelector('.diagram svg', { timeout: 20000 }).catch(() => null), 'the graph is drawn');
  });

  it('enables Open Dataset in a view that was open all along, once the dataset is written', async () => {
    const events = await offlineRun(4);
    view = await loadView('pipeline');
    const runId = (events[0] as Extract<RunEvent, { type: 'run-started' }>).runId;
    const link = { canOpenDataset: false, runId };
    const host = hostFor(view, link);
    await sayReady(view, host.messenger);
    host.feed.follow(false);
    for (const e of events) host.feed.post(e);
    await host.settled();
    await view.page.waitForSelector('.phase[data-phase="completed"]');
    assert.equal(await view.page.$eval('button[aria-label="Open Dataset"]', (b) => (b as HTMLButtonElement).disabled), true);
    link.canOpenDataset = true;
    host.feed.datasetReady();
    await host.settled();
    await view.page.waitForFunction(() => !(document.querySelector('button[aria-label="Open Dataset"]') as HTMLButtonElement).disabled);
  });

  it('shows a looping node\'s latest pass with its passes named, and the Retried column whole', async () => {
    view = await loadView('pipeline', { viewport: { width: 900, height: 700 } });
    const link = { canOpenDataset: false, runId: 'r1' };
    const host = hostFor(view, link);
    await sayReady(view, host.messenger);
    host.feed.follow(false);
    host.feed.post({ type: 'run-started', runId: 'r1', mermaid: 'stateDiagram-v2\n  [*] --> PrepareEnhancement', nodeIds: ['ValidateQAPairs', 'PrepareEnhancement'] });
    for (let i = 0; i < 4; i++) {
      host.feed.post({ type: 'node-started', node: 'PrepareEnhancement', iteration: i });
      host.feed.post({ type: 'node-finished', node: 'PrepareEnhancement', iteration: i, counts: { in: 20, out: i === 3 ? 0 : 1, dropped: 0, retried: 0 }, durationMs: 1 });
    }
    host.feed.post({ type: 'node-started', node: 'ValidateQAPairs', iteration: 3, round: 'top-up' });
    host.feed.post({ type: 'node-finished', node: 'ValidateQAPairs', iteration: 3, counts: { in: 5, out: 4, dropped: 0, retried: 2, rejected: 1 }, durationMs: 1 });
    await host.settled();
    await view.page.waitForSelector('tr[data-node="PrepareEnhancement"]');
    const row = await view.page.$eval('tr[data-node="PrepareEnhancement"]', (tr) => ({
      cells: [...tr.querySelectorAll('td')].map((td) => td.textContent), title: tr.getAttribute('title') ?? '',
      passes: tr.querySelector('.passes')?.getAttribute('title') ?? '',
    }));
    assert.deepEqual(row.cells.slice(0, 2), ['20', '0'], 'latest pass, not 80 / 3');
    assert.match(row.title, /in 80, out 3/);
    assert.equal(row.passes, '4 passes: first pass, 3 enhancement iterations');
    const clipped = await view.page.$eval('table.nodes', (t) => {
      const panel = t.closest('.node-panel')!.getBoundingClientRect();
      const retried = t.querySelector('thead th:last-child')!.getBoundingClientRect();
      return retried.right > panel.right + 0.5 || retried.right > window.innerWidth;
    });
    assert.equal(clipped, false, 'the Retried header is cut off');
  });
});
