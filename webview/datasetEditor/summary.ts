/**
 * The summary strip above the table, drawn as inline SVG with DOM calls (labels are text nodes): a histogram
 * of quality scores with the threshold marked, the mix of question types and of difficulties, and pairs per
 * source file. Every bar is a button that sets the matching filter.
 */
import { counted } from '../../src/shared/labels';
import { pairKind } from '../../src/shared/protocol';
import { h, svg } from '../common/dom';
import { type Filter, SCORE_BINS, type Summary } from './model';

/** Filter changes a click on a bar asks for (toggles: clicking the active bar clears it). */
export type FilterPatch = Partial<Filter>;

const BAR_W = 18;
const CHART_H = 64;
const LABEL_H = 14;

/** A bar that filters; an empty bar (no pairs) stays clickable but is no tab stop on the way to the search box. */
function barButton(node: SVGElement, label: string, active: boolean, onActivate: () => void, empty = false): SVGElement {
  node.setAttribute('role', 'button');
  node.setAttribute('tabindex', empty && !active ? '-1' : '0');
  node.setAttribute('aria-label', label);
  node.setAttribute('aria-pressed', String(active));
  node.classList.add('bar');
  if (active) node.classList.add('active');
  const title = svg('title');
  title.textContent = label;
  node.append(title);
  node.addEventListener('click', onActivate);
  node.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onActivate();
    }
  });
  return node;
}

function text(x: number, y: number, value: string, anchor: 'start' | 'middle' | 'end' = 'middle', className = 'axis'): SVGTextElement {
  const t = svg('text', { x, y, 'text-anchor': anchor, class: className });
  t.textContent = value;
  return t;
}

function histogram(summary: Summary, threshold: number, filter: Filter, set: (p: FilterPatch) => void): SVGSVGElement {
  const max = Math.max(1, ...summary.scoreBins);
  const width = SCORE_BINS * (BAR_W + 2);
  const chart = svg('svg', { width, height: CHART_H + LABEL_H, viewBox: `0 0 ${width} ${CHART_H + LABEL_H}`, class: 'chart', 'aria-label': 'Quality scores' });
  summary.scoreBins.forEach((count, bin) => {
    const height = count === 0 ? 1 : Math.max(2, (count / max) * (CHART_H - 4));
    const lo = bin / SCORE_BINS;
    const below = lo + 1 / SCORE_BINS <= threshold;
    const group = svg('g', { 'data-bin': bin });
    group.append(svg('rect', { x: bin * (BAR_W + 2), y: 0, width: BAR_W, height: CHART_H, class: 'hit' }));
    group.append(svg('rect', { x: bin * (BAR_W + 2), y: CHART_H - height, width: BAR_W, height, class: below ? 'fill below' : 'fill' }));
    chart.append(barButton(group, `Score ${lo.toFixed(1)}–${(lo + 0.1).toFixed(1)}: ${counted(count, 'pair')}`, filter.scoreBin === bin,
      () => set({ scoreBin: filter.scoreBin === bin ? null : bin }), count === 0));
  });
  const x = Math.min(width - 1, threshold * width);
  const marker = svg('line', { x1: x, x2: x, y1: 0, y2: CHART_H, class: 'threshold', 'data-threshold': threshold });
  chart.append(marker, text(0, CHART_H + LABEL_H - 2, '0', 'start'), text(width, CHART_H + LABEL_H - 2, '1', 'end'),
    text(x, CHART_H + LABEL_H - 2, threshold.toFixed(2), 'middle', 'axis threshold-label'));
  return chart;
}

function horizontalBars(
  title: string, entries: Array<[string, number]>, isActive: (key: string) => boolean, onClick: (key: string) => void, limit: number, kind: string,
): HTMLElement {
  const shown = entries.slice(0, limit);
  const max = Math.max(1, ...shown.map(([, n]) => n));
  const rowH = 14;
  const labelW = 140;
  const barMax = 120;
  const height = Math.max(rowH, shown.length * rowH);
  const chart = svg('svg', { width: labelW + barMax + 40, height, class: 'chart', 'aria-label': title });
  shown.forEach(([key, count], i) => {
    const y = i * rowH;
    const group = svg('g', { [`data-${kind}`]: key });
    group.append(svg('rect', { x: 0, y, width: labelW + barMax + 40, height: rowH, class: 'hit' }));
    const label = key.length > 24 ? `…${key.slice(-23)}` : key;
    group.append(text(labelW - 4, y + rowH - 3, label, 'end', 'label'));
    group.append(svg('rect', { x: labelW, y: y + 2, width: Math.max(2, (count / max) * barMax), height: rowH - 4, class: `fill ${kind}-${i % 6}` }));
    group.append(text(labelW + Math.max(2, (count / max) * barMax) + 4, y + rowH - 3, String(count), 'start', 'count'));
    chart.append(barButton(group, `${title} ${key}: ${counted(count, 'pair')}`, isActive(key), () => onClick(key)));
  });
  const more = entries.length - shown.length;
  return h('figure', { className: `summary-chart ${kind}` }, [
    h('figcaption', { text: more > 0 ? `${title} (top ${limit} of ${entries.length})` : title }), chart,
  ]);
}

/** Draws the strip into `host` (replacing what was there). */
export function drawSummary(host: HTMLElement, summary: Summary, threshold: number, filter: Filter, set: (p: FilterPatch) => void): void {
  const scored = summary.scoreBins.reduce((a, b) => a + b, 0);
  host.replaceChildren(
    h('figure', { className: 'summary-chart scores' }, [
      h('figcaption', { text: `Quality scores (${scored} scored${summary.unscored ? `, ${summary.unscored} unscored` : ''})` }),
      histogram(summary, threshold, filter, set),
    ]),
    horizontalBars('Question types', summary.types, (k) => filter.questionType === k,
      (k) => set({ questionType: filter.questionType === k ? null : k }), 6, 'type'),
    horizontalBars('Difficulty', summary.difficulties, (k) => filter.difficulty === k,
      (k) => set({ difficulty: filter.difficulty === k ? null : k }), 4, 'difficulty'),
    // Only a dataset with other kinds than single_hop shows the chart: files from before kinds look as they did.
    ...(summary.kinds.some(([k]) => k !== 'single_hop')
      ? [horizontalBars('Kinds', summary.kinds.map(([k, n]): [string, number] => [k, n]), (k) => filter.kind === k,
        (k) => set({ kind: filter.kind === k || !pairKind(k) ? null : k }), 4, 'kind')]
      : []),
    horizontalBars('Pairs per source', summary.sources, (k) => filter.source === k,
      (k) => set({ source: filter.source === k ? null : k }), 6, 'source'),
  );
}
