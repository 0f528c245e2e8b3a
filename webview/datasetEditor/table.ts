/**
 * The pairs table: an ARIA grid virtualised with @tanstack/virtual-core (only the visible rows exist in the
 * DOM, so 10,000 pairs scroll smoothly), keyboard navigation with a roving focus, and inline editing of the
 * question and answer. Everything shown is text set through `textContent`.
 */
import { elementScroll, observeElementOffset, observeElementRect, Virtualizer } from '@tanstack/virtual-core';
import { kindLabel, lineRange } from '../../src/shared/labels';
import type { PairRow } from '../../src/shared/protocol';
import { h, icon } from '../common/dom';
import type { DatasetModel } from './model';

/** What the table asks of the editor. */
export interface TableActions {
  edit(id: string, field: 'question' | 'answer', value: string): void;
  setStatus(ids: string[], status: 'accepted' | 'rejected'): void;
  goToSource(id: string): void;
  selectionChanged(): void;
  /** The row with the keyboard focus changed (undefined: no row shown); the detail pane follows it. */
  focusChanged(id: string | undefined): void;
}

const ROW_HEIGHT = 52;
const EDIT_HEIGHT = 168;
const COLUMNS = ['', 'Question', 'Answer', 'Type', 'Difficulty', 'Score', 'Status', 'Source', ''];

type Field = 'question' | 'answer';

/** The virtualised grid of pairs. */
export class PairTable {
  readonly element: HTMLElement;
  private readonly scroller: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly selectAll: HTMLInputElement;
  private readonly virtualizer: Virtualizer<HTMLElement, HTMLElement>;
  private indices: number[] = [];
  private focusPos = 0;
  private editing: { id: string; field: Field } | undefined;
  private readonly rendered = new Map<string, { row: PairRow; el: HTMLElement; stale: boolean; selected: boolean }>();
  private focusAfterRender = false;
  private reportedFocus: string | undefined | null = null;

  constructor(private readonly model: DatasetModel, private readonly actions: TableActions) {
    this.selectAll = h('input', { attrs: { type: 'checkbox', 'aria-label': 'Select all shown pairs' } });
    this.selectAll.addEventListener('change', () => this.toggleAll(this.selectAll.checked));
    const header = h('div', { className: 'grid-row grid-header', attrs: { role: 'row', 'aria-rowindex': '1' } },
      COLUMNS.map((name, i) => h('div', { className: `cell col-${i}`, attrs: { role: 'columnheader' } }, i === 0 ? [this.selectAll] : [name])));
    this.spacer = h('div', { className: 'grid-spacer', attrs: { role: 'rowgroup' } });
    this.scroller = h('div', { className: 'grid-scroll' }, [this.spacer]);
    this.element = h('div', { className: 'grid', attrs: { role: 'grid', 'aria-label': 'Question/answer pairs', 'aria-rowcount': '1' } }, [
      h('div', { attrs: { role: 'rowgroup' } }, [header]), this.scroller,
    ]);
    this.scroller.addEventListener('keydown', (e) => this.onKey(e));
    // A row focused by Tab or a screen reader is the row the keys act on.
    this.scroller.addEventListener('focusin', (e) => {
      const id = e.target instanceof HTMLElement && e.target.classList.contains('grid-row') ? e.target.dataset.id : undefined;
      const pos = id === undefined ? -1 : this.indices.findIndex((i) => this.model.rows[i].id === id);
      if (pos >= 0 && pos !== this.focusPos) {
        this.focusPos = pos;
        this.renderRows();
      }
    });
    this.virtualizer = new Virtualizer<HTMLElement, HTMLElement>({
      count: 0,
      getScrollElement: () => this.scroller,
      estimateSize: () => ROW_HEIGHT,
      scrollToFn: elementScroll,
      observeElementRect,
      observeElementOffset,
      overscan: 8,
      getItemKey: (i) => this.rowAt(i)?.id ?? i,
      onChange: () => this.renderRows(),
    });
  }

  /** Call once the element is in the document. */
  mount(): void {
    this.virtualizer._didMount();
    this.virtualizer._willUpdate();
  }

  /** Shows these rows (indices into the model's rows). */
  setRows(indices: number[]): void {
    // A new document (after `a`, `r` or an edit) rebuilds every row: the focused row keeps the focus, by id.
    const focusedId = this.rowAt(this.focusPos)?.id;
    const active = document.activeElement;
    const hadFocus = active instanceof HTMLElement && this.scroller.contains(active) && !(active instanceof HTMLTextAreaElement);
    this.indices = indices;
    const samePos = focusedId === undefined ? -1 : indices.findIndex((i) => this.model.rows[i].id === focusedId);
    if (samePos >= 0) this.focusPos = samePos;
    if (hadFocus) this.focusAfterRender = true;
    this.rendered.forEach(({ el }) => el.remove());
    this.rendered.clear();
    if (this.editing && !indices.some((i) => this.model.rows[i].id === this.editing?.id)) this.editing = undefined;
    this.focusPos = Math.min(this.focusPos, Math.max(0, indices.length - 1));
    this.element.setAttribute('aria-rowcount', String(indices.length + 1));
    this.virtualizer.setOptions({ ...this.virtualizer.options, count: indices.length });
    if (this.editing) {
      const pos = this.indices.findIndex((i) => this.model.rows[i].id === this.editing?.id);
      this.virtualizer.resizeItem(pos, EDIT_HEIGHT);
    }
    this.virtualizer.measure();
    this.virtualizer._willUpdate();
    this.renderRows();
    this.updateSelectAll();
  }

  /** Refreshes the visible rows (after a selection or staleness change). */
  refresh(): void {
    this.renderRows();
    this.updateSelectAll();
  }

  /** Ids of the rows shown, in order. */
  shownIds(): string[] {
    return this.indices.map((i) => this.model.rows[i].id);
  }

  private rowAt(pos: number): PairRow | undefined {
    const i = this.indices[pos];
    return i === undefined ? undefined : this.model.rows[i];
  }

  /** The id of the row with the keyboard focus (the row the keys act on), if any row is shown. */
  focusedId(): string | undefined {
    return this.rowAt(this.focusPos)?.id;
  }

  private renderRows(): void {
    const focused = this.focusedId();
    if (focused !== this.reportedFocus) {
      this.reportedFocus = focused;
      this.actions.focusChanged(focused);
    }
    this.spacer.style.height = `${this.virtualizer.getTotalSize()}px`;
    const keep = new Set<string>();
    // A redrawn row keeps the keyboard focus it had.
    let refocus = false;
    for (const item of this.virtualizer.getVirtualItems()) {
      const row = this.rowAt(item.index);
      if (!row) continue;
      keep.add(row.id);
      const stale = this.model.stale.has(row.id);
      const selected = this.model.selected.has(row.id);
      let entry = this.rendered.get(row.id);
      const editingThis = this.editing?.id === row.id;
      if (!entry || entry.row !== row || entry.stale !== stale || entry.selected !== selected) {
        if (entry && editingThis && entry.row === row) {
          entry.stale = stale;
          entry.selected = selected;
        } else {
          refocus = refocus || (entry !== undefined && entry.el === document.activeElement);
          entry?.el.remove();
          entry = { row, el: this.buildRow(row, stale, selected), stale, selected };
          this.rendered.set(row.id, entry);
          this.spacer.append(entry.el);
        }
      }
      entry.el.style.transform = `translateY(${item.start}px)`;
      entry.el.style.height = `${item.size}px`;
      entry.el.setAttribute('aria-rowindex', String(item.index + 2));
      entry.el.tabIndex = item.index === this.focusPos ? 0 : -1;
      entry.el.classList.toggle('focused', item.index === this.focusPos);
    }
    for (const [id, entry] of this.rendered) {
      if (!keep.has(id)) {
        entry.el.remove();
        this.rendered.delete(id);
      }
    }
    if (this.focusAfterRender || refocus) {
      const row = this.rowAt(this.focusPos);
      const el = row && this.rendered.get(row.id)?.el;
      if (el && !this.editing) {
        el.focus({ preventScroll: true });
        this.focusAfterRender = false;
      }
    }
  }

  private buildRow(row: PairRow, stale: boolean, selected: boolean): HTMLElement {
    const below = row.score === null || row.score < this.model.threshold;
    const check = h('input', { attrs: { type: 'checkbox', 'aria-label': 'Select pair', tabindex: '-1' } });
    check.checked = selected;
    check.addEventListener('change', () => this.setSelected(row.id, check.checked));
    const status = h('div', { className: 'cell col-6', attrs: { role: 'gridcell' } }, [
      h('span', { className: `status status-${row.status}`, text: row.status }),
    ]);
    if (stale) {
      // a file that is gone is not "changed text": the badge says which, the tooltip says what the check found
      const reason = Object.prototype.hasOwnProperty.call(this.model.staleReasons, row.id) ? this.model.staleReasons[row.id] : undefined;
      const missing = reason !== undefined && /no longer exists|cannot be read/.test(reason);
      status.append(h('span', {
        className: 'stale-badge', text: missing ? 'source missing' : 'stale',
        title: reason ? `Stale: ${reason}` : 'The source text of this pair changed since it was generated',
      }));
    }
    const lines = row.startLine === null ? '' : `:${lineRange(row.startLine, row.endLine)}`;
    const location = `${row.source}${lines}`;
    const el = h('div', {
      className: `grid-row${selected ? ' selected' : ''}${stale ? ' stale' : ''}`,
      attrs: { role: 'row', 'data-id': row.id, 'aria-selected': String(selected) },
    }, [
      h('div', { className: 'cell col-0', attrs: { role: 'gridcell' } }, [check]),
      this.textCell(row, 'question', 1),
      this.textCell(row, 'answer', 2),
      h('div', { className: 'cell col-3', attrs: { role: 'gridcell' } }, [
        h('span', { text: row.questionType }),
        // single_hop (every pair before kinds) has no badge, so such files look as they always did
        ...(row.kind === 'single_hop' ? [] : [h('span', { className: `kind-badge kind-${row.kind}`, text: kindLabel(row.kind), title: `Kind: ${row.kind}` })]),
      ]),
      h('div', { className: 'cell col-4', text: row.difficulty, attrs: { role: 'gridcell' } }),
      h('div', {
        className: `cell col-5 score${below ? ' below' : ''}`, text: row.score === null ? '—' : row.score.toFixed(2),
        title: row.feedback, attrs: { role: 'gridcell' },
      }),
      status,
      h('div', { className: 'cell col-7', attrs: { role: 'gridcell' } }, [
        // the path may wrap at any character, the line range never (no "12" over "3-4")
        h('button', {
          className: 'link', title: `Go to source: ${location}`,
          attrs: { type: 'button', tabindex: '-1', 'aria-label': `Go to source ${location}` },
          on: { click: () => this.actions.goToSource(row.id) },
        }, [h('span', { className: 'path', text: row.source }), ...(lines ? [h('span', { className: 'lines', text: lines })] : [])]),
      ]),
      h('div', { className: 'cell col-8 actions', attrs: { role: 'gridcell' } }, [
        this.iconAction('check', 'Accept', () => this.actions.setStatus([row.id], 'accepted'), row.status === 'accepted'),
        this.iconAction('close', 'Reject', () => this.actions.setStatus([row.id], 'rejected'), row.status === 'rejected'),
      ]),
    ]);
    el.addEventListener('click', (e) => {
      const pos = this.indices.findIndex((i) => this.model.rows[i].id === row.id);
      if (pos >= 0 && !(e.target instanceof HTMLTextAreaElement)) this.moveFocus(pos, false);
    });
    if (this.editing?.id === row.id) this.openEditor(el, row, this.editing.field);
    return el;
  }

  private textCell(row: PairRow, field: Field, col: number): HTMLElement {
    const cell = h('div', { className: `cell col-${col} text`, attrs: { role: 'gridcell', 'data-field': field } }, [
      h('div', { className: 'clamp', text: row[field] }),
    ]);
    cell.addEventListener('dblclick', () => this.startEdit(row.id, field));
    return cell;
  }

  private iconAction(name: string, label: string, run: () => void, pressed: boolean): HTMLButtonElement {
    return h('button', {
      className: `icon-button${pressed ? ' pressed' : ''}`, title: label,
      attrs: { type: 'button', tabindex: '-1', 'aria-label': label, 'aria-pressed': String(pressed) },
      on: { click: (e) => { e.stopPropagation(); run(); } },
    }, [icon(name)]);
  }

  /** Opens the inline editor of a field of a pair. */
  startEdit(id: string, field: Field): void {
    const pos = this.indices.findIndex((i) => this.model.rows[i].id === id);
    if (pos < 0) return;
    this.closeEditor(false);
    this.editing = { id, field };
    this.focusPos = pos;
    this.virtualizer.resizeItem(pos, EDIT_HEIGHT);
    const entry = this.rendered.get(id);
    entry?.el.remove();
    this.rendered.delete(id);
    this.virtualizer.scrollToIndex(pos, { align: 'auto' });
    this.renderRows();
  }

  private openEditor(el: HTMLElement, row: PairRow, field: Field): void {
    const cell = el.querySelector<HTMLElement>(`[data-field="${field}"]`);
    if (!cell) return;
    const editor = h('textarea', { className: 'inline-editor', attrs: { 'aria-label': `Edit ${field}`, rows: '6' } });
    editor.value = row[field];
    editor.addEventListener('keydown', (e) => {
      e.stopPropagation();
      if (e.key === 'Escape') { e.preventDefault(); this.closeEditor(false); }
      else if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); this.closeEditor(true); }
      else if (e.key === 'Tab' && field === 'question' && !e.shiftKey) { e.preventDefault(); this.closeEditor(true); this.startEdit(row.id, 'answer'); }
    });
    cell.replaceChildren(editor);
    el.classList.add('editing');
    queueMicrotask(() => { editor.focus(); editor.setSelectionRange(editor.value.length, editor.value.length); });
  }

  private closeEditor(commit: boolean): void {
    const editing = this.editing;
    if (!editing) return;
    const entry = this.rendered.get(editing.id);
    const editor = entry?.el.querySelector<HTMLTextAreaElement>('textarea.inline-editor');
    const row = this.model.row(editing.id);
    this.editing = undefined;
    const pos = this.indices.findIndex((i) => this.model.rows[i].id === editing.id);
    if (pos >= 0) this.virtualizer.resizeItem(pos, ROW_HEIGHT);
    entry?.el.remove();
    this.rendered.delete(editing.id);
    if (commit && editor && row && editor.value !== row[editing.field]) {
      row[editing.field] = editor.value;
      row.status = 'edited';
      this.actions.edit(editing.id, editing.field, editor.value);
    }
    this.focusAfterRender = true;
    this.renderRows();
  }

  private setSelected(id: string, on: boolean): void {
    if (on) this.model.selected.add(id);
    else this.model.selected.delete(id);
    this.refresh();
    this.actions.selectionChanged();
  }

  private toggleAll(on: boolean): void {
    for (const id of this.shownIds()) {
      if (on) this.model.selected.add(id);
      else this.model.selected.delete(id);
    }
    this.refresh();
    this.actions.selectionChanged();
  }

  private updateSelectAll(): void {
    const shown = this.indices.length;
    let selected = 0;
    for (const i of this.indices) if (this.model.selected.has(this.model.rows[i].id)) selected++;
    this.selectAll.checked = shown > 0 && selected === shown;
    this.selectAll.indeterminate = selected > 0 && selected < shown;
  }

  private moveFocus(pos: number, focus = true): void {
    if (this.indices.length === 0) return;
    this.focusPos = Math.max(0, Math.min(this.indices.length - 1, pos));
    this.focusAfterRender = focus;
    this.virtualizer.scrollToIndex(this.focusPos, { align: 'auto' });
    this.renderRows();
  }

  /**
   * Selects only this pair's row, scrolls to it and gives it the keyboard; false when the row is not shown
   * (filtered out, or not in the document).
   */
  revealRow(id: string): boolean {
    const pos = this.indices.findIndex((i) => this.model.rows[i].id === id);
    if (pos < 0) return false;
    this.model.selected.clear();
    this.model.selected.add(id);
    this.virtualizer.scrollToIndex(pos, { align: 'center' });
    this.moveFocus(pos);
    this.updateSelectAll();
    this.actions.selectionChanged();
    return true;
  }

  /** Focuses the current row (e.g. when the grid is entered from the toolbar). */
  focus(): void {
    this.moveFocus(this.focusPos);
  }

  private onKey(e: KeyboardEvent): void {
    if (this.editing || e.target instanceof HTMLInputElement) return;
    const page = Math.max(1, Math.floor(this.scroller.clientHeight / ROW_HEIGHT) - 1);
    const row = this.rowAt(this.focusPos);
    const keys: Record<string, () => void> = {
      ArrowDown: () => this.moveFocus(this.focusPos + 1),
      ArrowUp: () => this.moveFocus(this.focusPos - 1),
      PageDown: () => this.moveFocus(this.focusPos + page),
      PageUp: () => this.moveFocus(this.focusPos - page),
      Home: () => this.moveFocus(0),
      End: () => this.moveFocus(this.indices.length - 1),
      Enter: () => { if (row) this.startEdit(row.id, e.shiftKey ? 'answer' : 'question'); },
      F2: () => { if (row) this.startEdit(row.id, 'answer'); },
      ' ': () => { if (row) this.setSelected(row.id, !this.model.selected.has(row.id)); },
      a: () => { if (row) this.actions.setStatus([row.id], 'accepted'); },
      r: () => { if (row) this.actions.setStatus([row.id], 'rejected'); },
      g: () => { if (row) this.actions.goToSource(row.id); },
    };
    const run = Object.prototype.hasOwnProperty.call(keys, e.key) ? keys[e.key] : undefined;
    if (!run || e.ctrlKey || e.metaKey || e.altKey) return;
    e.preventDefault();
    run();
  }
}
