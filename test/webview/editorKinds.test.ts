/** The dataset editor's kinds in headless Chromium: badges, kind filter and chart, sources, turns, quality banner. */
import { strict as assert } from 'node:assert';
import { parseDataset } from '../../src/core/dataset';
import { qualityFindings } from '../../src/host/editor/qualityFindings';
import type { Envelope } from '../../src/shared/protocol';
import { findingLine } from '../../webview/datasetEditor/quality';
import { closeBrowser, type LoadedView, loadView } from './support/browser';
import { datasetText, documentMessage, HOSTILE_TURN, kindsPair } from './support/datasetFixture';
import { INJECTION_PROBE } from './support/payloads';

type Posted = Envelope & { type?: string; body?: Record<string, unknown>; params?: Record<string, unknown> };

const TEXT = datasetText(4, [], kindsPair);
const PAIRS = parseDataset(TEXT).flatMap((e) => (e.kind === 'pair' ? [e.pair] : []));
const idOf = (kind: string) => PAIRS.find((p) => (p.kind ?? 'single_hop') === kind)?.id ?? 'missing';

async function lastPosted(view: LoadedView, type: string): Promise<Posted | undefined> {
  return ((await view.posted()) as Posted[]).filter((m) => m.type === type).at(-1);
}

async function shownIds(view: LoadedView): Promise<string[]> {
  return view.page.$$eval('.grid-spacer .grid-row', (rows) => rows
    .sort((a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')))
    .map((r) => r.getAttribute('data-id') ?? ''));
}

async function open(text = TEXT): Promise<LoadedView> {
  const view = await loadView('datasetEditor');
  await view.post(documentMessage(text));
  await view.page.waitForSelector('.grid-spacer .grid-row');
  return view;
}

async function focusRow(view: LoadedView, id: string): Promise<void> {
  await view.page.click(`.grid-row[data-id="${id}"] [data-field="question"]`);
  await view.page.waitForSelector(`.pair-detail[data-id="${id}"]`);
}

describe('dataset editor kinds (Chromium)', function () {
  this.timeout(90_000);
  let view: LoadedView | undefined;
  afterEach(async () => { await view?.close(); view = undefined; });
  after(() => closeBrowser());

  it('badges every kind but single_hop, and counts pairs per kind in the summary strip', async () => {
    view = await open();
    const badges = await view.page.$$eval('.grid-spacer .grid-row', (rows) => Object.fromEntries(rows.map((r) => [r.getAttribute('data-id'), r.querySelector('.kind-badge')?.textContent ?? null])));
    assert.deepEqual(badges, {
      [idOf('single_hop')]: null, [idOf('multi_hop')]: 'multi-hop', [idOf('unanswerable')]: 'unanswerable', [idOf('multi_turn')]: 'multi-turn',
    });
    const bars = await view.page.$$eval('.summary-chart.kind g[data-kind]', (gs) => gs.map((g) => g.getAttribute('aria-label')));
    assert.deepEqual(bars, ['Kinds single_hop: 1 pair', 'Kinds multi_hop: 1 pair', 'Kinds unanswerable: 1 pair', 'Kinds multi_turn: 1 pair']);
  });

  it('filters by kind from the toolbar and from the chart', async () => {
    view = await open();
    await view.page.selectOption('select[data-filter="Kind"]', 'multi_hop');
    await view.page.waitForFunction(() => document.querySelectorAll('.grid-spacer .grid-row').length === 1);
    assert.deepEqual(await shownIds(view), [idOf('multi_hop')]);
    assert.equal(await view.page.$eval('.pair-count', (e) => e.textContent), '1 of 4 pairs');
    await view.page.selectOption('select[data-filter="Kind"]', '');
    await view.page.waitForFunction(() => document.querySelectorAll('.grid-spacer .grid-row').length === 4);
    await view.page.click('.summary-chart.kind g[data-kind="multi_turn"]');
    await view.page.waitForFunction(() => document.querySelectorAll('.grid-spacer .grid-row').length === 1);
    assert.deepEqual(await shownIds(view), [idOf('multi_turn')]);
    assert.equal(await view.page.$eval('select[data-filter="Kind"]', (s) => (s as HTMLSelectElement).value), 'multi_turn');
  });

  it('lists every source of a multi-hop pair, each posting Go to Source for its span', async () => {
    view = await open();
    await focusRow(view, idOf('multi_hop'));
    const links = await view.page.$$eval('.detail-sources button', (bs) => bs.map((b) => b.textContent));
    assert.deepEqual(links, ['docs/guide.md:10-14', 'docs/api/reference.md:40-41']);
    await view.page.click('.detail-sources button[data-span="1"]');
    const request = await lastPosted(view, 'dataset.goToSource');
    assert.equal(request?.kind, 'request');
    assert.deepEqual(request?.params, { id: idOf('multi_hop'), span: 1 });
    // The row's own source link still opens the primary span (no span index).
    await view.page.click(`.grid-row[data-id="${idOf('multi_hop')}"] button.link`);
    const primary = await lastPosted(view, 'dataset.goToSource');
    assert.deepEqual(primary?.params, { id: idOf('multi_hop') });
    // A single-source pair has no source list in its detail.
    await focusRow(view, idOf('unanswerable'));
    assert.equal(await view.page.$('.detail-sources'), null);
  });

  it('shows a multi-turn pair\'s turns, role and content as inert text, before its question', async () => {
    view = await open();
    await focusRow(view, idOf('multi_turn'));
    const turns = await view.page.$$eval('.detail-turns li', (lis) => lis.map((li) => [li.querySelector('.turn-role')?.textContent, li.querySelector('.turn-content')?.textContent]));
    assert.deepEqual(turns, [['user', 'Where is the cache directory?'], ['assistant', HOSTILE_TURN]]);
    const order = await view.page.$$eval('.pair-detail > *', (els) => els.map((e) => e.className));
    assert.ok(order.indexOf('detail-turns') < order.findIndex((c) => c.includes('detail-question')), order.join(' '));
    assert.equal(await view.page.$eval('.detail-question .detail-text', (e) => e.textContent), 'And how do I change it?');
    assert.deepEqual(await view.page.evaluate(INJECTION_PROBE), { pwned: null, scripts: 1, injected: 0 });
  });

  it('shows the quality report in the banner as text, and a passing line when every gate passes', async () => {
    view = await open();
    const findings = qualityFindings(TEXT, undefined, 'kinds.qa.manifest.json');
    assert.ok(findings.length > 0, 'the fixture fails a gate');
    const hostile = { gate: 'near_duplicate', line: 2, message: HOSTILE_TURN };
    await view.post({ kind: 'notify', type: 'dataset.quality', body: { findings: [...findings, hostile] } });
    await view.page.waitForSelector('.quality-report summary');
    const summary = await view.page.$eval('.quality-report summary', (e) => e.textContent?.trim());
    assert.match(summary ?? '', new RegExp(`^Quality report: ${findings.length + 1} findings \\(`));
    await view.page.click('.quality-report summary');
    const lines = await view.page.$$eval('.quality-report li', (lis) => lis.map((li) => li.textContent));
    assert.deepEqual(lines, [...findings, hostile].map(findingLine));
    assert.deepEqual(await view.page.evaluate(INJECTION_PROBE), { pwned: null, scripts: 1, injected: 0 });
    await view.post({ kind: 'notify', type: 'dataset.quality', body: { findings: [] } });
    await view.page.waitForSelector('.quality-report .passed');
    assert.equal(await view.page.$eval('.quality-report', (e) => e.textContent?.trim()), 'Quality report: every gate passed');
    const skipped = 'Quality report not computed in the editor for 5000 pairs (more than 1000): run qaforge check --quality on this file.';
    await view.post({ kind: 'notify', type: 'dataset.quality', body: { findings: [], skipped } });
    await view.page.waitForSelector('.quality-report .skipped');
    assert.equal(await view.page.$eval('.quality-report', (e) => e.textContent?.trim()), skipped);
  });

  it('keeps the look of a file of single-hop pairs: no badge, no kind chart, no detail pane', async () => {
    view = await open(datasetText(6));
    assert.equal(await view.page.$('.kind-badge'), null);
    assert.equal(await view.page.$('.summary-chart.kind'), null);
    await view.page.click('.grid-row[aria-rowindex="2"] [data-field="question"]');
    assert.equal(await view.page.$eval('.pair-detail', (e) => e.childElementCount), 0);
  });
});
