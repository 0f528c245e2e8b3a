/**
 * The `span_hash` of a dataset pair's source, defined so that `qaforge check` can recompute it from the
 * current file alone:
 * - file sources: shortHash of the lines `start_line..end_line` (1-based, inclusive) of the source text, with
 *   CRLF read as LF, a byte-order mark and trailing whitespace of each line ignored (so a checkout with other line endings or an
 *   editor that trims lines does not make every pair stale);
 * - session sources: shortHash of the messages at `message_indices`, each as `role: content`.
 * The pipeline's own Provenance.spanHash covers a character range instead; it is only used as a fallback when
 * the source text is not available when the dataset is written.
 */
import { shortHash } from '../text/hash';
import type { SessionMessage } from '../ingest/types';

/** The lines of a text, without a byte-order mark, CRLF and CR read as LF, trailing whitespace removed. */
export function normalizedLines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n').map((line) => line.trimEnd());
}

/** Hash of a list of normalized lines. */
export function hashLines(lines: readonly string[]): string {
  return shortHash([lines.join('\n')]);
}

/**
 * span_hash of lines start..end (1-based, inclusive) of `text`; undefined when the range is not in the text.
 */
export function lineSpanHash(text: string | readonly string[], startLine: number, endLine: number): string | undefined {
  const lines = typeof text === 'string' ? normalizedLines(text) : text;
  if (startLine < 1 || endLine < startLine || endLine > lines.length) return undefined;
  return hashLines(lines.slice(startLine - 1, endLine));
}

/** span_hash of session messages (in the order given). */
export function messagesSpanHash(messages: readonly SessionMessage[]): string {
  return shortHash(messages.map((m) => `${m.role}: ${m.content}`));
}
