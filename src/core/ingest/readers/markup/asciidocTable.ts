/**
 * AsciiDoc tables (`|===` … `|===`) → one `| a | b |` line per row, with `| --- |` under a header row, so the
 * chunker sees a table block (kept whole, or split between rows) whatever the source's layout: cells one per
 * line, rows separated by blank lines, a cell's text continued on the next lines.
 */
import type { MappedTextBuilder } from '../mapped';
import { renderInline, type InlineRule } from './inline';

/** A source line: [start, end) of the file and its text. */
export interface SourceLine {
  start: number;
  end: number;
  text: string;
}

/** The table's attribute line (`[cols="1,2", options="header"]`, `[%header,cols=2*]`), when there was one. */
export interface TableAttributes {
  cols?: number;
  header?: boolean;
}

/** A cell separator: `|` at the line start or after a blank, with an optional cell spec (`2+|`, `a|`, `^.>|`). */
const CELL_START = /(?:^|(?<=[ \t]))(?:\d+[+*])?(?:[<^>])?(?:\.[<^>])?[adehlmsv]?(?<!\\)\|/g;

/** Parses an attribute line that configures a table; undefined when the line is not one. */
export function tableAttributes(text: string): TableAttributes | undefined {
  const m = /^\[([^\]]*)\]\s*$/.exec(text);
  if (!m || !/(?:^|,)\s*(?:cols=|%header|%autowidth|options=|format=|frame=|grid=|stripes=|width=)/.test(m[1])) return undefined;
  const cols = /cols="?([^",\]]*(?:,[^",\]]*)*)"?/.exec(m[1]);
  let count: number | undefined;
  if (cols) {
    const spec = cols[1].trim();
    const times = /^(\d+)\*/.exec(spec);
    count = times ? Number(times[1]) : spec.split(/[,;]/).filter((c) => c.trim() !== '').length || undefined;
  }
  return { ...(count ? { cols: count } : {}), ...(/%header|options="?[^"\]]*header/.test(m[1]) ? { header: true } : {}) };
}

/** Renders the table whose rows are `lines` (the lines between the delimiters) into `out`. */
export function renderTable(out: MappedTextBuilder, source: string, lines: readonly SourceLine[], attributes: TableAttributes, rules: readonly InlineRule[], maybe: RegExp): void {
  const cells: Array<Array<{ start: number; end: number }>> = [];
  let firstLineCells = 0;
  let firstLine = -1;
  lines.forEach((l, index) => {
    if (l.text.trim() === '') return;
    const starts = [...l.text.matchAll(CELL_START)];
    if (starts.length === 0) {
      // A cell's text continued on the next line.
      cells[cells.length - 1]?.push(trimmed(source, l.start, l.end));
      return;
    }
    if (firstLine === -1) { firstLine = index; firstLineCells = starts.length; }
    if (starts[0].index > 0) cells[cells.length - 1]?.push(trimmed(source, l.start, l.start + starts[0].index));
    starts.forEach((m, k) => {
      const from = l.start + m.index + m[0].length;
      const to = k + 1 < starts.length ? l.start + starts[k + 1].index : l.end;
      cells.push([trimmed(source, from, to)]);
    });
  });
  if (cells.length === 0) return;
  const cols = attributes.cols ?? Math.max(1, firstLineCells);
  // Implicit header: the first line holds a whole row and a blank line follows it.
  const header = attributes.header ?? (firstLineCells === cols && lines[firstLine + 1]?.text.trim() === '');
  for (let row = 0; row * cols < cells.length; row++) {
    const rowCells = cells.slice(row * cols, row * cols + cols);
    const at = rowCells[0][0].start;
    // The table is a block of its own: a blank line before its first row, a line break before the others.
    const breaks = row === 0 ? 2 - out.trailingNewlines : 1;
    if (out.size > 0 && breaks > 0) out.emit('\n'.repeat(breaks), at, at);
    out.emit('|', at, at);
    for (const cell of rowCells) {
      out.emit(' ', cell[0].start, cell[0].start);
      cell.filter((p) => p.end > p.start).forEach((piece, k) => {
        if (k > 0) out.emit(' ', piece.start, piece.start);
        renderInline(out, source, piece.start, piece.end, rules, maybe);
      });
      const end = cell[cell.length - 1].end;
      out.emit(out.lastChar() === ' ' ? '|' : ' |', end, end);
    }
    if (row === 0 && header) out.emit(`\n|${' --- |'.repeat(rowCells.length)}`, at, at);
  }
}

function trimmed(source: string, start: number, end: number): { start: number; end: number } {
  while (start < end && /\s/.test(source[start])) start++;
  while (end > start && /\s/.test(source[end - 1])) end--;
  return { start, end };
}
