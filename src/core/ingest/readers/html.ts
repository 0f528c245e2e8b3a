/**
 * HTML → text with an offset map to the original markup: tags dropped, script/style/template skipped,
 * character references decoded, whitespace collapsed outside <pre>, block elements separated by blank lines,
 * headings rendered as markdown headings (so the chunker breaks at them), <pre> as fenced code and inline
 * <code> in backticks (so code stays whole and sentence ends are not found in it), tables as `| a | b |` rows,
 * one line each (a header row followed by `| --- |`), so the chunker keeps a table whole or splits it between rows. Hand-rolled on purpose: it must
 * know where every character came from, which general HTML parsers do not report.
 */
import type { SourceDocument } from '../types';
import { decodeReferenceAt } from './entities';
import { MappedTextBuilder } from './mapped';

const SKIPPED_ELEMENTS = new Set(['script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'object']);
const PARAGRAPH_ELEMENTS = new Set([
  'p', 'div', 'section', 'article', 'header', 'footer', 'nav', 'aside', 'main', 'blockquote', 'pre', 'table',
  'ul', 'ol', 'dl', 'figure', 'figcaption', 'form', 'fieldset', 'details', 'summary', 'hr', 'title', 'body',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'address', 'caption',
]);
const LINE_ELEMENTS = new Set(['br', 'li', 'tr', 'dt', 'dd', 'option']);
const CELL_ELEMENTS = new Set(['td', 'th']);

/** Converts HTML source text to a document; see the module comment. */
export function htmlDocument(path: string, source: string, hash: string, warnings: string[]): SourceDocument {
  return convertHtml(source).build(path, 'html', hash, warnings);
}

/** The text of an HTML fragment (used by tests to compare a located range with a chunk). */
export function htmlToText(source: string): string {
  return convertHtml(source).build('', 'html', '', []).text;
}

function convertHtml(source: string): MappedTextBuilder {
  const out = new MappedTextBuilder(source);
  let pre = 0;
  let i = 0;
  /** The outermost table being rendered: how deep tables nest, the open row's cells, whether they are all <th>. */
  const table = { depth: 0, cells: 0, header: true, rows: 0, inCell: false };
  const breakBefore = (newlines: number, at: number, end: number): void => {
    if (out.size === 0) return;
    const have = out.trailingNewlines;
    if (have < newlines) out.emit('\n'.repeat(newlines - have), at, end);
  };
  while (i < source.length) {
    const lt = source.indexOf('<', i);
    const textEnd = lt === -1 ? source.length : lt;
    // Between the cells of a table, markup whitespace is not text (rows are lines of their own).
    const betweenCells = table.depth > 0 && !table.inCell && source.slice(i, textEnd).trim() === '';
    if (textEnd > i && !betweenCells) appendText(out, source, i, textEnd, pre > 0);
    if (lt === -1) break;
    const tag = readTag(source, lt);
    if (!tag) {
      // A lone '<' is text.
      appendText(out, source, lt, lt + 1, pre > 0);
      i = lt + 1;
      continue;
    }
    i = tag.end;
    if (tag.name === undefined) continue; // comment, doctype, processing instruction
    if (!tag.closing && SKIPPED_ELEMENTS.has(tag.name) && !tag.selfClosing) {
      const close = new RegExp(`</${tag.name}\\s*>`, 'ig');
      close.lastIndex = tag.end;
      const m = close.exec(source);
      i = m ? m.index + m[0].length : source.length;
      continue;
    }
    if (tableTag(out, table, tag, lt, breakBefore)) continue;
    if (tag.name === 'pre') pre = Math.max(0, pre + (tag.closing ? -1 : 1));
    const heading = /^h([1-6])$/.exec(tag.name);
    if (tag.name === 'pre' && tag.closing && pre === 0) {
      // Preformatted text is fenced code, so the chunker keeps it whole.
      out.emit(out.lastChar() === '\n' ? '```' : '\n```', lt, tag.end);
    }
    if (tag.name === 'code' && pre === 0) out.emit('`', lt, tag.end);
    if (PARAGRAPH_ELEMENTS.has(tag.name)) {
      breakBefore(2, lt, tag.end);
      if (heading && !tag.closing) out.emit(`${'#'.repeat(Number(heading[1]))} `, lt, tag.end);
      if (tag.name === 'pre' && !tag.closing && pre === 1) out.emit('```\n', lt, tag.end);
    } else if (LINE_ELEMENTS.has(tag.name)) {
      if (!tag.closing) breakBefore(1, lt, tag.end);
      if (tag.name === 'li' && !tag.closing) out.emit('- ', lt, tag.end);
    } else if (CELL_ELEMENTS.has(tag.name) && !tag.closing) {
      if (out.size > 0 && !/\s/.test(out.lastChar())) out.emit(' ', lt, tag.end);
    }
  }
  return out;
}

interface TableState {
  depth: number;
  cells: number;
  header: boolean;
  rows: number;
  inCell: boolean;
}

/**
 * Renders a table's own tags (and block tags inside its cells, which must not break a row's line); true when the
 * tag was handled. A nested table's cells flow into the outer cell's text.
 */
function tableTag(out: MappedTextBuilder, table: TableState, tag: TagToken, at: number, breakBefore: (n: number, at: number, end: number) => void): boolean {
  const name = tag.name!;
  if (name === 'table') {
    table.depth = Math.max(0, table.depth + (tag.closing ? -1 : 1));
    if (table.depth === (tag.closing ? 0 : 1)) {
      breakBefore(2, at, tag.end);
      Object.assign(table, { cells: 0, header: true, rows: 0, inCell: false });
      return true;
    }
    if (out.size > 0 && !/\s/.test(out.lastChar())) out.emit(' ', at, tag.end);
    return true;
  }
  if (table.depth !== 1) {
    if (table.depth > 1 && (PARAGRAPH_ELEMENTS.has(name) || LINE_ELEMENTS.has(name) || CELL_ELEMENTS.has(name) || name === 'tr')) {
      if (out.size > 0 && !/\s/.test(out.lastChar())) out.emit(' ', at, tag.end);
      return true;
    }
    return false;
  }
  if (name === 'tr') {
    if (!tag.closing) {
      breakBefore(1, at, tag.end);
      out.emit('|', at, tag.end);
      Object.assign(table, { cells: 0, header: true, inCell: false });
    } else if (table.cells > 0) {
      out.emit(out.lastChar() === ' ' ? '|' : ' |', at, tag.end);
      if (table.rows === 0 && table.header) out.emit(`\n|${' --- |'.repeat(table.cells)}`, at, tag.end);
      table.rows++;
      table.inCell = false;
    }
    return true;
  }
  if (CELL_ELEMENTS.has(name)) {
    if (!tag.closing) {
      if (table.cells === 0 && out.lastChar() !== '|') { breakBefore(1, at, tag.end); out.emit('|', at, tag.end); }
      out.emit(table.cells === 0 ? ' ' : out.lastChar() === ' ' ? '| ' : ' | ', at, tag.end);
      table.cells++;
      if (name === 'td') table.header = false;
      table.inCell = true;
    } else {
      table.inCell = false;
    }
    return true;
  }
  if (PARAGRAPH_ELEMENTS.has(name) || LINE_ELEMENTS.has(name)) {
    // A block inside a cell (a <p>, a <br>): a space, so the row stays one line.
    if (name === 'caption') return false;
    if (out.size > 0 && !/\s/.test(out.lastChar())) out.emit(' ', at, tag.end);
    return true;
  }
  return false;
}

function appendText(out: MappedTextBuilder, source: string, start: number, end: number, preformatted: boolean): void {
  let i = start;
  let run = start;
  const flush = (to: number): void => {
    if (to > run) out.copy(run, to);
  };
  while (i < end) {
    const c = source[i];
    if (c === '&') {
      const ref = decodeReferenceAt(source, i);
      if (ref) {
        flush(i);
        out.emit(ref.value, i, i + ref.length);
        i += ref.length;
        run = i;
        continue;
      }
    } else if (!preformatted && /\s/.test(c)) {
      flush(i);
      let j = i + 1;
      while (j < end && /\s/.test(source[j])) j++;
      if (out.size > 0 && !/\s/.test(out.lastChar())) {
        if (j - i === 1 && c === ' ') out.copy(i, j);
        else out.emit(' ', i, j);
      }
      i = j;
      run = i;
      continue;
    }
    i++;
  }
  flush(end);
}

interface TagToken {
  /** Lower-case element name; undefined for comments, doctypes and processing instructions. */
  name?: string;
  closing: boolean;
  selfClosing: boolean;
  /** Offset just past the tag. */
  end: number;
}

function readTag(source: string, at: number): TagToken | undefined {
  if (source.startsWith('<!--', at)) {
    const close = source.indexOf('-->', at + 4);
    return { closing: false, selfClosing: true, end: close === -1 ? source.length : close + 3 };
  }
  if (source.startsWith('<!', at) || source.startsWith('<?', at)) {
    const close = source.indexOf('>', at);
    return { closing: false, selfClosing: true, end: close === -1 ? source.length : close + 1 };
  }
  const m = /^<(\/?)([A-Za-z][A-Za-z0-9:-]*)/.exec(source.slice(at, at + 64));
  if (!m) return undefined;
  let i = at + m[0].length;
  let quote = '';
  for (; i < source.length; i++) {
    const c = source[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '>') {
      break;
    }
  }
  const end = Math.min(source.length, i + 1);
  return { name: m[2].toLowerCase(), closing: m[1] === '/', selfClosing: source[i - 1] === '/', end };
}
