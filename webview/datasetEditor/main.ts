/**
 * Dataset editor entry: a view of the `.qa.jsonl` TextDocument the host owns. It draws the summary strip, the
 * filterable virtualised table and the malformed lines, and sends the user's intents (edit, accept/reject,
 * regenerate, go to source) to the host, which turns them into undoable document edits.
 */
import '@vscode/codicons/dist/codicon.css';
import { bool, isRecord, nullable, num, object, optional, str } from '../../src/shared/guards';
import { counted } from '../../src/shared/labels';
import { datasetProtocol, PAIR_KIND_ORDER, pairKind, pairStatus, type RegenerateScope } from '../../src/shared/protocol';
import { openChannel } from '../common/channel';
import { button, h, icon } from '../common/dom';
import { vscodeApi } from '../common/vscodeApi';
import { drawDetail } from './detail';
import { DatasetModel, type Filter, noFilter, summarize } from './model';
import { drawQuality } from './quality';
import { drawSummary } from './summary';
import { PairTable } from './table';
import { Toolbar } from './toolbar';

/** The filter saved with the webview's state (checked: the state may come from an older version). */
const savedFilter = object({
  text: str, belowThreshold: bool, stale: bool, questionType: nullable(str), difficulty: nullable(str),
  status: nullable(pairStatus), source: nullable(str), scoreBin: nullable(num),
  /** Absent in states saved before kinds. */
  kind: optional(nullable(pairKind)),
});

const model = new DatasetModel();
let filter: Filter = restoreFilter();
let busy: string | null = null;
let notice = '';

function restoreFilter(): Filter {
  const saved = vscodeApi().getState();
  const filter = isRecord(saved) ? saved.filter : undefined;
  return savedFilter(filter) ? { ...filter, kind: filter.kind ?? null } : noFilter();
}

const root = document.getElementById('app') ?? document.body;
const summaryHost = h('div', { className: 'summary', attrs: { 'aria-label': 'Dataset summary' } });
const banner = h('div', { className: 'banner', attrs: { role: 'status', 'aria-live': 'polite' } });
/** The quality report (the gates of `qaforge check --quality`), as the host computed it on open and save. */
const qualityHost = h('section', { className: 'quality-report', attrs: { 'aria-label': 'Quality report' } });
const detailHost = h('section', { className: 'pair-detail', attrs: { 'aria-label': 'Pair detail' } });
const invalidHost = h('section', { className: 'invalid-lines', attrs: { 'aria-label': 'Malformed lines' } });
const empty = h('p', { className: 'empty muted' });

const toolbar = new Toolbar({
  setFilter: (patch) => setFilter(patch),
  regenerate: (scope) => { void regenerate(scope); },
  setStatusOfSelected: (status) => {
    if (model.selected.size) messenger.notify('dataset.setStatus', { ids: [...model.selected], status });
  },
  clearSelection: () => { model.selected.clear(); table.refresh(); drawToolbar(); },
});

const table = new PairTable(model, {
  edit: (id, field, value) => messenger.notify('dataset.edit', { id, field, value }),
  setStatus: (ids, status) => messenger.notify('dataset.setStatus', { ids, status }),
  goToSource: (id) => goToSource(id),
  selectionChanged: () => drawToolbar(),
  focusChanged: () => drawDetailPane(),
});

root.replaceChildren(summaryHost, toolbar.element, banner, qualityHost, invalidHost, table.element, empty, detailHost);
table.mount();

/** Opens a span of a pair (the primary one unless `span` says which) through the host. */
function goToSource(id: string, span?: number): void {
  messenger.request('dataset.goToSource', span === undefined ? { id } : { id, span }).then(
    (r) => { if (!r.opened) showNotice(r.message ?? 'The source could not be opened.'); },
    (e: Error) => showNotice(e.message),
  );
}

/**
 * The focused pair in full. The pane exists only in a dataset holding a pair with a conversation or several
 * sources, so files of single-hop pairs keep the layout they had, and the pane does not come and go while arrowing.
 */
function drawDetailPane(): void {
  const needed = model.rows.some((r) => r.turns.length > 0 || r.sources.length > 1);
  const id = table.focusedId();
  drawDetail(detailHost, needed && id !== undefined ? model.row(id) : undefined, goToSource);
}

function showNotice(text: string): void {
  notice = text;
  drawBanner();
}

function drawBanner(): void {
  const parts: Node[] = [];
  if (busy) parts.push(icon('loading codicon-modifier-spin'), h('span', { text: busy }));
  else if (notice) parts.push(icon('info'), h('span', { text: notice }));
  banner.replaceChildren(...parts);
}

function drawToolbar(shown = table.shownIds().length): void {
  const types = [...new Set(model.rows.map((r) => r.questionType))].sort();
  const sources = [...new Set(model.rows.map((r) => r.source))].sort();
  const difficulties = [...new Set(model.rows.map((r) => r.difficulty))].sort();
  const kinds = PAIR_KIND_ORDER.filter((k) => model.rows.some((r) => r.kind === k));
  toolbar.update(filter, { types, sources, difficulties, kinds }, {
    shown, total: model.rows.length, selected: model.selected.size, below: model.belowThresholdIds().length, stale: model.stale.size,
  }, busy !== null);
}

function drawInvalid(): void {
  if (model.invalid.length === 0) {
    invalidHost.replaceChildren();
    return;
  }
  invalidHost.replaceChildren(
    h('h2', {}, [icon('error'), ` ${counted(model.invalid.length, 'malformed line')} (${model.invalid.length === 1 ? 'kept as is' : 'kept as they are'} when saving)`]),
    h('ul', {}, model.invalid.slice(0, 50).map((bad) => h('li', { attrs: { 'data-line': String(bad.line) } }, [
      h('span', { className: 'line-no', text: `Line ${bad.line}` }),
      h('span', { className: 'error-text', text: bad.error }),
      h('code', { text: bad.raw.length > 200 ? `${bad.raw.slice(0, 200)}…` : bad.raw }),
    ]))),
  );
}

/** Re-applies the filter and redraws what depends on it. */
function applyFilter(): number {
  const indices = model.apply(filter);
  table.setRows(indices);
  drawEmpty(indices.length);
  drawSummary(summaryHost, summarize(model.rows), model.threshold, filter, setFilter);
  drawToolbar(indices.length);
  vscodeApi().setState({ filter });
  return indices.length;
}

/** What an empty table says; a search or filter that matches nothing offers to clear them. */
function drawEmpty(shown: number): void {
  if (model.rows.length === 0) empty.replaceChildren('This dataset has no pairs yet.');
  else if (shown > 0) empty.replaceChildren();
  else {
    empty.replaceChildren(h('span', { text: 'No pair matches the filters. ' }), button('Clear filters', 'clear-all', () => {
      toolbar.search.value = '';
      setFilter(noFilter());
      table.focus();
    }));
  }
}

function setFilter(patch: Partial<Filter>): void {
  filter = { ...filter, ...patch };
  applyFilter();
}

async function regenerate(scope: RegenerateScope): Promise<void> {
  const ids = scope === 'selected' ? [...model.selected] : scope === 'stale' ? [...model.stale] : model.belowThresholdIds();
  try {
    const result = await messenger.request('dataset.regenerate', { scope, ids });
    showNotice(result.message);
  } catch (e) {
    showNotice(e instanceof Error ? e.message : String(e));
  }
}

let opened = false;
/** A pair to reveal once its row exists (the reveal can arrive before the document). */
let pendingReveal: string | undefined;

/** Reveals the pending pair's row, clearing a filter that hides it; tells the host it did. */
function revealPending(): void {
  const id = pendingReveal;
  if (id === undefined || !model.row(id)) return;
  if (!table.shownIds().includes(id)) {
    toolbar.search.value = '';
    setFilter(noFilter());
  }
  if (!table.revealRow(id)) return;
  pendingReveal = undefined;
  messenger.notify('dataset.rendered', {
    total: model.rows.length, shown: table.shownIds().length, invalid: model.invalid.length,
    firstQuestions: table.shownIds().slice(0, 5).map((x) => model.row(x)?.question ?? ''), revealed: id,
  });
}

const messenger = openChannel(datasetProtocol, {
  'dataset.document': (doc) => {
    model.load(doc.rows, doc.invalid, doc.threshold, doc.version);
    const shown = applyFilter();
    drawInvalid();
    drawDetailPane();
    // The grid has the keyboard when the editor opens, so arrows move through the pairs at once.
    if (!opened && shown > 0 && (document.activeElement === document.body || document.activeElement === null)) table.focus();
    opened = true;
    messenger.notify('dataset.rendered', {
      total: model.rows.length, shown, invalid: model.invalid.length,
      firstQuestions: table.shownIds().slice(0, 5).map((id) => model.row(id)?.question ?? ''),
    });
    revealPending();
  },
  'dataset.stale': ({ ids, reasons }) => {
    model.stale = new Set(ids);
    model.staleReasons = reasons ?? {};
    if (filter.stale) applyFilter();
    else { table.refresh(); drawToolbar(); }
  },
  'dataset.reveal': ({ id }) => {
    pendingReveal = id;
    revealPending();
  },
  'dataset.quality': ({ findings, skipped }) => {
    drawQuality(qualityHost, findings, skipped);
  },
  'dataset.busy': ({ message }) => {
    busy = message;
    if (message) notice = '';
    drawBanner();
    drawToolbar();
  },
});

document.addEventListener('keydown', (e) => {
  if ((e.ctrlKey || e.metaKey) && e.key === 'f') { e.preventDefault(); toolbar.search.focus(); }
  if (e.key === 'Escape' && document.activeElement === toolbar.search) table.focus();
  // Focus lost to the page (a redrawn control, a click on empty space): arrows go back to the grid.
  if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && (document.activeElement === document.body || document.activeElement === null)) {
    e.preventDefault();
    table.focus();
  }
});

applyFilter();
messenger.notify('ready', {});
