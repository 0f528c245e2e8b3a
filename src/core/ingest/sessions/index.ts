/**
 * Transcript files → Sessions. The format is chosen by extension (.jsonl/.ndjson, .json, .md/.markdown/.txt)
 * and, for other names, by content. Several sessions per file; malformed input throws SessionParseError
 * naming the file and the position (line/column, or a JSON path such as `$[2].messages[0].role`).
 */
import type { Session } from '../types';
import { SessionParseError } from './errors';
import { parseJson } from './json';
import { parseMarkdownTranscript } from './markdown';
import { isMessageLike, messageFrom, sessionsFromValue, type ShapeContext } from './shapes';

/** Transcript file layouts. */
export type TranscriptLayout = 'json' | 'jsonl' | 'markdown';

/** The layout of a transcript file, from its extension or (for other names) its first characters. */
export function transcriptLayout(path: string, text: string): TranscriptLayout {
  const lower = path.toLowerCase();
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  if (lower.endsWith('.json')) return 'json';
  if (/\.(md|markdown|txt)$/.test(lower)) return 'markdown';
  const trimmed = text.trimStart().replace(/^\ufeff/, '');
  if (trimmed.startsWith('[')) return 'json';
  if (trimmed.startsWith('{')) {
    const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
    return lines.length > 1 && lines.every((l) => l.startsWith('{') && l.endsWith('}')) ? 'jsonl' : 'json';
  }
  return 'markdown';
}

/**
 * Parses a transcript file.
 * @param path the file's path (relative to the root; it names the sessions' `file` and appears in errors)
 * @throws SessionParseError naming the file and the position
 */
export function parseSessionFile(path: string, text: string): Session[] {
  const body = text.replace(/^\ufeff/, '');
  const ctx: ShapeContext = { file: path };
  switch (transcriptLayout(path, body)) {
    case 'json':
      return uniqueIds(sessionsFromValue(ctx, parseJson(path, body), '$', 0));
    case 'jsonl':
      return uniqueIds(parseJsonLines(ctx, body));
    case 'markdown':
      return parseMarkdownTranscript(path, body);
  }
}

/** JSONL: either one message per line (grouped by a session id field, else one session) or one session per line. */
function parseJsonLines(ctx: ShapeContext, text: string): Session[] {
  const rows: Array<{ line: number; value: unknown }> = [];
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() !== '') rows.push({ line: i + 1, value: parseJson(ctx.file, raw, i + 1) });
  });
  if (rows.length === 0) throw new SessionParseError(ctx.file, 'line 1', 'empty transcript: no JSON lines');
  const messageRows = rows.filter((r) => isMessageLike(r.value));
  if (messageRows.length === 0) return rows.flatMap((r) => sessionsFromValue(ctx, r.value, `line ${r.line}: $`, r.line - 1));
  if (messageRows.length !== rows.length) {
    const odd = rows.find((r) => !isMessageLike(r.value))!;
    throw new SessionParseError(ctx.file, `line ${odd.line}`, 'mixes whole sessions with single messages; use one kind per file');
  }
  const groups = new Map<string, Array<{ line: number; value: unknown }>>();
  for (const row of rows) {
    const v = row.value as Record<string, unknown>;
    const key = String(v.session_id ?? v.sessionId ?? v.conversation_id ?? v.thread_id ?? '0');
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(row);
  }
  return [...groups].map(([id, group]) => ({
    file: ctx.file,
    id,
    messages: group.map((r) => messageFrom(ctx, r.value, `line ${r.line}: $`)),
    metadata: {},
  }));
}

/** Makes session ids unique within a file (a repeated id gets `~2`, `~3`…). */
function uniqueIds(sessions: Session[]): Session[] {
  const seen = new Map<string, number>();
  return sessions.map((s) => {
    const n = (seen.get(s.id) ?? 0) + 1;
    seen.set(s.id, n);
    return n === 1 ? s : { ...s, id: `${s.id}~${n}` };
  });
}

export { SessionParseError } from './errors';
export { sessionToDocument } from './render';
