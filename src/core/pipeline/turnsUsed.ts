/** The turns of a conversation a transcript pair rests on, for its provenance. */
import type { Statement } from '../domain/records';
import type { SourceDocument } from '../ingest/types';
import type { Span } from './evidence';

/**
 * The document range of the turns the aligned statements `support` were taken from, opened back to the user turn
 * that asked (inside `within`): a transcript pair cites that exchange, not every turn of its evidence window (which
 * stays whole so writer and judge see later corrections). The exchange opens at the nearest user turn at or before
 * the first of them, and further back past any agent turn that settled nothing — no statement of `kept` (the
 * chunk's verified statements) lies in it, e.g. a first guess the conversation later corrected — to the user turn
 * before it: the customer who asked is the one whose problem the answer resolves. An agent turn that did settle
 * something ends an earlier exchange, and the pair does not cite it. It closes at the last turn used, or at the
 * customer turn right after it when that turn holds a statement of `kept` (a confirmation that the fix worked).
 * Undefined when the document is no conversation or no statement lies in a turn.
 */
export function turnsUsed(doc: SourceDocument, within: Span, support: readonly Statement[], kept: readonly Statement[]): Span | undefined {
  const ranges = doc.session?.messageRanges.filter((m) => m.start < within.end && m.end > within.start) ?? [];
  const inTurn = (statements: readonly Statement[], m: { start: number; end: number }) => statements.some((s) => s.start < m.end && s.end > m.start);
  const used = ranges.filter((m) => inTurn(support, m));
  if (used.length === 0) return undefined;
  const first = ranges.indexOf(used[0]);
  const askedAt = (from: number) => {
    let i = from;
    while (i > 0 && ranges[i].role !== 'user') i--;
    return ranges[i].role === 'user' ? i : undefined;
  };
  const settled = (m: (typeof ranges)[number]) => m.role !== 'user' && inTurn(kept, m);
  let open = askedAt(first) ?? first;
  while (open > 0) {
    const earlier = askedAt(open - 1);
    if (earlier === undefined || ranges.slice(earlier + 1, open).some(settled)) break;
    open = earlier;
  }
  // the customer's confirmation right after the last turn used ("that fixed it") settles the answer too
  const last = ranges.indexOf(used[used.length - 1]);
  const next = ranges[last + 1];
  const close = next && next.role === 'user' && ranges[last].role !== 'user' && inTurn(kept, next) ? next : ranges[last];
  return { start: ranges[open].start, end: close.end };
}
