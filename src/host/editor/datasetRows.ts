/**
 * The dataset file's entries as the editor's table rows and error lines (pure: no `vscode`). The row's
 * `source` is the file (or session file) alone, so the summary and the source filter group by file.
 */
import {
  type DatasetEntry, type DatasetPair, type FileSource, isSessionSource, kindOf, type SessionSource, spansOf,
} from '../../core/dataset';
import type { InvalidLineView, PairRow, SpanView } from '../../shared/protocol';

/** A span as the editor lists it: the file (or session file) and its lines. */
export function spanToView(span: FileSource | SessionSource): SpanView {
  return isSessionSource(span)
    ? { source: span.session_file, startLine: null, endLine: null }
    : { source: span.path, startLine: span.start_line, endLine: span.end_line };
}

/** The table row of a pair on `line`. */
export function pairToRow(pair: DatasetPair, line: number): PairRow {
  const primary = spanToView(pair.source);
  return {
    id: pair.id,
    line,
    question: pair.question,
    answer: pair.answer,
    questionType: pair.question_type,
    difficulty: pair.difficulty,
    score: pair.quality ? pair.quality.score : null,
    status: pair.status,
    source: primary.source,
    startLine: primary.startLine,
    endLine: primary.endLine,
    feedback: pair.quality?.feedback ?? '',
    kind: kindOf(pair),
    sources: spansOf(pair).map(spanToView),
    turns: (pair.turns ?? []).map((t) => ({ role: t.role, content: t.content })),
  };
}

/** Rows and malformed lines of parsed entries, in file order. */
export function entriesToView(entries: readonly DatasetEntry[]): { rows: PairRow[]; invalid: InvalidLineView[] } {
  const rows: PairRow[] = [];
  const invalid: InvalidLineView[] = [];
  for (const entry of entries) {
    if (entry.kind === 'pair') rows.push(pairToRow(entry.pair, entry.line));
    else invalid.push({ line: entry.line, raw: entry.raw, error: entry.error });
  }
  return { rows, invalid };
}
