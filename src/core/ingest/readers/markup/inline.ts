/**
 * Inline markup → readable text, shared by the markup readers: each rule finds a construct in a line of
 * prose and says which parts of it to copy (exact provenance) and which text to emit in place of markers. What
 * is shown is always a piece of the source (a role's title, a link's text), so offsets stay exact; only the
 * markers around it are dropped. Underscores inside words are never markup.
 */
import type { MappedTextBuilder } from '../mapped';

/** One piece of a rule's output: a range of the match to copy, or text standing for a range of the match. */
export type InlinePiece = { copy: [number, number] } | { emit: string; at: [number, number] };

/** A construct: `pattern` must be global; `render` gives pieces in offsets relative to the match start. */
export interface InlineRule {
  pattern: RegExp;
  render(match: RegExpExecArray): InlinePiece[];
}

/** Copies `source[start, end)` into `out`, rendering the first matching rule at each position. */
export function renderInline(out: MappedTextBuilder, source: string, start: number, end: number, rules: readonly InlineRule[], quick?: RegExp): void {
  const line = source.slice(start, end);
  if (quick && !quick.test(line)) {
    out.copy(start, end);
    return;
  }
  let pos = 0;
  while (pos < line.length) {
    let best: { match: RegExpExecArray; rule: InlineRule } | undefined;
    for (const rule of rules) {
      rule.pattern.lastIndex = pos;
      const m = rule.pattern.exec(line);
      if (m && (!best || m.index < best.match.index)) best = { match: m, rule };
    }
    if (!best) break;
    const m = best.match;
    out.copy(start + pos, start + m.index);
    for (const piece of best.rule.render(m)) {
      if ('copy' in piece) out.copy(start + m.index + piece.copy[0], start + m.index + piece.copy[1]);
      else out.emit(piece.emit, start + m.index + piece.at[0], start + m.index + piece.at[1]);
    }
    pos = m.index + Math.max(1, m[0].length);
  }
  out.copy(start + pos, end);
}

/** Pieces that show group `g` of `m` (by its offset within the match) and drop the rest. */
export function showGroup(m: RegExpExecArray, g: number): InlinePiece[] {
  const text = m[g];
  if (text === undefined || text === '') return [];
  const at = m.indices?.[g]?.[0] ?? m[0].indexOf(text);
  const rel = at - (m.indices?.[0]?.[0] ?? 0);
  return [{ copy: [rel, rel + text.length] }];
}

/** Group `g` of `m` as inline code: backticks around the copied text. */
export function asCode(m: RegExpExecArray, g: number): InlinePiece[] {
  const shown = showGroup(m, g);
  if (shown.length === 0) return [];
  const [s, e] = (shown[0] as { copy: [number, number] }).copy;
  return [{ emit: '`', at: [0, s] }, ...shown, { emit: '`', at: [e, m[0].length] }];
}
