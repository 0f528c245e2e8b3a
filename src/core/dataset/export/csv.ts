/**
 * CSV (RFC 4180): a header row, CRLF line ends, fields quoted when they hold a comma, a quote, CR or LF, quotes
 * doubled. Text is written as is (UTF-8, no BOM); list fields are joined with a blank line. A cell that starts
 * with `=`, `+`, `-`, `@`, a tab or a CR is a formula to a spreadsheet (CSV injection): by default it is prefixed
 * with `'`, which spreadsheets show as text; `escapeFormulas: false` writes it unchanged.
 *
 * Kinds: `kind` is always a column (every context of a multi-hop pair is in `contexts`). When a kept pair has turns, a
 * persona or a query shape, four columns follow: `persona`, `query_style`, `query_length` (empty when unset) and
 * `turns` (the prior turns as JSON, `[{"role","content"}]`, empty for other kinds). An export without such pairs has
 * the columns it had before kinds.
 */
import type { DatasetPair } from '../types';
import { hasKindFields, priorTurns } from './kinds';
import { pairKind, selectPairs, sourceLabel, type ExportOptions } from './select';

/** Columns, in order. */
export const CSV_COLUMNS = [
  'id', 'question', 'answer', 'kind', 'question_type', 'difficulty', 'status', 'score', 'source', 'contexts', 'statements',
] as const;

/** The columns added after CSV_COLUMNS when a kept pair has turns, a persona or a query shape. */
export const CSV_KIND_COLUMNS = ['persona', 'query_style', 'query_length', 'turns'] as const;

/** One field, quoted when RFC 4180 requires it. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** True when a spreadsheet would read the cell as a formula. */
export function isFormulaLike(value: string): boolean {
  return /^[=+\-@\t\r]/.test(value);
}

/** The cell as text a spreadsheet will not run: `'` before a formula-like value. */
export function escapeFormula(value: string): string {
  return isFormulaLike(value) ? `'${value}` : value;
}

function row(p: DatasetPair): string[] {
  return [
    p.id, p.question, p.answer, pairKind(p), p.question_type, p.difficulty, p.status,
    p.quality === null ? '' : String(p.quality.score),
    sourceLabel(p), p.contexts.join('\n\n'), p.statements.join('\n'),
  ];
}

function kindCells(p: DatasetPair): string[] {
  const turns = priorTurns(p);
  return [p.persona ?? '', p.query_style ?? '', p.query_length ?? '', turns.length ? JSON.stringify(turns) : ''];
}

/** CSV text. */
export function exportCsv(pairs: readonly DatasetPair[], options: ExportOptions = {}): string {
  const cell = options.escapeFormulas === false ? (v: string) => v : escapeFormula;
  const kept = selectPairs(pairs, options);
  const withKinds = kept.some(hasKindFields);
  const header = withKinds ? [...CSV_COLUMNS, ...CSV_KIND_COLUMNS] : [...CSV_COLUMNS];
  const rows = [header, ...kept.map((p) => (withKinds ? [...row(p), ...kindCells(p)] : row(p)))];
  return rows.map((r) => `${r.map((v) => csvField(cell(v))).join(',')}\r\n`).join('');
}
