/**
 * The pipeline view's pair kinds in headless Chromium (issue 16): a run with pairs of several kinds shows the pairs
 * per kind (at/above / below the threshold) while it goes, after it and once restored from its saved state, and a
 * text badge on every pair but single_hop ones; a single-hop run shows no kind section and no badge.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import type { Envelope, PairKindView, PairSummary } from '../../src/shared/protocol';
import { artifactPath, closeBrowser, type LoadedView, loadView } from './support/browser';
import { HOSTILE, INJECTION_PROBE } from './support/payloads';
import { pipelineDiagram } from './support/pipelineGraph';
import { DARK, HIGH_CONTRAST, LIGHT } from './support/themes';

const notify = (type: string, body: unknown): Envelope => ({ kind: 'notify', type, body });
const totals = { calls: 21, cacheHits: 0, promptTokens: 18_000, completionTokens: 4_000, costUsd: 0.0251, elapsedMs: 16_000 };

function pair(id: string, kind: PairKindView, accepted: boolean, question = `What does the guide say in part ${id}?`): PairSummary {
  return {
    id, question, answer: 'It says retries back off exponentially.', questionType: 'factual', difficulty: 'medium',
    score: accepted ? 0.86 : 0.52, source: 'docs/guide.md:10-18', accepted, kind,
  };
}

/** A run with three kinds: single_hop 2 + 1 below, multi_hop 1 + 1 below, unanswerable 1; m2 passes on a second try. */
const MIXED: PairSummary[] = [
  pair('s1', 'single_hop', true, 'How does the retry policy handle HTTP 429 responses?'),
  pair('s2', 'single_hop', true, 'Which settings control the chunk size?'),
  pair('m1', 'multi_hop', true, 'Which limit applies both to the batch runner and to the CLI\'s --concurrency?'),
  pair('m2', 'multi_hop', false, 'How do the cache and the budget interact?'),
  pair('u1', 'unanswerable', true, 'Which release removed the GPU backend?'),
  pair('s3', 'single_hop', false, 'Where is the API key stored?'),
  pair('t1', 'multi_turn', false, 'And for how long are they kept?'),
  pair('t1', 'multi_turn', true, 'And for how long are the cached replies kept?'),
];

/** The kind rows as the view shows them: [kind, at/above, below]. */
const MIXED_ROWS = [['single-hop', '2', '1'], ['multi-hop', '1', '1'], ['unanswerable', '1', '0'], ['multi-turn', '1', '0']];

async function startRun(view: LoadedView): Promise<void> {
  const { mermaid, nodeIds } = await pipelineDiagram();
  await view.post(notify('pipeline.run', { runId: 'run-k', mermaid, nodeIds, canCancel: true, canOpenDataset: false }));
}

const kindRows = (view: LoadedView) => view.page.$$eval('table.kind-counts tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
const kindSectionShown = (view: LoadedView) => view.page.$eval('table.kind-counts', (t) => !(t as HTMLElement).hidden && (t as HTMLElement).offsetParent !== null);
const badges = (view: LoadedView) => view.page.$$eval('.pairs li', (lis) => Object.fromEntries(lis.map((li) => [li.getAttribute('data-pair'), li.querySelector('.kind-badge')?.textContent ?? null])));

describe('pipeline view: pair kinds (Chromium)', function () {
  this.timeout(90_000);
  let view: LoadedView | undefined;
  afterEach(async () => { await view?.close(); view = undefined; });
  after(() => closeBrowser());

  it('counts the pairs per kind while the run goes and after it, and badges every pair but single_hop', async () => {
    view = await loadView('pipeline');
    await startRun(view);
    await view.post(notify('pipeline.pair', { pair: MIXED[0] }));
    await view.post(notify('pipeline.pair', { pair: MIXED[1] }));
    await view.page.waitForFunction(() => document.querySelectorAll('.pairs li').length === 2);
    assert.equal(await kindSectionShown(view), false, 'one kind so far: no kind section');
    await view.post(notify('pipeline.pair', { pair: MIXED[2] }));
    await view.page.waitForSelector('table.kind-counts tr[data-kind="multi_hop"]');
    assert.equal(await kindSectionShown(view), true, 'a second kind: the section appears while the run goes');
    assert.deepEqual(await kindRows(view), [['single-hop', '2', '0'], ['multi-hop', '1', '0']]);

    for (const p of MIXED.slice(3)) await view.post(notify('pipeline.pair', { pair: p }));
    await view.post(notify('pipeline.finished', { phase: 'completed', totals, canOpenDataset: true }));
    await view.page.waitForSelector('.phase[data-phase="completed"]');
    assert.deepEqual(await kindRows(view), MIXED_ROWS, 'a re-validated pair counts once, in its latest version');
    const headers = await view.page.$$eval('table.kind-counts thead th', (ths) => ths.map((th) => th.textContent));
    assert.deepEqual(headers, ['Kind', 'At/above threshold', 'Below threshold']);
    const label = await view.page.$eval('table.kind-counts tr[data-kind="multi_hop"]', (tr) => tr.getAttribute('aria-label'));
    assert.equal(label, 'multi-hop: 1 at/above threshold, 1 below');
    // The kinds add up to the run's totals.
    assert.equal(await view.page.$eval('[data-total="accepted"]', (e) => e.textContent), '5');
    assert.equal(await view.page.$eval('[data-total="below"]', (e) => e.textContent), '2');

    assert.deepEqual(await badges(view), { t1: 'multi-turn', s3: null, u1: 'unanswerable', m2: 'multi-hop', m1: 'multi-hop', s2: null, s1: null });
    const meta = await view.page.$eval('[data-pair="m1"] .meta', (m) => m.textContent);
    assert.equal(meta, 'multi-hopfactual · medium · docs/guide.md:10-18');
    const title = await view.page.$eval('[data-pair="m1"] .kind-badge', (b) => b.getAttribute('title'));
    assert.equal(title, 'Kind: multi_hop');
    assert.equal(await view.page.$eval('[data-pair="u1"]', (li) => li.getAttribute('aria-label')), 'At/above threshold, unanswerable: Which release removed the GPU backend?');
    assert.equal(await view.page.$eval('[data-pair="s1"]', (li) => li.getAttribute('aria-label')), 'At/above threshold: How does the retry policy handle HTTP 429 responses?');
    assert.deepEqual(await view.violations(), []);
  });

  it('shows the same counts restored from its saved state (a window reload)', async () => {
    view = await loadView('pipeline');
    await startRun(view);
    for (const p of MIXED) await view.post(notify('pipeline.pair', { pair: p }));
    await view.post(notify('pipeline.finished', { phase: 'completed', totals, canOpenDataset: true }));
    await view.page.waitForSelector('.phase[data-phase="completed"]');
    const saved = await view.page.evaluate(() => (window as unknown as { __state: unknown }).__state);
    await view.close();
    view = await loadView('pipeline', { savedState: saved });
    await view.post(notify('pipeline.link', { runId: null, canCancel: false, canOpenDataset: false }));
    await view.page.waitForSelector('table.kind-counts tr[data-kind="multi_turn"]');
    assert.deepEqual(await kindRows(view), MIXED_ROWS);
    assert.equal(await view.page.$$eval('.pairs .kind-badge', (b) => b.length), 4);
  });

  it('a single-hop run shows no kind section and no badge, as before kinds', async () => {
    view = await loadView('pipeline');
    await startRun(view);
    for (const [i, accepted] of [true, false, true, true].entries()) await view.post(notify('pipeline.pair', { pair: pair(`p${i}`, 'single_hop', accepted) }));
    await view.post(notify('pipeline.finished', { phase: 'completed', totals, canOpenDataset: true }));
    await view.page.waitForSelector('.phase[data-phase="completed"]');
    assert.equal(await view.page.$$eval('.pairs li', (l) => l.length), 4);
    assert.equal(await kindSectionShown(view), false);
    assert.deepEqual(await kindRows(view), []);
    assert.equal(await view.page.$('.kind-badge'), null);
    // Nothing of the hidden table takes room: the list follows the pair panel's heading.
    const gap = await view.page.$eval('.pair-panel', (s) => s.querySelector('.pairs')!.getBoundingClientRect().top - s.querySelector('h2')!.getBoundingClientRect().bottom);
    assert.ok(gap < 30, `the list follows its heading (${gap}px)`);
    assert.equal(await view.page.$eval('[data-pair="p0"] .meta', (m) => m.textContent), 'factual · medium · docs/guide.md:10-18');
  });

  it('refuses a pair with a bad kind, and shows a kinded pair\'s hostile text as inert text', async () => {
    view = await loadView('pipeline');
    await startRun(view);
    await view.post(notify('pipeline.pair', { pair: { ...pair('bad', 'multi_hop', true), kind: 'multihop' } }));
    await view.post(notify('pipeline.pair', { pair: { ...pair('html', 'multi_hop', true), kind: '<img src=x onerror="window.__pwned=1">' } }));
    await view.post(notify('pipeline.pair', { pair: pair('none', 'single_hop', true) }));
    for (const [i, text] of HOSTILE.entries()) await view.post(notify('pipeline.pair', { pair: pair(`h${i}`, 'unanswerable', i % 2 === 0, text) }));
    await view.page.waitForSelector(`[data-pair="h${HOSTILE.length - 1}"]`);
    assert.equal(await view.page.$('[data-pair="bad"]'), null, 'a bad kind is refused');
    assert.equal(await view.page.$('[data-pair="html"]'), null);
    const probe = await view.page.evaluate(INJECTION_PROBE) as { pwned: unknown; injected: number };
    assert.equal(probe.pwned, null);
    assert.equal(probe.injected, 0);
    assert.deepEqual(await kindRows(view), [['single-hop', '1', '0'], ['unanswerable', '3', '3']]);
    const shown = await view.page.$$eval('.pairs .question', (qs) => qs.map((q) => q.textContent));
    for (const text of HOSTILE) assert.ok(shown.includes(text), `shown as text: ${text}`);
  });

  for (const theme of [LIGHT, DARK, HIGH_CONTRAST]) {
    it(`takes a screenshot of a run with mixed kinds in the ${theme.name} theme (test artifacts only)`, async () => {
      view = await loadView('pipeline', { theme, viewport: { width: 1100, height: 900 } });
      await startRun(view);
      await view.post(notify('pipeline.totals', { totals }));
      for (const p of MIXED) await view.post(notify('pipeline.pair', { pair: p }));
      await view.post(notify('pipeline.finished', { phase: 'completed', totals, canOpenDataset: true }));
      await view.page.waitForSelector('.diagram svg');
      await view.page.waitForSelector('table.kind-counts tr[data-kind="multi_turn"]');
      await view.page.evaluate(() => document.fonts.ready);
      // The badge's border and text come from the theme (--vscode-* variables), so they are visible in every theme.
      const badge = await view.page.$eval('.pairs .kind-badge', (b) => {
        const s = getComputedStyle(b);
        return { border: s.borderTopColor, color: s.color, background: getComputedStyle(document.body).backgroundColor };
      });
      assert.notEqual(badge.border, badge.background);
      assert.notEqual(badge.color, badge.background);
      const file = artifactPath(`pipeline-kinds-${theme.name}.png`);
      await view.page.screenshot({ path: file, fullPage: true });
      assert.ok(fs.statSync(file).size > 10_000);
    });
  }
});
