/** The filter bar (search, selects, toggles) and the bulk actions above the table. */
import { counted } from '../../src/shared/labels';
import { pairKind, type PairStatusView, type RegenerateScope } from '../../src/shared/protocol';
import { button, h, icon } from '../common/dom';
import type { Filter } from './model';

/** What the toolbar asks for. */
export interface ToolbarActions {
  setFilter(patch: Partial<Filter>): void;
  regenerate(scope: RegenerateScope): void;
  setStatusOfSelected(status: 'accepted' | 'rejected'): void;
  clearSelection(): void;
}

const STATUSES: PairStatusView[] = ['draft', 'accepted', 'rejected', 'edited'];

function select(label: string, options: string[], value: string | null, onChange: (v: string | null) => void): HTMLSelectElement {
  const el = h('select', { attrs: { 'aria-label': label, 'data-filter': label } }, [
    h('option', { text: `${label}: all`, attrs: { value: '' } }),
    ...options.map((o) => h('option', { text: o, attrs: { value: o } })),
  ]);
  el.value = value ?? '';
  el.addEventListener('change', () => onChange(el.value === '' ? null : el.value));
  return el;
}

function toggle(label: string, checked: boolean, onChange: (v: boolean) => void): HTMLLabelElement {
  const input = h('input', { attrs: { type: 'checkbox', 'data-filter': label } });
  input.checked = checked;
  input.addEventListener('change', () => onChange(input.checked));
  return h('label', { className: 'toggle' }, [input, h('span', { text: label })]);
}

/** The toolbar; {@link Toolbar.update} redraws the parts that depend on data and state. */
export class Toolbar {
  readonly element: HTMLElement;
  readonly search: HTMLInputElement;
  private readonly filters = h('div', { className: 'filters' });
  private readonly bulk = h('div', { className: 'bulk' });
  private readonly count = h('span', { className: 'pair-count', attrs: { role: 'status', 'aria-live': 'polite' } });
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly chip = h('span', { className: 'chip' });
  private optionsKey = '';
  private controls: { type: HTMLSelectElement; difficulty: HTMLSelectElement; status: HTMLSelectElement; source: HTMLSelectElement; kind: HTMLSelectElement; below: HTMLLabelElement; stale: HTMLLabelElement } | undefined;

  constructor(private readonly actions: ToolbarActions) {
    this.search = h('input', { className: 'search', attrs: { type: 'search', placeholder: 'Search questions, answers, sources, feedback', 'aria-label': 'Search pairs' } });
    this.search.addEventListener('input', () => {
      clearTimeout(this.searchTimer);
      this.searchTimer = setTimeout(() => actions.setFilter({ text: this.search.value }), 60);
    });
    this.search.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') { clearTimeout(this.searchTimer); actions.setFilter({ text: this.search.value }); }
    });
    this.element = h('div', { className: 'toolbar-area' }, [
      h('div', { className: 'toolbar' }, [h('span', { className: 'search-box' }, [icon('search'), this.search]), this.filters, h('span', { className: 'spacer' }), this.count]),
      this.bulk,
    ]);
  }

  /** Redraws filters and bulk actions for the current data. */
  update(filter: Filter, options: { types: string[]; sources: string[]; difficulties: string[]; kinds: string[] }, counts: { shown: number; total: number; selected: number; below: number; stale: number }, busy: boolean): void {
    const set = this.actions.setFilter;
    if (this.search.value !== filter.text && document.activeElement !== this.search) this.search.value = filter.text;
    // Rebuild the controls only when their options change, so a control being used keeps its focus.
    const key = JSON.stringify(options);
    if (key !== this.optionsKey) {
      this.optionsKey = key;
      this.controls = {
        type: select('Type', options.types, filter.questionType, (v) => set({ questionType: v })),
        difficulty: select('Difficulty', options.difficulties, filter.difficulty, (v) => set({ difficulty: v })),
        status: select('Status', STATUSES, filter.status, (v) => set({ status: v as PairStatusView | null })),
        source: select('Source', options.sources, filter.source, (v) => set({ source: v })),
        kind: select('Kind', options.kinds, filter.kind, (v) => set({ kind: v !== null && pairKind(v) ? v : null })),
        below: toggle('Below threshold', filter.belowThreshold, (v) => set({ belowThreshold: v })),
        stale: toggle('Stale', filter.stale, (v) => set({ stale: v })),
      };
      const c = this.controls;
      this.filters.replaceChildren(c.type, c.difficulty, c.status, c.source, c.kind, c.below, c.stale, this.chip);
    }
    const c = this.controls;
    if (c) {
      c.type.value = filter.questionType ?? '';
      c.difficulty.value = filter.difficulty ?? '';
      c.status.value = filter.status ?? '';
      c.source.value = filter.source ?? '';
      c.kind.value = filter.kind ?? '';
      c.below.querySelector('input')!.checked = filter.belowThreshold;
      c.stale.querySelector('input')!.checked = filter.stale;
    }
    if (filter.scoreBin !== null) {
      const lo = filter.scoreBin / 10;
      this.chip.replaceChildren(
        h('span', { text: `Score ${lo.toFixed(1)}–${(lo + 0.1).toFixed(1)}` }),
        button('Clear score filter', 'close', () => set({ scoreBin: null }), { iconOnly: true }),
      );
    } else {
      this.chip.replaceChildren();
    }
    this.count.textContent = counts.shown === counts.total ? counted(counts.total, 'pair') : `${counts.shown} of ${counted(counts.total, 'pair')}`;
    const regenSelected = button(`Regenerate selected (${counts.selected})`, 'refresh', () => this.actions.regenerate('selected'));
    regenSelected.disabled = busy || counts.selected === 0;
    const regenBelow = button(`Regenerate below threshold (${counts.below})`, 'sparkle', () => this.actions.regenerate('below-threshold'));
    regenBelow.disabled = busy || counts.below === 0;
    const regenStale = button(`Regenerate stale (${counts.stale})`, 'history', () => this.actions.regenerate('stale'));
    regenStale.disabled = busy || counts.stale === 0;
    const accept = button('Accept selected', 'check-all', () => this.actions.setStatusOfSelected('accepted'));
    const reject = button('Reject selected', 'close-all', () => this.actions.setStatusOfSelected('rejected'));
    const clear = button('Clear selection', 'clear-all', () => this.actions.clearSelection());
    for (const b of [accept, reject, clear]) {
      b.disabled = counts.selected === 0;
      b.classList.add('secondary');
    }
    this.bulk.replaceChildren(regenSelected, regenBelow, regenStale, accept, reject, clear);
  }
}
