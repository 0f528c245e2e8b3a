/** The turns of a conversation a transcript pair rests on, for its provenance. */
import type { Statement } from '../domain/records';
import type { SourceDocument } from '../ingest/types';
import type { Span } from './evidence';

/**
 * The document range of the turns the aligned statements `support` were taken from, opened back to the user turn that asked (the nearest
 * one at or before the first of them, inside `within`): a transcript pair cites that exchange, not every turn of
 * its evidence window (which stays whole so writer and judge see later corrections). Undefined when the document
 * is no conversation or no statement lies in a turn.
 */
export function turnsUsed(doc: SourceDocument, within: Span, support: readonly Statement[]): Span | undefined {
  const ranges = doc.session?.messageRanges.filter((m) => m.start < within.end && m.end > within.start) ?? [];
  const used = ranges.filter((m) => support.some((s) => s.start < m.end && s.end > m.start));
  if (used.length === 0) return undefined;
  const first = ranges.indexOf(used[0]);
  let open = first;
  while (open > 0 && ranges[open].role !== 'user') open--;
  if (ranges[open].role !== 'user') open = first;
  return { start: ranges[open].start, end: used[used.length - 1].end };
}
