/**
 * AsciiDoc → readable text with an offset map to the file: `==` titles become `#` heading lines, `[source,lang]`
 * listings and literal blocks fenced code, admonitions ("NOTE: …", `[NOTE]` blocks) "Note: …", links and
 * cross references their text, emphasis its text, tables one `| a | b |` line per row (asciidocTable.ts);
 * attribute entries, comments and anchors are dropped.
 */
import type { SourceDocument } from '../../types';
import { MappedTextBuilder } from '../mapped';
import { asCode, renderInline, showGroup, type InlineRule } from './inline';
import { renderTable, tableAttributes, type TableAttributes } from './asciidocTable';

const RULES: readonly InlineRule[] = [
  { pattern: /`([^`\n]+)`/gd, render: (m) => asCode(m, 1) },
  { pattern: /(?:link:|xref:|(?=(?:https?|ftp|mailto):))\S+?\[([^\]\n]+)\]/gd, render: (m) => showGroup(m, 1) },
  { pattern: /<<[^,>\n]+,\s*([^>\n]+)>>/gd, render: (m) => showGroup(m, 1) },
  { pattern: /<<([^,>\n]+)>>/gd, render: (m) => showGroup(m, 1) },
  { pattern: /(\*\*|__)(?=\S)(.+?)(?<=\S)\1/gd, render: (m) => showGroup(m, 2) },
  { pattern: /(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![\w*])/gd, render: (m) => showGroup(m, 1) },
  { pattern: /(?<![\w\\])_(?=[^\s_])([^_\n]+?)(?<=[^\s_])_(?!\w)/gd, render: (m) => showGroup(m, 1) },
];
const MAYBE = /[`*_\[<:]/;

const ADMONITION: Readonly<Record<string, string>> = { NOTE: 'Note', TIP: 'Tip', IMPORTANT: 'Important', WARNING: 'Warning', CAUTION: 'Caution' };
const TITLE = /^(={1,6})\s+(\S.*)$/;
const INLINE_ADMONITION = /^(NOTE|TIP|IMPORTANT|WARNING|CAUTION):\s+/;
const DROPPED = /^(?::[\w-]+!?:.*|\/\/(?!\/).*|\[\[[^\]]*\]\]|\[[#.][^\]]*\]|ifdef::.*|ifndef::.*|endif::.*|toc::\[\]|include::.*)$/;
const DELIMITER = /^(-{4,}|\.{4,}|={4,}|\*{4,}|_{4,}|\+{4,})\s*$/;

/** Converts AsciiDoc source to a document; see the module comment. */
export function asciidocDocument(path: string, source: string, hash: string, warnings: string[]): SourceDocument {
  const out = new MappedTextBuilder(source);
  const lines: Array<{ start: number; end: number; text: string }> = [];
  for (let s = 0; s <= source.length;) {
    let e = source.indexOf('\n', s);
    if (e === -1) e = source.length;
    lines.push({ start: s, end: e, text: source.slice(s, e).replace(/\r$/, '') });
    if (e >= source.length) break;
    s = e + 1;
  }
  const newline = (at: number): void => { if (out.size > 0) out.emit('\n', at, at); };
  let language: string | undefined;
  let admonition: string | undefined;
  let block: { delimiter: string; code: boolean } | undefined;
  let attributes: TableAttributes | undefined;
  let table: { from: number } | undefined;
  for (const [i, l] of lines.entries()) {
    const text = l.text;
    const end = l.start + text.length;
    if (table) {
      if (text.trim() !== '|===') continue;
      renderTable(out, source, lines.slice(table.from, i), attributes ?? {}, RULES, MAYBE);
      table = undefined;
      attributes = undefined;
      continue;
    }
    if (!block && text.trim() === '|===') {
      table = { from: i + 1 };
      continue;
    }
    const tableAttrs = block ? undefined : tableAttributes(text);
    if (tableAttrs) { attributes = tableAttrs; continue; }
    if (block) {
      if (text.trim() === block.delimiter) {
        if (block.code) { newline(l.start); out.emit('```', l.start, end); }
        block = undefined;
        continue;
      }
      if (i > 0 && out.size > 0) newline(l.start);
      if (block.code) out.copy(l.start, end);
      else renderInline(out, source, l.start, end, RULES, MAYBE);
      continue;
    }
    const source_ = /^\[(?:source|listing)(?:,\s*([\w+#-]+))?[^\]]*\]\s*$/.exec(text);
    if (source_) { language = source_[1] ?? ''; continue; }
    const admon = /^\[(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\s*$/.exec(text);
    if (admon) { admonition = ADMONITION[admon[1]]; continue; }
    if (DROPPED.test(text)) continue;
    const delimiter = DELIMITER.exec(text);
    if (delimiter) {
      const code = language !== undefined || delimiter[1][0] === '-' || delimiter[1][0] === '.' || delimiter[1][0] === '+';
      newline(l.start);
      if (code) out.emit(`\`\`\`${language ?? ''}`, l.start, end);
      else if (admonition) out.emit(`${admonition}: `, l.start, end);
      block = { delimiter: delimiter[1], code };
      language = undefined;
      admonition = undefined;
      continue;
    }
    if (i > 0) newline(l.start);
    const title = TITLE.exec(text);
    if (title) {
      out.emit(`${'#'.repeat(title[1].length)} `, l.start, l.start + title[1].length + 1);
      renderInline(out, source, l.start + text.indexOf(title[2]), end, RULES, MAYBE);
      continue;
    }
    const inline = INLINE_ADMONITION.exec(text);
    if (inline) {
      out.emit(`${ADMONITION[inline[1]]}: `, l.start, l.start + inline[0].length);
      renderInline(out, source, l.start + inline[0].length, end, RULES, MAYBE);
      continue;
    }
    // A block title (".Title") reads as a line of its own.
    const from = /^\.[^\s.]/.test(text) ? l.start + 1 : l.start;
    renderInline(out, source, from, end, RULES, MAYBE);
  }
  // An unclosed table runs to the end of the file.
  if (table) renderTable(out, source, lines.slice(table.from), attributes ?? {}, RULES, MAYBE);
  return out.build(path, 'asciidoc', hash, warnings);
}
