/**
 * CSV (RFC 4180): a header row, CRLF line ends, fields quoted when they hold a comma, a quote, CR or LF, quotes
 * doubled. Text is written as is (UTF-8, no BOM); list fields are joined with a blank line. A cell that starts
 * with `=`, `+`, `-`, `@`, a tab or a CR is a formula to a spreadsheet (CSV injection): by default it is prefixed
 * with `'`, which spreadsheets show as text; `escapeFormulas: false` writes it unchanged.
 */
import type { DatasetPair } from '../types';
import { pairKind, selectPairs, sourceLabel, type ExportOptions } from './select';

/** Columns, in order. */
export const CSV_COLUMNS = [
  'id', 'question', 'answer', 'kind', 'question_type', 'difficulty', 'status', 'score', 'source', 'contexts', 'statements',
] as const;

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

/** CSV text. */
export function exportCsv(pairs: readonly DatasetPair[], options: ExportOptions = {}): string {
  const cell = options.escapeFormulas === false ? (v: string) => v : escapeFormula;
  const rows = [[...CSV_COLUMNS], ...selectPairs(pairs, options).map(row)];
  return rows.map((r) => `${r.map((v) => csvField(cell(v))).join(',')}\r\n`).join('');
}
