/**
 * The dataset file's entries as the editor's table rows and error lines (pure: no `vscode`). The row's
 * `source` is the file (or session file) alone, so the summary and the source filter group by file.
 */
import { type DatasetEntry, type DatasetPair, isSessionSource } from '../../core/dataset';
import type { InvalidLineView, PairRow } from '../../shared/protocol';

/** The table row of a pair on `line`. */
export function pairToRow(pair: DatasetPair, line: number): PairRow {
  return {
    id: pair.id,
    line,
    question: pair.question,
    answer: pair.answer,
    questionType: pair.question_type,
    difficulty: pair.difficulty,
    score: pair.quality ? pair.quality.score : null,
    status: pair.status,
    source: isSessionSource(pair.source) ? pair.source.session_file : pair.source.path,
    startLine: isSessionSource(pair.source) ? null : pair.source.start_line,
    endLine: isSessionSource(pair.source) ? null : pair.source.end_line,
    feedback: pair.quality?.feedback ?? '',
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
