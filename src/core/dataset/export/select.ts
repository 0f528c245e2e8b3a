/** Which pairs go into an export, and the small helpers every exporter shares. */
import { isSessionSource, type DatasetPair } from '../types';

/** Options common to every exporter. */
export interface ExportOptions {
  /** Also export pairs a reviewer rejected (default: left out). */
  includeRejected?: boolean;
  /** Leave out pairs whose quality score is below this (pairs without a score are kept). */
  minScore?: number;
}

/** The pairs an export should contain, in the order given. */
export function selectPairs(pairs: readonly DatasetPair[], options: ExportOptions = {}): DatasetPair[] {
  return pairs.filter((p) => (options.includeRejected || p.status !== 'rejected')
    && (options.minScore === undefined || p.quality === null || p.quality.score >= options.minScore));
}

/** `docs/guide.md:10-14` or `chats/support.json#s1:3,4` — where a pair comes from, for humans and tools. */
export function sourceLabel(pair: DatasetPair): string {
  const s = pair.source;
  if (isSessionSource(s)) return `${s.session_file}#${s.session_id}:${s.message_indices.join(',')}`;
  return s.start_line === s.end_line ? `${s.path}:${s.start_line}` : `${s.path}:${s.start_line}-${s.end_line}`;
}

/** The source file path of a pair (session file for sessions). */
export function sourceFile(pair: DatasetPair): string {
  return isSessionSource(pair.source) ? pair.source.session_file : pair.source.path;
}

/** The supporting statements, or the contexts when the pair has none. */
export function referenceTexts(pair: DatasetPair): string[] {
  return pair.statements.length ? pair.statements : pair.contexts;
}

/** JSON Lines: one compact object a line, newline at the end (empty for no rows). */
export function jsonLines(rows: readonly unknown[]): string {
  return rows.map((r) => `${JSON.stringify(r)}\n`).join('');
}
