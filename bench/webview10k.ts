/**
 * Dataset editor with 10,000 pairs in headless Chromium: how long the webview takes to take in the document
 * and draw it (message handled + next frame), and to filter it (search and a type filter, each applied
 * synchronously, + next frame). Also prints the host-side parse + row conversion time. Medians of 5 runs.
 * Prints `{webview10kLoadMs, webview10kFilterMs}` as the last line. Targets: load < 300 ms, filter < 50 ms.
 */
import { parseDataset } from '../src/core/dataset';
import { entriesToView } from '../src/host/editor/datasetRows';
import { closeBrowser, loadView } from '../test/webview/support/browser';
import { datasetText, documentMessage } from '../test/webview/support/datasetFixture';

const RUNS = 5;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const text = datasetText(10_000);
  const hostMs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    entriesToView(parseDataset(text));
    hostMs.push(performance.now() - t0);
  }
  const view = await loadView('datasetEditor', { viewport: { width: 1280, height: 800 } });
  const load: number[] = [];
  const filter: number[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      const message = documentMessage(text, run + 1);
      await view.page.evaluate((m) => { (window as unknown as { __doc: unknown }).__doc = m; }, message);
      load.push(await view.page.evaluate(() => new Promise<number>((resolve) => {
        const t0 = performance.now();
        window.dispatchEvent(new MessageEvent('message', { data: (window as unknown as { __doc: unknown }).__doc }));
        requestAnimationFrame(() => resolve(performance.now() - t0));
      })));
      for (const needle of ['docs/faq.md', 'case 4', '']) {
        filter.push(await view.page.evaluate((value) => new Promise<number>((resolve) => {
          const input = document.querySelector<HTMLInputElement>('input.search')!;
          input.value = value;
          const t0 = performance.now();
          input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
          requestAnimationFrame(() => resolve(performance.now() - t0));
        }), needle));
      }
      filter.push(await view.page.evaluate(() => new Promise<number>((resolve) => {
        const select = document.querySelector<HTMLSelectElement>('select[data-filter="Type"]')!;
        select.value = select.value === '' ? 'analysis' : '';
        const t0 = performance.now();
        select.dispatchEvent(new Event('change'));
        requestAnimationFrame(() => resolve(performance.now() - t0));
      })));
    }
    const rows = await view.page.$$eval('.grid-spacer .grid-row', (r) => r.length);
    const figures = {
      webview10kLoadMs: Math.round(median(load) * 10) / 10,
      webview10kFilterMs: Math.round(median(filter) * 10) / 10,
    };
    console.log(`host parse + rows, 10,000 pairs: ${median(hostMs).toFixed(1)} ms (median of ${RUNS})`);
    console.log(`webview load + first frame, 10,000 pairs: ${figures.webview10kLoadMs} ms (median of ${RUNS}; runs ${load.map((x) => x.toFixed(0)).join(', ')})`);
    console.log(`webview filter + next frame, 10,000 pairs: ${figures.webview10kFilterMs} ms (median of ${filter.length}; max ${Math.max(...filter).toFixed(1)})`);
    console.log(`rows in the DOM after the last filter: ${rows}`);
    console.log(JSON.stringify(figures));
  } finally {
    await view.close();
    await closeBrowser();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
