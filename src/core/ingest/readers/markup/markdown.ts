/**
 * Markdown (and MDX) → readable text with an offset map to the file: links and images become their text,
 * emphasis its text; code spans, fenced code, headings, lists and tables stay as they are. A file without such
 * markup is its own text (no map needed). `_` is emphasis only when it is not inside a word (model_worker).
 * Admonition containers (VitePress / Docusaurus `:::tip Title` … `:::`, GitHub's `> [!NOTE]`) read as "Tip: Title"
 * and "Note:", their closing fence as nothing: a model should not have to quote markup.
 */
import { plainDocument } from '../../plain';
import type { SourceDocument } from '../../types';
import { MappedTextBuilder } from '../mapped';
import { renderInline, showGroup, type InlineRule } from './inline';

const RULES: readonly InlineRule[] = [
  // Code spans are copied as they are, so nothing inside them is taken for markup.
  { pattern: /(`+)[^`]+?\1/gd, render: (m) => [{ copy: [0, m[0].length] }] },
  { pattern: /!?\[([^\]\n]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+"[^"]*")?\)/gd, render: (m) => showGroup(m, 1) },
  { pattern: /!?\[([^\]\n]+)\]\[[^\]\n]*\]/gd, render: (m) => showGroup(m, 1) },
  { pattern: /<((?:https?|mailto):[^>\s]+)>/gd, render: (m) => showGroup(m, 1) },
  { pattern: /(\*\*|__)(?=\S)(.+?)(?<=\S)\1(?!\w)/gd, render: (m) => showGroup(m, 2) },
  { pattern: /(?<![\w*\\])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![\w*])/gd, render: (m) => showGroup(m, 1) },
  { pattern: /(?<![\w\\])_(?=[^\s_])([^_\n]+?)(?<=[^\s_])_(?!\w)/gd, render: (m) => showGroup(m, 1) },
];

/** Quick test for a line that may hold any of the markup above. */
const MAYBE = /[[*_<]/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
/** `:::tip Title`, `:::note[Title]`, `::: warning` — and a bare `:::` that closes one. */
const CONTAINER = /^[ \t]*:{3,}[ \t]*(?:([A-Za-z][\w-]*)(?:\[([^\]\n]*)\]|[ \t]+(.*?))?)?[ \t]*$/;
/** GitHub's alert marker inside a block quote. */
const ALERT = /^([ \t]*>[ \t]*)\[!(\w+)\][ \t]*$/;

/** "tip" → "Tip", "warning" → "Warning": the label an admonition is read as. */
function label(kind: string): string {
  return kind[0].toUpperCase() + kind.slice(1).toLowerCase();
}

/** Converts markdown source to a document; see the module comment. */
export function markdownDocument(path: string, source: string, hash: string, warnings: string[]): SourceDocument {
  if (!hasInlineMarkup(source)) {
    const doc = plainDocument(path, source, 'markdown', hash);
    doc.warnings.push(...warnings);
    return doc;
  }
  const out = new MappedTextBuilder(source);
  let fence = '';
  let s = 0;
  while (s <= source.length) {
    let e = source.indexOf('\n', s);
    if (e === -1) e = source.length;
    const line = source.slice(s, e);
    const marker = FENCE.exec(line)?.[1];
    if (fence) {
      out.copy(s, e);
      if (marker && marker[0] === fence[0] && marker.length >= fence.length) fence = '';
    } else if (marker) {
      fence = marker;
      out.copy(s, e);
    } else if (CONTAINER.test(line)) {
      const [, kind, bracketed, title] = CONTAINER.exec(line)!;
      const heading = (bracketed ?? title ?? '').trim();
      if (kind) out.emit(heading ? `${label(kind)}: ${heading}` : `${label(kind)}:`, s, e);
    } else if (ALERT.test(line)) {
      const [, quote, kind] = ALERT.exec(line)!;
      out.copy(s, s + quote.length);
      out.emit(`${label(kind)}:`, s + quote.length, e);
    } else {
      renderInline(out, source, s, e, RULES, MAYBE);
    }
    if (e >= source.length) break;
    out.copy(e, e + 1);
    s = e + 1;
  }
  return out.build(path, 'markdown', hash, warnings);
}

function hasInlineMarkup(source: string): boolean {
  return /^[ \t]*(?::{3}|>[ \t]*\[!\w+\])/m.test(source) || /\]\(|\]\[|<(?:https?|mailto):|\*\*|__|(?<![\w*])\*[^\s*]|(?<!\w)_[^\s_]/.test(source);
}
