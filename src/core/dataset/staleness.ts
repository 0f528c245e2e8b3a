/**
 * Staleness: does each pair's source span still exist in the current sources?
 * - file sources: the lines start_line..end_line still hash to span_hash → ok; the same lines are found
 *   elsewhere in the file (a window of the same line count with the same hash, the nearest one) → moved, with
 *   the new line numbers; otherwise (lines edited or deleted, file gone) → stale.
 * - session sources: the messages at message_indices of the session still hash to span_hash → ok; the same
 *   messages are found shifted, or in another session of the file → moved; otherwise stale.
 * The span text itself is not stored: span_hash is recomputed from the file (see span.ts).
 */
import { lineRange, sourceLocation } from '../../shared/labels';
import { parseSessionFile } from '../ingest/sessions/index';
import type { Session } from '../ingest/types';
import { hashLines, lineSpanHash, messagesSpanHash, normalizedLines } from './span';
import { isSessionSource, type DatasetPair, type FileSource, type SessionSource } from './types';

/** The verdict for one pair. */
export type StalenessState = 'ok' | 'moved' | 'stale';

/** Staleness of one pair. */
export interface StalenessReport {
  id: string;
  state: StalenessState;
  source: FileSource | SessionSource;
  /** The source at its new place, for `moved`. */
  moved?: FileSource | SessionSource;
  /** Every span at its current place (moved ones updated), for a `moved` pair with `sources`. */
  movedSources?: Array<FileSource | SessionSource>;
  /** Why, for `stale` (and where it went, for `moved`). */
  reason?: string;
}

/** Reads a source file's current text by its dataset path; undefined when it does not exist. */
export type ReadSource = (path: string) => Promise<string | undefined>;

/** Options of checkStaleness. */
export interface StalenessOptions {
  /** Parses a transcript file into sessions; throws on bad input (default: ingest's parseSessionFile). */
  parseSessions?: (path: string, text: string) => Session[];
}

class SourceCache {
  private readonly texts = new Map<string, Promise<string | undefined>>();
  private readonly lines = new Map<string, string[]>();
  private readonly windows = new Map<string, Map<string, number[]>>();
  private readonly sessions = new Map<string, Session[] | Error>();

  constructor(private readonly read: ReadSource, private readonly options: StalenessOptions) {}

  text(path: string): Promise<string | undefined> {
    let t = this.texts.get(path);
    if (!t) {
      t = this.read(path);
      this.texts.set(path, t);
    }
    return t;
  }

  linesOf(path: string, text: string): string[] {
    let l = this.lines.get(path);
    if (!l) {
      l = normalizedLines(text);
      this.lines.set(path, l);
    }
    return l;
  }

  /** Start lines of every window of `count` lines, by hash (computed once per file and window size). */
  windowsOf(path: string, lines: string[], count: number): Map<string, number[]> {
    const key = `${count}\u0000${path}`;
    let w = this.windows.get(key);
    if (!w) {
      w = new Map();
      for (let start = 1; start + count - 1 <= lines.length; start++) {
        const hash = hashLines(lines.slice(start - 1, start - 1 + count));
        const list = w.get(hash);
        if (list) list.push(start);
        else w.set(hash, [start]);
      }
      this.windows.set(key, w);
    }
    return w;
  }

  sessionsOf(path: string, text: string): Session[] | Error {
    let s = this.sessions.get(path);
    if (!s) {
      try {
        s = (this.options.parseSessions ?? parseSessionFile)(path, text);
      } catch (e) {
        s = e instanceof Error ? e : new Error(String(e));
      }
      this.sessions.set(path, s);
    }
    return s;
  }
}

async function checkFile(pair: DatasetPair, source: FileSource, cache: SourceCache): Promise<StalenessReport> {
  const base = { id: pair.id, source };
  const text = await cache.text(source.path);
  if (text === undefined) return { ...base, state: 'stale', reason: `${source.path} no longer exists` };
  const lines = cache.linesOf(source.path, text);
  if (lineSpanHash(lines, source.start_line, source.end_line) === source.span_hash) return { ...base, state: 'ok' };
  const count = source.end_line - source.start_line + 1;
  const starts = cache.windowsOf(source.path, lines, count).get(source.span_hash);
  if (!starts?.length) {
    return { ...base, state: 'stale', reason: `${sourceLocation(source.path, source.start_line, source.end_line)} changed or was deleted` };
  }
  const start = starts.reduce((best, s) => (Math.abs(s - source.start_line) < Math.abs(best - source.start_line) ? s : best));
  // The page of a moved pdf span is not known from the text alone; leave it out rather than keep a wrong one.
  const { page: _page, ...rest } = source;
  const moved: FileSource = { ...rest, start_line: start, end_line: start + count - 1 };
  return { ...base, state: 'moved', moved, reason: `${sourceLocation(source.path, source.start_line, source.end_line)} moved to ${moved.end_line === start ? 'line' : 'lines'} ${lineRange(start, moved.end_line)}` };
}

function hashAt(session: Session, indices: number[]): string | undefined {
  const messages = indices.map((i) => session.messages[i]);
  return messages.every((m) => m !== undefined) ? messagesSpanHash(messages) : undefined;
}

async function checkSession(pair: DatasetPair, source: SessionSource, cache: SourceCache): Promise<StalenessReport> {
  const base = { id: pair.id, source };
  const where = `${source.session_file} session ${source.session_id} messages ${source.message_indices.join(',')}`;
  const text = await cache.text(source.session_file);
  if (text === undefined) return { ...base, state: 'stale', reason: `${source.session_file} no longer exists` };
  const sessions = cache.sessionsOf(source.session_file, text);
  if (sessions instanceof Error) return { ...base, state: 'stale', reason: `${source.session_file} cannot be read: ${sessions.message}` };
  const same = sessions.find((s) => s.id === source.session_id);
  if (same && hashAt(same, source.message_indices) === source.span_hash) return { ...base, state: 'ok' };
  // Same session first, then the others, each at the smallest shift of the message indices.
  const candidates = same ? [same, ...sessions.filter((s) => s !== same)] : sessions;
  const first = Math.min(...source.message_indices);
  for (const session of candidates) {
    const shifts = Array.from({ length: session.messages.length }, (_, i) => i - first)
      .sort((a, b) => Math.abs(a) - Math.abs(b));
    for (const shift of shifts) {
      const indices = source.message_indices.map((i) => i + shift);
      if (hashAt(session, indices) !== source.span_hash) continue;
      const moved: SessionSource = { ...source, session_id: session.id, message_indices: indices };
      return { ...base, state: 'moved', moved, reason: `${where} moved to session ${session.id} messages ${indices.join(',')}` };
    }
  }
  return { ...base, state: 'stale', reason: `${where} changed or ${same ? 'were deleted' : 'the session was deleted'}` };
}

function checkSpan(pair: DatasetPair, span: FileSource | SessionSource, cache: SourceCache): Promise<StalenessReport> {
  return isSessionSource(span) ? checkSession(pair, span, cache) : checkFile(pair, span, cache);
}

/**
 * One pair over all its spans (`sources`, else `source`): stale when any span is stale (the reason names each
 * stale one, as `sources[i]` when the pair has several), moved when any moved and none is stale, else ok.
 */
async function checkPair(pair: DatasetPair, cache: SourceCache): Promise<StalenessReport> {
  if (!pair.sources?.length) return checkSpan(pair, pair.source, cache);
  const spans = await Promise.all(pair.sources.map((span) => checkSpan(pair, span, cache)));
  const label = (i: number): string => `sources[${i}] ${spans[i].reason ?? ''}`.trim();
  const stale = spans.flatMap((r, i) => (r.state === 'stale' ? [label(i)] : []));
  if (stale.length) return { id: pair.id, state: 'stale', source: pair.source, reason: stale.join('; ') };
  const movedSpans = spans.flatMap((r, i) => (r.state === 'moved' ? [label(i)] : []));
  if (!movedSpans.length) return { id: pair.id, state: 'ok', source: pair.source };
  const movedSources = spans.map((r) => r.moved ?? r.source);
  return { id: pair.id, state: 'moved', source: pair.source, moved: movedSources[0], movedSources, reason: movedSpans.join('; ') };
}

/**
 * Checks every span of every pair against the current sources (each file read once).
 * @param readSource the current text of a source by its dataset path (undefined when it is gone)
 */
export async function checkStaleness(
  pairs: readonly DatasetPair[],
  readSource: ReadSource,
  options: StalenessOptions = {},
): Promise<StalenessReport[]> {
  const cache = new SourceCache(readSource, options);
  const reports: StalenessReport[] = [];
  for (const pair of pairs) reports.push(await checkPair(pair, cache));
  return reports;
}

/** The pairs with the line numbers / message indices of `moved` reports applied (others unchanged). */
export function applyMoves(pairs: readonly DatasetPair[], reports: readonly StalenessReport[]): DatasetPair[] {
  const movedById = new Map(reports.flatMap((r) => (r.state === 'moved' && r.moved ? [[r.id, r] as const] : [])));
  return pairs.map((p) => {
    const report = movedById.get(p.id);
    if (!report?.moved) return p;
    return report.movedSources ? { ...p, source: report.moved, sources: report.movedSources } : { ...p, source: report.moved };
  });
}
