/** The pipeline view in headless Chromium: graph, highlight, counters, pairs, buttons, restore, safety. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Envelope, PairSummary } from '../../src/shared/protocol';
import { ROOT } from './support/bundle';
import { artifactPath, closeBrowser, type LoadedView, loadView } from './support/browser';
import { HOSTILE, INJECTION_PROBE } from './support/payloads';
import { pipelineDiagram } from './support/pipelineGraph';
import { DARK, HIGH_CONTRAST, LIGHT } from './support/themes';

const notify = (type: string, body: unknown): Envelope => ({ kind: 'notify', type, body });
const totals = (calls: number) => ({ calls, cacheHits: 1, promptTokens: calls * 900, completionTokens: calls * 200, costUsd: calls * 0.0012, elapsedMs: calls * 800 });
const counts = (n: number) => ({ in: n, out: n - 1, dropped: 1, retried: 0 });

function pair(i: number, accepted: boolean, text?: string): PairSummary {
  return {
    id: `p${i}`, question: text ?? `What does section ${i} of the guide say about retries?`,
    answer: text ?? `It says retries back off exponentially, starting at ${i} seconds.`, questionType: 'factual',
    difficulty: 'medium', score: accepted ? 0.8 + i / 100 : 0.55, source: `docs/guide.md:${i * 10}-${i * 10 + 8}`, accepted,
    kind: 'single_hop',
  };
}

async function startRun(view: LoadedView): Promise<string[]> {
  const { mermaid, nodeIds } = await pipelineDiagram();
  await view.post(notify('pipeline.run', { runId: 'run-1', mermaid, nodeIds, canCancel: true, canOpenDataset: false }));
  await view.page.waitForSelector('.diagram svg');
  return nodeIds;
}

/** The mermaid group element of a state, found by its label text. */
async function nodeClasses(view: LoadedView, id: string): Promise<string> {
  return view.page.evaluate((nodeId) => {
    const groups = [...document.querySelectorAll('.diagram svg g.node')];
    const g = groups.find((el) => (el.textContent ?? '').trim() === nodeId);
    return g ? g.getAttribute('class') ?? '' : 'missing';
  }, id);
}

describe('pipeline view (Chromium)', function () {
  this.timeout(90_000);
  let view: LoadedView | undefined;
  afterEach(async () => { await view?.close(); view = undefined; });
  after(() => closeBrowser());

  it('says ready, draws the core graph, and highlights the running node', async () => {
    view = await loadView('pipeline');
    assert.deepEqual(await view.posted(), [{ kind: 'notify', type: 'ready', body: {} }]);
    const nodeIds = await startRun(view);
    const labels = await view.page.$$eval('.diagram svg g.node', (gs) => gs.map((g) => (g.textContent ?? '').trim()));
    for (const id of ['ChunkContent', 'ValidateQAPairs', 'PrepareEnhancement']) assert.ok(labels.includes(id), `${id} drawn`);
    assert.ok(nodeIds.includes('ChunkContent'));

    await view.post(notify('pipeline.nodeStarted', { node: 'ChunkContent', iteration: 0 }));
    await view.page.waitForFunction(() => document.querySelector('.diagram svg .qfActive') !== null);
    assert.match(await nodeClasses(view, 'ChunkContent'), /qfActive/);
    assert.doesNotMatch(await nodeClasses(view, 'ExtractStatements'), /qfActive/);

    await view.post(notify('pipeline.nodeFinished', { node: 'ChunkContent', iteration: 0, counts: counts(4), durationMs: 12 }));
    await view.post(notify('pipeline.nodeStarted', { node: 'ExtractStatements', iteration: 0 }));
    await view.page.waitForFunction(() => {
      const g = [...document.querySelectorAll('.diagram svg g.node')].find((el) => el.textContent?.trim() === 'ExtractStatements');
      return g?.classList.contains('qfActive');
    });
    assert.match(await nodeClasses(view, 'ChunkContent'), /qfDone/);
    const row = await view.page.$eval('[data-node="ChunkContent"]', (tr) => [...tr.children].map((c) => c.textContent?.trim()));
    assert.deepEqual(row, ['ChunkContent', '4', '3', '1', '0', '0']);
    // Retries count live, then the node's final count replaces them (no double counting).
    await view.post(notify('pipeline.retry', { node: 'ExtractStatements', attempt: 1, reason: 'HTTP 429' }));
    await view.post(notify('pipeline.retry', { node: 'ExtractStatements', attempt: 2, reason: 'HTTP 429' }));
    const retried = () => view!.page.$eval('[data-node="ExtractStatements"] td:last-child', (td) => td.textContent);
    await view.page.waitForFunction(() => document.querySelector('[data-node="ExtractStatements"] td:last-child')?.textContent === '2');
    await view.post(notify('pipeline.nodeFinished', { node: 'ExtractStatements', iteration: 0, counts: { in: 3, out: 9, dropped: 0, retried: 2 }, durationMs: 30 }));
    await view.page.waitForFunction(() => document.querySelector('[data-node="ExtractStatements"]')?.className === 'node-row status-done');
    assert.equal(await retried(), '2');
    await view.post(notify('pipeline.nodeStarted', { node: 'ExtractStatements', iteration: 0 }));
    assert.equal(await view.page.$eval('[data-node="ExtractStatements"]', (tr) => tr.className), 'node-row status-running');
    // Validation's below-threshold pairs are kept, so they have their own column, apart from dropped.
    await view.post(notify('pipeline.nodeFinished', { node: 'ValidateQAPairs', iteration: 0, counts: { in: 6, out: 4, dropped: 0, rejected: 2, retried: 0 }, durationMs: 30 }));
    await view.page.waitForFunction(() => document.querySelector('[data-node="ValidateQAPairs"]')?.className === 'node-row status-done');
    const validation = await view.page.$eval('[data-node="ValidateQAPairs"]', (tr) => [...tr.children].map((c) => c.textContent?.trim()));
    assert.deepEqual(validation, ['ValidateQAPairs', '6', '4', '0', '2', '0']);
    assert.deepEqual(await view.violations(), []);
  });

  it('shows enhancement iterations against the run\'s limit: "iteration 2 of 3"', async () => {
    view = await loadView('pipeline');
    const { mermaid, nodeIds } = await pipelineDiagram();
    await view.post(notify('pipeline.run', { runId: 'run-1', mermaid, nodeIds, canCancel: true, canOpenDataset: false, maxIterations: 3 }));
    for (const iteration of [0, 1, 2]) {
      await view.post(notify('pipeline.nodeStarted', { node: 'ValidateQAPairs', iteration }));
      await view.post(notify('pipeline.nodeFinished', { node: 'ValidateQAPairs', iteration, counts: counts(4), durationMs: 5 }));
    }
    await view.page.waitForFunction(() => document.querySelector('[data-node="ValidateQAPairs"] [data-iteration]') !== null);
    const head = await view.page.$eval('[data-node="ValidateQAPairs"] th', (th) => th.textContent?.replace(/\s+/g, ' ').trim());
    assert.equal(head, 'ValidateQAPairs ×3 · iteration 2 of 3');
    const title = await view.page.$eval('[data-node="ValidateQAPairs"] .passes', (s) => s.getAttribute('title'));
    assert.equal(title, '3 passes: first pass, 2 of 3 enhancement iterations');
    // A node of the first pass only has no iteration label.
    await view.post(notify('pipeline.nodeStarted', { node: 'ChunkContent', iteration: 0 }));
    await view.post(notify('pipeline.nodeFinished', { node: 'ChunkContent', iteration: 0, counts: counts(4), durationMs: 5 }));
    await view.page.waitForFunction(() => document.querySelector('[data-node="ChunkContent"]')?.className === 'node-row status-done');
    assert.equal(await view.page.$('[data-node="ChunkContent"] [data-iteration]'), null);
  });

  it('draws the graph at once as a list of its nodes with counters, and swaps in the diagram once mermaid has loaded', async () => {
    view = await loadView('pipeline', { hold: '/dist/pipelineDiagram.js' });
    const { mermaid, nodeIds } = await pipelineDiagram();
    await view.post(notify('pipeline.run', { runId: 'run-1', mermaid, nodeIds, canCancel: true, canOpenDataset: false }));
    await view.post(notify('pipeline.nodeStarted', { node: 'ChunkContent', iteration: 0 }));
    await view.post(notify('pipeline.nodeFinished', { node: 'ChunkContent', iteration: 0, counts: counts(4), durationMs: 12 }));
    await view.post(notify('pipeline.nodeStarted', { node: 'ExtractStatements', iteration: 0 }));
    await view.page.waitForFunction(() => document.querySelector('[data-graph-node="ExtractStatements"]')?.getAttribute('aria-current') === 'step');
    const list = await view.page.$$eval('.diagram [data-graph-node]', (lis) => lis.map((li) => ({
      id: li.getAttribute('data-graph-node'), text: li.textContent, current: li.getAttribute('aria-current'),
    })));
    assert.deepEqual(list.map((n) => n.id), nodeIds, 'every node, in the graph\'s order');
    assert.equal(list.find((n) => n.id === 'ChunkContent')?.text, 'ChunkContent · in 4, out 3');
    assert.equal(list.find((n) => n.id === 'ExtractStatements')?.current, 'step', 'the running node is marked');
    assert.equal(await view.page.$('.diagram svg'), null, 'mermaid is still loading');
    view.release();
    await view.page.waitForSelector('.diagram svg', { timeout: 30_000 });
    assert.equal(await view.page.$('.diagram [data-graph-node]'), null, 'the diagram replaced the list');
    assert.match(await nodeClasses(view, 'ExtractStatements'), /qfActive/);
    assert.deepEqual(await view.violations(), []);
  });

  it('swaps the diagram without emptying it while re-rendering', async () => {
    view = await loadView('pipeline');
    await startRun(view);
    await view.page.evaluate(() => {
      const w = window as unknown as { __emptied: number };
      w.__emptied = 0;
      const host = document.querySelector('.diagram')!;
      new MutationObserver(() => { if (!host.querySelector('svg')) w.__emptied++; }).observe(host, { childList: true });
    });
    for (const node of ['ProcessDocuments', 'ChunkContent', 'ExtractStatements', 'GenerateQuestions']) {
      await view.post(notify('pipeline.nodeStarted', { node, iteration: 0 }));
    }
    await view.page.waitForFunction(() => {
      const g = [...document.querySelectorAll('.diagram svg g.node')].find((el) => el.textContent?.trim() === 'GenerateQuestions');
      return g?.classList.contains('qfActive');
    });
    assert.equal(await view.page.evaluate(() => (window as unknown as { __emptied: number }).__emptied), 0);
    assert.equal(await view.page.$$eval('.diagram svg', (s) => s.length), 1);
  });

  it('streams totals and pairs, accepted vs below threshold, and shows node errors inline', async () => {
    view = await loadView('pipeline');
    await startRun(view);
    await view.post(notify('pipeline.totals', { totals: totals(12) }));
    for (let i = 1; i <= 6; i++) await view.post(notify('pipeline.pair', { pair: pair(i, i % 3 !== 0) }));
    await view.post(notify('pipeline.nodeError', { node: 'GenerateAnswers', message: 'Chunk docs/guide.md#3: the model returned invalid JSON twice; skipped.', fatal: false }));
    await view.page.waitForSelector('[data-node-error="GenerateAnswers"]');
    assert.equal(await view.page.$$eval('.pairs li.accepted', (l) => l.length), 4);
    assert.equal(await view.page.$$eval('.pairs li.below', (l) => l.length), 2);
    assert.equal(await view.page.$eval('.pairs li:first-child .question', (e) => e.textContent), pair(6, false).question);
    assert.equal(await view.page.$eval('[data-total="calls"]', (e) => e.textContent), '12');
    assert.equal(await view.page.$eval('[data-total="cost"]', (e) => e.textContent), '$0.0144');
    assert.equal(await view.page.$eval('[data-total="accepted"]', (e) => e.textContent), '4');
    // The error row sits right under its node's row.
    const next = await view.page.$eval('[data-node="GenerateAnswers"]', (tr) => tr.nextElementSibling?.getAttribute('data-node-error'));
    assert.equal(next, 'GenerateAnswers');
  });

  it('sends Cancel as a request and Open Dataset as a notification', async () => {
    view = await loadView('pipeline');
    await startRun(view);
    assert.equal(await view.page.isDisabled('button[aria-label="Open Dataset"]'), true);
    await view.page.click('button[aria-label="Cancel"]');
    const request = (await view.posted()).find((m) => (m as Envelope).kind === 'request') as Extract<Envelope, { kind: 'request' }>;
    assert.equal(request.type, 'pipeline.cancel');
    await view.post({ kind: 'reply', id: request.id, ok: true, result: { cancelled: true } });
    await view.post(notify('pipeline.finished', { phase: 'cancelled', totals: totals(3), canOpenDataset: true }));
    await view.page.waitForSelector('.phase[data-phase="cancelled"]');
    assert.equal(await view.page.isDisabled('button[aria-label="Cancel"]'), true);
    await view.page.click('button[aria-label="Open Dataset"]');
    assert.deepEqual((await view.posted()).at(-1), { kind: 'notify', type: 'pipeline.openDataset', body: {} });
  });

  it('keeps its state: shown again it follows the run, restored after a reload it marks the run detached', async () => {
    view = await loadView('pipeline');
    await startRun(view);
    await view.post(notify('pipeline.nodeStarted', { node: 'GenerateQuestions', iteration: 0 }));
    await view.post(notify('pipeline.pair', { pair: pair(1, true) }));
    await view.page.waitForSelector('.pairs li');
    const saved = await view.page.evaluate(() => (window as unknown as { __state: unknown }).__state);
    await view.close();
    // Shown again while the host still follows the run (the panel was only hidden): it goes on.
    view = await loadView('pipeline', { savedState: saved });
    await view.page.waitForSelector('.diagram svg .qfActive');
    await view.post(notify('pipeline.link', { runId: 'run-1', canCancel: true, canOpenDataset: false }));
    assert.equal(await view.page.$eval('.phase', (e) => e.getAttribute('data-phase')), 'running');
    assert.equal(await view.page.isDisabled('button[aria-label="Cancel"]'), false);
    assert.equal(await view.page.$$eval('.pairs li', (l) => l.length), 1);
    await view.close();
    // Restored after a window reload: the host follows no run, so the old one is marked detached.
    view = await loadView('pipeline', { savedState: saved });
    await view.page.waitForSelector('.diagram svg');
    await view.post(notify('pipeline.link', { runId: null, canCancel: false, canOpenDataset: false }));
    await view.page.waitForSelector('.phase[data-phase="detached"]');
    assert.equal(await view.page.$$eval('.pairs li', (l) => l.length), 1);
    assert.equal(await view.page.isDisabled('button[aria-label="Cancel"]'), true);
    await view.page.waitForFunction(() => document.querySelector('.diagram svg .qfActive') === null);
  });

  it('ignores malformed messages and an invalid saved state', async () => {
    view = await loadView('pipeline', { savedState: { schema: 'qaforge.pipeline/1', nodes: 'nope' } });
    await view.post(notify('pipeline.pair', { pair: { id: 1 } }));
    await view.post({ kind: 'notify', type: 'pipeline.explode', body: {} });
    await view.post(notify('pipeline.totals', { totals: totals(2) }));
    await view.page.waitForFunction(() => document.querySelector('[data-total="calls"]')?.textContent === '2');
    assert.equal(await view.page.$eval('.phase', (e) => e.getAttribute('data-phase')), 'idle');
    assert.equal(await view.page.$$eval('.pairs li', (l) => l.length), 0);
  });

  it('lists a batch run\'s jobs (id, status, done, failed, total, elapsed) as text, hidden for a live run', async () => {
    view = await loadView('pipeline');
    await startRun(view);
    assert.equal(await view.page.$eval('.batch-panel', (el) => (el as HTMLElement).hidden), true, 'a live run shows no job table');
    const job = (id: string, status: string, completed: number) => ({ id, status, completed, failed: 1, total: 40, elapsedMs: 65_000 });
    await view.post(notify('pipeline.batchJobs', { jobs: [job('batch_1', 'in_progress', 12), job(HOSTILE[0], 'validating', 0)] }));
    await view.page.waitForSelector('[data-batch-job="batch_1"]');
    const rows = await view.page.$$eval('tr.batch-job', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    assert.deepEqual(rows[0], ['batch_1', 'in_progress', '12', '1', '40', '1 min 5 s']);
    assert.equal(rows[1][0], HOSTILE[0], 'a job id is shown as text');
    const probe = await view.page.evaluate(INJECTION_PROBE) as { pwned: unknown; injected: number };
    assert.equal(probe.pwned, null);
    assert.equal(probe.injected, 0);
    await view.post(notify('pipeline.batchJobs', { jobs: [job('batch_1', 'completed', 39)] }));
    await view.page.waitForFunction(() => document.querySelectorAll('tr.batch-job').length === 1);
    assert.equal(await view.page.$eval('tr.batch-job td', (td) => td.textContent), 'completed');
  });

  it('renders hostile model output and node names as inert text', async () => {
    view = await loadView('pipeline');
    await startRun(view);
    for (const [i, text] of HOSTILE.entries()) await view.post(notify('pipeline.pair', { pair: pair(i, i % 2 === 0, text) }));
    await view.post(notify('pipeline.nodeError', { node: 'GenerateAnswers', message: HOSTILE[1], fatal: true }));
    await view.post(notify('pipeline.nodeStarted', { node: 'X\n    click ChunkContent call alert(1)', iteration: 0 }));
    await view.page.waitForSelector('[data-node-error]');
    await view.page.waitForTimeout(300);
    const probe = await view.page.evaluate(INJECTION_PROBE) as { pwned: unknown; scripts: number; injected: number };
    // Two scripts, both ours: the app and the diagram bundle it loaded after its first paint.
    assert.deepEqual(probe, { pwned: null, scripts: 2, injected: 0 });
    const sources = await view.page.$$eval('script', (ss) => ss.map((x) => new URL((x as HTMLScriptElement).src).pathname));
    assert.deepEqual(sources, ['/dist/pipeline.js', '/dist/pipelineDiagram.js']);
    const shown = await view.page.$$eval('.pairs .question', (qs) => qs.map((q) => q.textContent));
    for (const text of HOSTILE) assert.ok(shown.includes(text), `shown as text: ${text}`);
    assert.deepEqual(await view.violations(), []);
  });

  for (const theme of [LIGHT, DARK, HIGH_CONTRAST]) {
    it(`takes a screenshot of a run in the ${theme.name} theme`, async () => {
      view = await loadView('pipeline', { theme, viewport: { width: 1100, height: 760 } });
      await startRun(view);
      const steps: Array<[string, number]> = [['InitializeWorkflow', 1], ['ProcessDocuments', 3], ['ChunkContent', 12], ['ExtractStatements', 12], ['GenerateQuestions', 40], ['GenerateAnswers', 40]];
      for (const [node, n] of steps) {
        await view.post(notify('pipeline.nodeStarted', { node, iteration: 0 }));
        await view.post(notify('pipeline.nodeFinished', { node, iteration: 0, counts: { in: n, out: n, dropped: node === 'GenerateQuestions' ? 2 : 0, retried: node === 'GenerateAnswers' ? 1 : 0 }, durationMs: 40 }));
      }
      await view.post(notify('pipeline.nodeStarted', { node: 'ValidateQAPairs', iteration: 0 }));
      await view.post(notify('pipeline.totals', { totals: totals(37) }));
      const questions = [
        'How does the retry policy handle HTTP 429 responses?', 'Which settings control the chunk size?',
        'What happens to pairs below the validation threshold?', 'Where is the API key stored?',
        'How are near-duplicate questions removed?',
      ];
      for (const [i, q] of questions.entries()) await view.post(notify('pipeline.pair', { pair: { ...pair(i + 1, i !== 2), question: q } }));
      await view.post(notify('pipeline.nodeError', { node: 'GenerateAnswers', message: 'docs/setup.md#4: the model returned truncated JSON; repaired on retry 1.', fatal: false }));
      await view.page.waitForFunction(() => document.querySelector('.diagram svg .qfActive') !== null);
      await view.page.evaluate(() => document.fonts.ready);
      const file = artifactPath(`pipeline-${theme.name}.png`);
      await view.page.screenshot({ path: file, fullPage: true });
      assert.ok(fs.statSync(file).size > 10_000);
      if (theme === DARK) fs.copyFileSync(file, path.join(ROOT, 'media/screenshots/pipeline.png'));
    });
  }
});
