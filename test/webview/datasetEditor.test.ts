/** The dataset editor in headless Chromium: table, summary, editing, filters, bulk intents, safety, 10k pairs. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDataset } from '../../src/core/dataset';
import type { Envelope } from '../../src/shared/protocol';
import { ROOT, buildWebviews } from './support/bundle';
import { artifactPath, closeBrowser, type LoadedView, loadView } from './support/browser';
import { datasetText, documentMessage, makePair, SHOWCASE_SIZE, showcasePair } from './support/datasetFixture';
import { HOSTILE, INJECTION_PROBE } from './support/payloads';
import { DARK, HIGH_CONTRAST, LIGHT } from './support/themes';

type Posted = Envelope & { type?: string; body?: Record<string, unknown>; params?: Record<string, unknown> };

async function lastPosted(view: LoadedView, type: string): Promise<Posted | undefined> {
  const all = (await view.posted()) as Posted[];
  return all.filter((m) => m.type === type).at(-1);
}

async function shownQuestions(view: LoadedView): Promise<string[]> {
  return view.page.$$eval('.grid-spacer .grid-row', (rows) => rows
    .sort((a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')))
    .map((r) => r.querySelector('[data-field="question"]')?.textContent ?? ''));
}

async function countText(view: LoadedView): Promise<string> {
  return view.page.$eval('.pair-count', (e) => e.textContent ?? '');
}

describe('dataset editor (Chromium)', function () {
  this.timeout(90_000);
  let view: LoadedView | undefined;
  afterEach(async () => { await view?.close(); view = undefined; });
  after(() => closeBrowser());

  it('draws the rows, the summary strip and the malformed lines of a document', async () => {
    view = await loadView('datasetEditor');
    const text = datasetText(40, ['{"id": "broken", "question": ', 'not json at all']);
    await view.post(documentMessage(text));
    await view.page.waitForSelector('.grid-spacer .grid-row');
    assert.equal(await countText(view), '40 pairs');
    const rendered = await lastPosted(view, 'dataset.rendered');
    assert.deepEqual(rendered?.body && { total: rendered.body.total, invalid: rendered.body.invalid }, { total: 40, invalid: 2 });
    const lines = await view.page.$$eval('.invalid-lines li', (lis) => lis.map((li) => li.getAttribute('data-line')));
    assert.deepEqual(lines, ['41', '42']);
    // Histogram: 10 bins summing to the scored pairs; threshold marker at 0.7 of the width.
    const bars = await view.page.$$eval('.scores g[data-bin]', (gs) => gs.map((g) => g.getAttribute('aria-label')));
    assert.equal(bars.length, 10);
    const total = bars.reduce((sum, label) => sum + Number(/: (\d+) pairs?/.exec(label ?? '')?.[1] ?? 0), 0);
    assert.equal(total, 40);
    assert.equal(await view.page.$eval('.scores line.threshold', (l) => l.getAttribute('data-threshold')), '0.7');
    const types = await view.page.$$eval('.summary-chart.type g[data-type]', (gs) => gs.map((g) => g.getAttribute('data-type')));
    assert.deepEqual([...types].sort(), ['analysis', 'application', 'conceptual', 'factual']);
    // Only as many DOM rows as fit (virtualised), not all 40... and a row shows the pair's fields.
    const first = await view.page.$eval('.grid-row[aria-rowindex="2"]', (r) => [...r.querySelectorAll('[role="gridcell"]')].map((c) => c.textContent));
    const firstPair = parseDataset(text)[0];
    assert.equal(first[1], firstPair.kind === 'pair' ? firstPair.pair.question : 'no pair');
  });

  it('edits a question inline with the keyboard and sends the edit intent; Escape cancels', async () => {
    view = await loadView('datasetEditor');
    await view.post(documentMessage(datasetText(20)));
    await view.page.waitForSelector('.grid-row[aria-rowindex="2"]');
    await view.page.focus('.grid-row[aria-rowindex="2"]');
    await view.page.keyboard.press('ArrowDown');
    await view.page.keyboard.press('Enter');
    await view.page.waitForSelector('textarea.inline-editor');
    const focusedRowId = await view.page.$eval('.grid-row.editing', (r) => r.getAttribute('data-id'));
    await view.page.fill('textarea.inline-editor', 'What is the <b>new</b> question?');
    await view.page.keyboard.press('Enter');
    await view.page.waitForSelector('textarea.inline-editor', { state: 'detached' });
    const edit = await lastPosted(view, 'dataset.edit');
    assert.deepEqual(edit?.body, { id: focusedRowId, field: 'question', value: 'What is the <b>new</b> question?' });
    assert.equal(await view.page.$eval(`.grid-row[data-id="${focusedRowId}"] .status`, (s) => s.textContent), 'edited');
    // Escape leaves the answer as it was and sends nothing.
    const before = ((await view.posted()) as Posted[]).length;
    await view.page.keyboard.press('F2');
    await view.page.waitForSelector('textarea.inline-editor');
    await view.page.fill('textarea.inline-editor', 'discarded');
    await view.page.keyboard.press('Escape');
    await view.page.waitForSelector('textarea.inline-editor', { state: 'detached' });
    assert.equal(((await view.posted()) as Posted[]).length, before);
    assert.equal(await view.page.evaluate(() => document.activeElement?.getAttribute('data-id')), focusedRowId, 'focus returns to the row');
  });

  it('accepts and rejects with buttons and keys, and selects with Space', async () => {
    view = await loadView('datasetEditor');
    await view.post(documentMessage(datasetText(10)));
    await view.page.waitForSelector('.grid-row[aria-rowindex="3"]');
    await view.page.click('.grid-row[aria-rowindex="3"] button[aria-label="Reject"]');
    const id3 = await view.page.$eval('.grid-row[aria-rowindex="3"]', (r) => r.getAttribute('data-id'));
    assert.deepEqual((await lastPosted(view, 'dataset.setStatus'))?.body, { ids: [id3], status: 'rejected' });
    await view.page.focus('.grid-row[aria-rowindex="2"]');
    await view.page.keyboard.press('a');
    const id2 = await view.page.$eval('.grid-row[aria-rowindex="2"]', (r) => r.getAttribute('data-id'));
    assert.deepEqual((await lastPosted(view, 'dataset.setStatus'))?.body, { ids: [id2], status: 'accepted' });
    await view.page.keyboard.press(' ');
    await view.page.keyboard.press('ArrowDown');
    await view.page.keyboard.press(' ');
    await view.page.click('button[aria-label="Reject selected"]');
    assert.deepEqual((await lastPosted(view, 'dataset.setStatus'))?.body, { ids: [id2, id3], status: 'rejected' });
  });

  it('filters by search text, toggles and selects, and by clicking summary bars', async () => {
    view = await loadView('datasetEditor');
    await view.post(documentMessage(datasetText(120)));
    await view.page.waitForSelector('.grid-row');
    await view.page.fill('input.search', 'case 17?');
    await view.page.waitForFunction(() => document.querySelector('.pair-count')?.textContent === '1 of 120 pairs');
    assert.deepEqual(await shownQuestions(view), [makePair(17).question]);
    await view.page.fill('input.search', '');
    await view.page.waitForFunction(() => document.querySelector('.pair-count')?.textContent === '120 pairs');

    await view.page.check('input[data-filter="Below threshold"]');
    const below = Array.from({ length: 120 }, (_, i) => makePair(i)).filter((p) => (p.quality?.score ?? 0) < 0.7).length;
    assert.equal(await countText(view), `${below} of 120 pairs`);
    await view.page.uncheck('input[data-filter="Below threshold"]');

    await view.page.selectOption('select[data-filter="Status"]', 'accepted');
    const accepted = Array.from({ length: 120 }, (_, i) => makePair(i)).filter((p) => p.status === 'accepted').length;
    assert.equal(await countText(view), `${accepted} of 120 pairs`);
    await view.page.selectOption('select[data-filter="Status"]', '');

    await view.page.click('.summary-chart.type g[data-type="analysis"]');
    assert.equal(await countText(view), '30 of 120 pairs');
    assert.equal(await view.page.$eval('select[data-filter="Type"]', (s) => (s as HTMLSelectElement).value), 'analysis');
    await view.page.click('.summary-chart.source g[data-source="README.md"]');
    assert.equal(await countText(view), '10 of 120 pairs', 'analysis ∩ README.md');
    await view.page.click('.summary-chart.type g[data-type="analysis"]');
    assert.equal(await countText(view), '20 of 120 pairs', 'clicking the active bar clears its filter');
    // Score bin from the histogram.
    await view.page.click('.summary-chart.source g[data-source="README.md"]');
    await view.page.focus('.scores g[data-bin="9"]');
    await view.page.keyboard.press('Enter');
    const inBin = Array.from({ length: 120 }, (_, i) => makePair(i)).filter((p) => (p.quality?.score ?? 0) >= 0.9).length;
    assert.equal(await countText(view), `${inBin} of 120 pairs`);
  });

  it('shows stale pairs, filters them, and sends regenerate intents with the right pairs', async () => {
    view = await loadView('datasetEditor');
    await view.post(documentMessage(datasetText(30)));
    await view.page.waitForSelector('.grid-row');
    await view.post({ kind: 'notify', type: 'dataset.stale', body: { ids: [makePair(4).id, makePair(9).id] } });
    await view.page.waitForSelector('.stale-badge');
    await view.page.check('input[data-filter="Stale"]');
    assert.equal(await countText(view), '2 of 30 pairs');
    await view.page.click('button[aria-label="Regenerate stale (2)"]');
    const request = (await lastPosted(view, 'dataset.regenerate')) as Extract<Envelope, { kind: 'request' }>;
    assert.deepEqual(request.params, { scope: 'stale', ids: [makePair(4).id, makePair(9).id] });
    await view.post({ kind: 'notify', type: 'dataset.busy', body: { message: 'Regenerating 2 pairs…' } });
    await view.page.waitForFunction(() => document.querySelector('.banner')?.textContent?.includes('Regenerating'));
    assert.equal(await view.page.isDisabled('button[aria-label="Regenerate stale (2)"]'), true);
    await view.post({ kind: 'reply', id: request.id, ok: true, result: { regenerated: 2, skipped: 0, message: 'Regenerated 2 pairs. Undo with Ctrl+Z.' } });
    await view.post({ kind: 'notify', type: 'dataset.busy', body: { message: null } });
    await view.page.waitForFunction(() => document.querySelector('.banner')?.textContent === 'Regenerated 2 pairs. Undo with Ctrl+Z.');

    await view.page.uncheck('input[data-filter="Stale"]');
    await view.page.click('button[aria-label^="Regenerate below threshold"]');
    const below = (await lastPosted(view, 'dataset.regenerate')) as Extract<Envelope, { kind: 'request' }>;
    const expected = Array.from({ length: 30 }, (_, i) => makePair(i)).filter((p) => (p.quality?.score ?? 0) < 0.7).map((p) => p.id).sort();
    assert.deepEqual({ ...(below.params as { scope: string; ids: string[] }), ids: [...(below.params as { ids: string[] }).ids].sort() }, { scope: 'below-threshold', ids: expected });
  });

  it('restores its filter from the saved webview state, and ignores a malformed one', async () => {
    const filter = { text: '', belowThreshold: false, stale: false, questionType: 'factual', difficulty: null, status: null, source: null, scoreBin: null };
    view = await loadView('datasetEditor', { savedState: { filter } });
    await view.post(documentMessage(datasetText(40)));
    await view.page.waitForFunction(() => document.querySelector('.pair-count')?.textContent === '10 of 40 pairs');
    assert.equal(await view.page.$eval('select[data-filter="Type"]', (s) => (s as HTMLSelectElement).value), 'factual');
    await view.close();
    view = await loadView('datasetEditor', { savedState: { filter: { ...filter, scoreBin: 'all' } } });
    await view.post(documentMessage(datasetText(40)));
    await view.page.waitForFunction(() => document.querySelector('.pair-count')?.textContent === '40 pairs');
  });

  it('asks the host to go to a pair\'s source', async () => {
    view = await loadView('datasetEditor');
    await view.post(documentMessage(datasetText(5)));
    await view.page.waitForSelector('.grid-row');
    await view.page.click('.grid-row[aria-rowindex="2"] button.link');
    const request = (await lastPosted(view, 'dataset.goToSource')) as Extract<Envelope, { kind: 'request' }>;
    const id = await view.page.$eval('.grid-row[aria-rowindex="2"]', (r) => r.getAttribute('data-id'));
    assert.deepEqual(request.params, { id });
    await view.post({ kind: 'reply', id: request.id, ok: true, result: { opened: false, message: 'docs/guide.md no longer exists.' } });
    await view.page.waitForFunction(() => document.querySelector('.banner')?.textContent === 'docs/guide.md no longer exists.');
  });

  it('keeps document text carrying HTML and script payloads inert', async () => {
    view = await loadView('datasetEditor');
    const text = datasetText(HOSTILE.length, [HOSTILE[0], `{"id":"${HOSTILE[1].replace(/"/g, '\\"')}"}`], (i) => makePair(i, {
      question: HOSTILE[i], answer: HOSTILE[(i + 1) % HOSTILE.length], question_type: HOSTILE[(i + 2) % HOSTILE.length],
      source: { path: HOSTILE[(i + 3) % HOSTILE.length], start_line: 1, end_line: 2, span_hash: '00000000000000ff' },
      quality: { score: 0.5, criteria: {}, feedback: HOSTILE[(i + 4) % HOSTILE.length] },
    }));
    await view.post(documentMessage(text));
    await view.page.waitForSelector('.grid-row');
    await view.page.waitForTimeout(300);
    const probe = await view.page.evaluate(INJECTION_PROBE) as { pwned: unknown; scripts: number; injected: number };
    assert.deepEqual(probe, { pwned: null, scripts: 1, injected: 0 });
    const questions = await view.page.$$eval('[data-field="question"]', (cells) => cells.map((c) => c.textContent));
    for (const payload of HOSTILE) assert.ok(questions.includes(payload), `shown as text: ${payload}`);
    const raws = await view.page.$$eval('.invalid-lines code', (cs) => cs.map((c) => c.textContent));
    assert.ok(raws.includes(HOSTILE[0]));
    // Edit a payload in too: still text.
    await view.page.dblclick('.grid-row[aria-rowindex="2"] [data-field="answer"]');
    await view.page.fill('textarea.inline-editor', HOSTILE[1]);
    await view.page.keyboard.press('Enter');
    await view.page.waitForTimeout(100);
    assert.deepEqual(await view.page.evaluate(INJECTION_PROBE), { pwned: null, scripts: 1, injected: 0 });
    assert.deepEqual(await view.violations(), []);
  });

  it('loads 10,000 pairs with only the visible rows in the DOM, and scrolls to the end', async () => {
    view = await loadView('datasetEditor');
    const text = datasetText(10_000);
    await view.post(documentMessage(text));
    await view.page.waitForFunction(() => document.querySelector('.pair-count')?.textContent === '10000 pairs');
    const domRows = await view.page.$$eval('.grid-spacer .grid-row', (r) => r.length);
    assert.ok(domRows > 5 && domRows < 60, `virtualised: ${domRows} rows in the DOM`);
    await view.page.focus('.grid-row[aria-rowindex="2"]');
    await view.page.keyboard.press('End');
    await view.page.waitForSelector('.grid-row[aria-rowindex="10001"]');
    assert.equal(await view.page.evaluate(() => document.activeElement?.getAttribute('aria-rowindex')), '10001');
    await view.page.fill('input.search', 'docs/faq.md');
    await view.page.waitForFunction(() => /of 10000 pairs/.test(document.querySelector('.pair-count')?.textContent ?? ''));
  });

  it('does not bundle mermaid into the dataset editor', async () => {
    const dist = await buildWebviews();
    const editor = fs.statSync(path.join(dist, 'datasetEditor.js')).size;
    const pipeline = fs.statSync(path.join(dist, 'pipeline.js')).size;
    const diagram = fs.statSync(path.join(dist, 'pipelineDiagram.js')).size;
    assert.ok(editor < 200_000, `dataset editor bundle is ${editor} bytes`);
    // The pipeline view itself is small too: mermaid is its own bundle, loaded after the view's first paint.
    assert.ok(pipeline < 200_000, `pipeline view bundle is ${pipeline} bytes`);
    assert.ok(diagram > 1_000_000, 'the diagram bundle carries mermaid');
    assert.doesNotMatch(fs.readFileSync(path.join(dist, 'datasetEditor.js'), 'utf8'), /stateDiagram|flowchart-v2|dagre-wrapper/);
  });

  for (const theme of [LIGHT, DARK, HIGH_CONTRAST]) {
    it(`takes a screenshot in the ${theme.name} theme`, async () => {
      view = await loadView('datasetEditor', { theme, viewport: { width: 1280, height: 760 } });
      await view.post(documentMessage(datasetText(SHOWCASE_SIZE, ['{"id": "q9c1", "question": "What does the cache directory'], showcasePair)));
      await view.post({ kind: 'notify', type: 'dataset.stale', body: { ids: [showcasePair(3).id, showcasePair(11).id] } });
      await view.page.waitForSelector('.grid-row[aria-rowindex="4"]');
      await view.page.click('.grid-row[aria-rowindex="3"] input[type="checkbox"]');
      await view.page.click('.grid-row[aria-rowindex="5"] input[type="checkbox"]');
      await view.page.focus('.grid-row[aria-rowindex="2"]');
      await view.page.evaluate(() => document.fonts.ready);
      const file = artifactPath(`dataset-editor-${theme.name}.png`);
      await view.page.screenshot({ path: file });
      assert.ok(fs.statSync(file).size > 10_000);
      if (theme === DARK) fs.copyFileSync(file, path.join(ROOT, 'media/screenshots/dataset-editor.png'));
    });
  }
});
