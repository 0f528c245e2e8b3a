/**
 * The dataset editor as a first-time user meets it (issue 14): keyboard focus that stays on the row, a grid that
 * has the keyboard on open, no empty histogram bins in the tab order, an inline editor that covers no other
 * row, a way out of an empty search, one-line ranges, readable badges and a layout that works at half width.
 */
import { strict as assert } from 'node:assert';
import { closeBrowser, type LoadedView, loadView } from './support/browser';
import { datasetText, documentMessage, makePair } from './support/datasetFixture';
import { DARK, LIGHT } from './support/themes';
import type { DatasetPair } from '../../src/core/dataset';

const focusedId = (view: LoadedView): Promise<string | null> => view.page.evaluate(() => document.activeElement?.getAttribute('data-id') ?? null);
/** The id of the pair shown at a row position (2 = first row under the header). */
const idAt = (view: LoadedView, rowIndex: number): Promise<string | null> => view.page.$eval(`.grid-row[aria-rowindex="${rowIndex}"]`, (r) => r.getAttribute('data-id'));
const numberOf = (id: string | null): number => Number(id?.slice(1));

/** The document the host sends back after a status change or an edit (every row object is new). */
function afterChange(n: number, changed: Record<number, Partial<DatasetPair>>, version: number) {
  return documentMessage(datasetText(n, [], (i) => makePair(i, changed[i] ?? {})), version);
}

describe('dataset editor: first use (Chromium)', function () {
  this.timeout(90_000);
  let view: LoadedView | undefined;
  afterEach(async () => { await view?.close(); view = undefined; });
  after(() => closeBrowser());

  it('reveals the row a Problems entry names: selected, focused and scrolled to, even when it arrives first or is filtered out', async () => {
    view = await loadView('datasetEditor');
    // The reveal arrives before the document (the editor was opened by the Problems link): kept until the row exists.
    await view.post({ kind: 'notify', type: 'dataset.reveal', body: { id: 'p00200' } });
    await view.post(documentMessage(datasetText(300)));
    await view.page.waitForFunction(() => document.activeElement?.getAttribute('data-id') === 'p00200');
    const shown = await view.page.$eval('[data-id="p00200"]', (row) => {
      const r = row.getBoundingClientRect();
      const s = document.querySelector('.grid-scroll')!.getBoundingClientRect();
      return { selected: row.getAttribute('aria-selected'), inView: r.top >= s.top && r.bottom <= s.bottom };
    });
    assert.deepEqual(shown, { selected: 'true', inView: true });
    assert.equal(await view.page.$$eval('[role="row"][aria-selected="true"]', (rs) => rs.length), 1, 'only the revealed row is selected');
    const rendered = (await view.posted()).filter((m) => (m as { type?: string }).type === 'dataset.rendered');
    assert.equal((rendered.at(-1) as { body: { revealed?: string } }).body.revealed, 'p00200');

    // A search that hides the row is cleared so the row can be shown.
    await view.page.fill('input[type="search"]', 'no pair has these words');
    await view.page.waitForFunction(() => document.querySelectorAll('[role="row"][data-id]').length === 0);
    await view.post({ kind: 'notify', type: 'dataset.reveal', body: { id: 'p00007' } });
    await view.page.waitForFunction(() => document.activeElement?.getAttribute('data-id') === 'p00007');
    assert.equal(await view.page.$eval('input[type="search"]', (i) => (i as HTMLInputElement).value), '');
  });

  it('gives the grid the keyboard on open: ArrowDown moves to the second row at once', async () => {
    view = await loadView('datasetEditor');
    await view.post(documentMessage(datasetText(12)));
    await view.page.waitForSelector('.grid-row[aria-rowindex="2"]');
    await view.page.waitForFunction(() => document.activeElement?.classList.contains('grid-row'));
    assert.equal(await focusedId(view), await idAt(view, 2));
    await view.page.keyboard.press('ArrowDown');
    assert.equal(await focusedId(view), await idAt(view, 3));
  });

  it('keeps the focus on the row after a, r and an edit committed with Enter, when the host sends the new document', async () => {
    view = await loadView('datasetEditor');
    await view.post(documentMessage(datasetText(12)));
    await view.page.waitForSelector('.grid-row[aria-rowindex="3"]');
    const first = await idAt(view, 3);
    const second = await idAt(view, 4);
    const a = numberOf(first);
    const b = numberOf(second);
    await view.page.focus('.grid-row[aria-rowindex="3"]');
    await view.page.keyboard.press('a');
    await view.post(afterChange(12, { [a]: { status: 'accepted' } }, 2));
    await view.page.waitForSelector(`.grid-row[data-id="${first}"] .status-accepted`);
    assert.equal(await focusedId(view), first, 'after a');
    await view.page.keyboard.press('ArrowDown');
    assert.equal(await focusedId(view), second, 'arrows work after a');
    await view.page.keyboard.press('r');
    await view.post(afterChange(12, { [a]: { status: 'accepted' }, [b]: { status: 'rejected' } }, 3));
    await view.page.waitForSelector(`.grid-row[data-id="${second}"] .status-rejected`);
    assert.equal(await focusedId(view), second, 'after r');
    await view.page.keyboard.press('Enter');
    await view.page.waitForSelector('textarea.inline-editor');
    await view.page.fill('textarea.inline-editor', 'A clearer question?');
    await view.page.keyboard.press('Enter');
    await view.page.waitForSelector('textarea.inline-editor', { state: 'detached' });
    await view.post(afterChange(12, { [a]: { status: 'accepted' }, [b]: { status: 'edited', question: 'A clearer question?' } }, 4));
    await view.page.waitForFunction((id) => document.querySelector(`.grid-row[data-id="${id}"] [data-field="question"]`)?.textContent === 'A clearer question?', second);
    assert.equal(await focusedId(view), second, 'after Enter');
    await view.page.keyboard.press('ArrowUp');
    assert.equal(await focusedId(view), first, 'arrows work after an edit');
  });

  it('puts no empty histogram bin in the tab order before the search box', async () => {
    view = await loadView('datasetEditor');
    // scores all in one bin: nine bins are empty
    await view.post(documentMessage(datasetText(6, [], (i) => makePair(i, { quality: { score: 0.95, criteria: { grounded: 1, complete: 1, relevant: 1, clear: 1, standalone: 1 }, feedback: 'ok' } }))));
    await view.page.waitForSelector('.scores g[data-bin]');
    const stops = await view.page.$$eval('.scores g[data-bin]', (gs) => gs.filter((g) => g.getAttribute('tabindex') === '0').map((g) => g.getAttribute('data-bin')));
    assert.deepEqual(stops, ['9']);
    // Tab from the top of the page reaches the search box after the non-empty bars only
    await view.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const stopsBefore: string[] = [];
    for (let presses = 0; presses < 30; presses++) {
      await view.page.keyboard.press('Tab');
      const at = await view.page.evaluate(() => (document.activeElement?.classList.contains('search') ? 'search' : document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.tagName ?? ''));
      if (at === 'search') break;
      if (at !== 'BODY') stopsBefore.push(at);
    }
    const barsWithPairs = await view.page.$$eval('.summary g[tabindex="0"]', (gs) => gs.map((g) => g.getAttribute('aria-label')));
    assert.deepEqual(stopsBefore, barsWithPairs);
    assert.ok(!stopsBefore.some((label) => /: 0 pairs/.test(label)), JSON.stringify(stopsBefore));
  });

  it('opens the inline answer editor over no other row: the rows below move down', async () => {
    view = await loadView('datasetEditor');
    await view.post(documentMessage(datasetText(12)));
    await view.page.waitForSelector('.grid-row[aria-rowindex="4"]');
    await view.page.focus('.grid-row[aria-rowindex="2"]');
    await view.page.keyboard.press('F2');
    await view.page.waitForSelector('textarea.inline-editor');
    await view.page.waitForTimeout(100);
    const boxes = await view.page.$$eval('.grid-spacer .grid-row', (rows) => rows.map((r) => {
      const b = r.getBoundingClientRect();
      return { index: Number(r.getAttribute('aria-rowindex')), top: b.top, bottom: b.bottom };
    }).sort((a, b) => a.index - b.index));
    const editor = await view.page.$eval('textarea.inline-editor', (t) => t.getBoundingClientRect().bottom);
    const editing = boxes.find((b) => b.index === 2);
    assert.ok(editing && editor <= editing.bottom + 0.5, `editor bottom ${editor} past its row ${editing?.bottom}`);
    for (let i = 1; i < boxes.length; i++) assert.ok(boxes[i].top >= boxes[i - 1].bottom - 0.5, `row ${boxes[i].index} overlaps row ${boxes[i - 1].index}`);
  });

  it('labels a pair whose source file is gone "source missing", not "source text changed"', async () => {
    view = await loadView('datasetEditor');
    await view.post(documentMessage(datasetText(6)));
    await view.page.waitForSelector('.grid-row[aria-rowindex="3"]');
    const gone = await idAt(view, 2);
    const changed = await idAt(view, 3);
    await view.post({ kind: 'notify', type: 'dataset.stale', body: { ids: [gone, changed], reasons: {
      [gone!]: 'docs/guide.md no longer exists', [changed!]: 'docs/setup.md:4-6 changed or was deleted' } } });
    await view.page.waitForSelector(`.grid-row[data-id="${changed}"] .stale-badge`);
    const badge = (id: string | null) => view!.page.$eval(`.grid-row[data-id="${id}"] .stale-badge`, (b) => [b.textContent, b.getAttribute('title')]);
    assert.deepEqual(await badge(gone), ['source missing', 'Stale: docs/guide.md no longer exists']);
    assert.deepEqual(await badge(changed), ['stale', 'Stale: docs/setup.md:4-6 changed or was deleted']);
  });

  it('offers "Clear filters" when a search matches nothing', async () => {
    view = await loadView('datasetEditor');
    await view.post(documentMessage(datasetText(30)));
    await view.page.waitForSelector('.grid-row');
    await view.page.check('input[data-filter="Below threshold"]');
    await view.page.fill('input.search', 'no such words anywhere');
    await view.page.waitForSelector('.empty button[aria-label="Clear filters"]');
    await view.page.click('.empty button[aria-label="Clear filters"]');
    await view.page.waitForFunction(() => document.querySelector('.pair-count')?.textContent === '30 pairs');
    assert.equal(await view.page.$eval('input.search', (i) => (i as HTMLInputElement).value), '');
    assert.equal(await view.page.$eval('input[data-filter="Below threshold"]', (i) => (i as HTMLInputElement).checked), false);
    assert.equal(await view.page.$('.empty button'), null);
  });

  it('writes a one-line source as "file:3", keeps a line range on one line, and says "kept as is" for one malformed line', async () => {
    view = await loadView('datasetEditor', { viewport: { width: 700, height: 700 } });
    const oneLine = makePair(0, { source: { path: 'docs/a-rather-long-folder-name/and-a-long-file-name.md', start_line: 3, end_line: 3, span_hash: '0'.repeat(16) } });
    const range = makePair(1, { source: { path: 'docs/a-rather-long-folder-name/and-a-long-file-name.md', start_line: 1234, end_line: 1240, span_hash: '1'.repeat(16) } });
    await view.post(documentMessage(datasetText(2, ['not json'], (i) => (i === 0 ? oneLine : range))));
    await view.page.waitForSelector('.grid-row[aria-rowindex="3"]');
    const links = await view.page.$$eval('.grid-spacer .grid-row button.link', (bs) => bs.map((b) => b.textContent));
    assert.ok(links.includes('docs/a-rather-long-folder-name/and-a-long-file-name.md:3'), JSON.stringify(links));
    assert.ok(links.includes('docs/a-rather-long-folder-name/and-a-long-file-name.md:1234-1240'), JSON.stringify(links));
    const rangeLines = await view.page.$$eval('.grid-spacer .grid-row button.link .lines', (spans) => spans.map((s) => s.getClientRects().length));
    assert.ok(rangeLines.every((n) => n === 1), `a line range wraps: ${rangeLines}`);
    assert.match(await view.page.$eval('.invalid-lines h2', (e) => e.textContent ?? ''), /1 malformed line \(kept as is when saving\)/);
  });

  it('at half width shows Question, Answer, Score, Status and accept/reject without sideways scrolling, the table above the fold', async () => {
    view = await loadView('datasetEditor', { viewport: { width: 640, height: 720 } });
    await view.post(documentMessage(datasetText(40)));
    await view.page.waitForSelector('.grid-row[aria-rowindex="2"]');
    const scroller = await view.page.$eval('.grid-scroll', (s) => ({ scroll: s.scrollWidth, client: s.clientWidth, top: s.getBoundingClientRect().top }));
    assert.ok(scroller.scroll <= scroller.client, `the table scrolls sideways: ${scroller.scroll} > ${scroller.client}`);
    assert.ok(scroller.top < 720 / 2, `the table starts at ${scroller.top}px, below half the view`);
    const right = await view.page.$eval('.grid-row[aria-rowindex="2"]', (r) => ['.col-5', '.col-6', 'button[aria-label="Accept"]', 'button[aria-label="Reject"]']
      .map((sel) => r.querySelector(sel)!.getBoundingClientRect()).map((b) => ({ right: b.right, width: b.width })));
    for (const b of right) assert.ok(b.width > 0 && b.right <= 640, JSON.stringify(right));
  });

  for (const theme of [LIGHT, DARK]) {
    it(`draws the "accepted" badge with readable contrast in the ${theme.name} theme`, async () => {
      view = await loadView('datasetEditor', { theme });
      await view.post(documentMessage(datasetText(12)));
      await view.page.waitForSelector('.status-accepted');
      const ratio = await view.page.$eval('.status-accepted', (el) => {
        const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
        const lum = ([r, g, b]: number[]) => {
          const f = (v: number) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
          return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
        };
        // the badge's tint is drawn over the row: blend it the way the browser does
        const bg = rgb(getComputedStyle(el).backgroundColor);
        const row = rgb(getComputedStyle(el.closest('.grid-row')!).backgroundColor);
        const a = bg.length === 4 ? bg[3] : 1;
        const shown = [0, 1, 2].map((i) => bg[i] * a + row[i] * (1 - a));
        const fg = lum(rgb(getComputedStyle(el).color));
        const back = lum(shown);
        return (Math.max(fg, back) + 0.05) / (Math.min(fg, back) + 0.05);
      });
      assert.ok(ratio >= 4.5, `contrast ${ratio.toFixed(2)} below 4.5:1`);
    });
  }
});
