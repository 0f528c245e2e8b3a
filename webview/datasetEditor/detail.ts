/**
 * The detail pane below the table: the focused pair in full. A multi-turn pair shows its conversation (role and
 * content, oldest first) before the question; a pair drawing on several spans (multi-hop) lists every source,
 * each a link that opens it. Everything shown is text set through `textContent`.
 */
import { kindLabel, sourceLocation } from '../../src/shared/labels';
import type { PairRow } from '../../src/shared/protocol';
import { h } from '../common/dom';

/** What the pane asks of the editor: open span `span` (index into the row's `sources`) of pair `id`. */
export type OpenSpan = (id: string, span: number) => void;

function field(label: string, value: string, className: string): HTMLElement {
  return h('div', { className: `detail-field ${className}` }, [
    h('span', { className: 'detail-label', text: label }),
    h('div', { className: 'detail-text', text: value }),
  ]);
}

function turns(row: PairRow): HTMLElement {
  return h('section', { className: 'detail-turns', attrs: { 'aria-label': 'Conversation before the question' } }, [
    h('span', { className: 'detail-label', text: `Conversation (${row.turns.length} turns before the question)` }),
    h('ol', {}, row.turns.map((t) => h('li', { className: `turn turn-${t.role}`, attrs: { 'data-role': t.role } }, [
      h('span', { className: 'turn-role', text: t.role }),
      h('div', { className: 'turn-content', text: t.content }),
    ]))),
  ]);
}

function sources(row: PairRow, open: OpenSpan): HTMLElement {
  return h('section', { className: 'detail-sources', attrs: { 'aria-label': 'Sources' } }, [
    h('span', { className: 'detail-label', text: `Sources (${row.sources.length})` }),
    h('ul', {}, row.sources.map((s, i) => {
      const location = sourceLocation(s.source, s.startLine, s.endLine);
      return h('li', {}, [h('button', {
        className: 'link', text: location, title: `Go to source: ${location}`,
        attrs: { type: 'button', 'aria-label': `Go to source ${location}`, 'data-span': String(i) },
        on: { click: () => open(row.id, i) },
      })]);
    })),
  ]);
}

/** Draws `row` into `host` (empty when no row is focused). */
export function drawDetail(host: HTMLElement, row: PairRow | undefined, open: OpenSpan): void {
  if (!row) {
    host.replaceChildren();
    return;
  }
  host.setAttribute('data-id', row.id);
  host.replaceChildren(
    h('div', { className: 'detail-head' }, [
      h('span', { className: 'detail-kind', text: kindLabel(row.kind) }),
      h('span', { className: 'muted', text: ` · ${row.questionType} · ${row.difficulty} · line ${row.line}` }),
    ]),
    ...(row.turns.length ? [turns(row)] : []),
    field('Question', row.question, 'detail-question'),
    field('Answer', row.answer, 'detail-answer'),
    ...(row.sources.length > 1 ? [sources(row, open)] : []),
  );
}
