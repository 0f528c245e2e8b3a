/**
 * CSV (RFC 4180): a header row, CRLF line ends, fields quoted when they hold a comma, a quote, CR or LF, quotes
 * doubled. Text is written as is (UTF-8, no BOM); list fields are joined with a blank line.
 */
import type { DatasetPair } from '../types';
import { selectPairs, sourceLabel, type ExportOptions } from './select';

/** Columns, in order. */
export const CSV_COLUMNS = [
  'id', 'question', 'answer', 'question_type', 'difficulty', 'status', 'score', 'source', 'contexts', 'statements',
] as const;

/** One field, quoted when RFC 4180 requires it. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function row(p: DatasetPair): string[] {
  return [
    p.id, p.question, p.answer, p.question_type, p.difficulty, p.status,
    p.quality === null ? '' : String(p.quality.score),
    sourceLabel(p), p.contexts.join('\n\n'), p.statements.join('\n'),
  ];
}

/** CSV text. */
export function exportCsv(pairs: readonly DatasetPair[], options?: ExportOptions): string {
  const rows = [[...CSV_COLUMNS], ...selectPairs(pairs, options).map(row)];
  return rows.map((r) => `${r.map(csvField).join(',')}\r\n`).join('');
}
