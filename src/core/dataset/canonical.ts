/**
 * The canonical form of a pair: keys in the order of types.ts (nested objects too), and the order of pairs in
 * the file (source path, then position, then id). Same content → same bytes, so diffs stay small.
 */
import { CRITERIA } from '../domain/tasks';
import { isSessionSource, type DatasetPair, type FileSource, type PairQuality, type SessionSource } from './types';

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Session ids are often indices ("2" before "10"); other ids compare as text. */
function compareIds(a: string, b: string): number {
  const numeric = /^\d+$/;
  if (numeric.test(a) && numeric.test(b) && a.length !== b.length) return a.length - b.length;
  return compareText(a, b);
}

function sourcePath(source: FileSource | SessionSource): string {
  return isSessionSource(source) ? source.session_file : source.path;
}

function sourcePosition(source: FileSource | SessionSource): number {
  return isSessionSource(source) ? Math.min(...source.message_indices) : source.start_line;
}

/**
 * File order: by source path (session_file for sessions), then session id, then start line or first message
 * index, then pair id. Comparisons are by code unit, never by locale, so every machine sorts alike.
 */
export function comparePairs(a: DatasetPair, b: DatasetPair): number {
  return compareText(sourcePath(a.source), sourcePath(b.source))
    || compareIds(isSessionSource(a.source) ? a.source.session_id : '', isSessionSource(b.source) ? b.source.session_id : '')
    || sourcePosition(a.source) - sourcePosition(b.source)
    || compareText(a.id, b.id);
}

/** Criteria in the pipeline's order first, any others after them alphabetically. */
function orderedCriteria(criteria: Record<string, number>): Record<string, number> {
  const known = (CRITERIA as readonly string[]).filter((c) => c in criteria);
  const other = Object.keys(criteria).filter((c) => !known.includes(c)).sort(compareText);
  return Object.fromEntries([...known, ...other].map((c) => [c, criteria[c]]));
}

/** score, criteria, feedback, then verdict, question_critique, answer_critique (each only when present). */
function orderedQuality(quality: PairQuality): PairQuality {
  const out: PairQuality = { score: quality.score, criteria: orderedCriteria(quality.criteria), feedback: quality.feedback };
  if (quality.verdict !== undefined) out.verdict = quality.verdict;
  if (quality.question_critique !== undefined) out.question_critique = quality.question_critique;
  if (quality.answer_critique !== undefined) out.answer_critique = quality.answer_critique;
  return out;
}

function orderedSource(source: FileSource | SessionSource): FileSource | SessionSource {
  if (isSessionSource(source)) {
    return {
      session_file: source.session_file,
      session_id: source.session_id,
      message_indices: [...source.message_indices],
      span_hash: source.span_hash,
    };
  }
  const out: FileSource = { path: source.path, start_line: source.start_line, end_line: source.end_line, span_hash: source.span_hash };
  if (source.page !== undefined) out.page = source.page;
  return out;
}

/**
 * A copy of the pair with every key in canonical order. The fields added with kinds (kind, turns, persona,
 * query_style, query_length, sources) and previous_scores are written only when present, and `kind` only when it
 * is not single_hop: a file written before kinds re-writes byte-identical.
 */
export function canonicalPair(pair: DatasetPair): DatasetPair {
  const out: DatasetPair = {
    id: pair.id,
    question: pair.question,
    answer: pair.answer,
    question_type: pair.question_type,
    difficulty: pair.difficulty,
    ...(pair.kind !== undefined && pair.kind !== 'single_hop' ? { kind: pair.kind } : {}),
    ...(pair.turns !== undefined ? { turns: pair.turns.map((t) => ({ role: t.role, content: t.content })) } : {}),
    ...(pair.persona !== undefined ? { persona: pair.persona } : {}),
    ...(pair.query_style !== undefined ? { query_style: pair.query_style } : {}),
    ...(pair.query_length !== undefined ? { query_length: pair.query_length } : {}),
    contexts: [...pair.contexts],
    statements: [...pair.statements],
    source: orderedSource(pair.source),
    ...(pair.sources !== undefined ? { sources: pair.sources.map(orderedSource) } : {}),
    quality: pair.quality === null ? null : orderedQuality(pair.quality),
    status: pair.status,
    generator: {
      provider: pair.generator.provider,
      model: pair.generator.model,
      prompt_version: pair.generator.prompt_version,
      iteration: pair.generator.iteration,
    },
  };
  if (pair.previous_scores !== undefined) out.previous_scores = [...pair.previous_scores];
  return out;
}

/** One line of the file (without the newline). */
export function pairToLine(pair: DatasetPair): string {
  return JSON.stringify(canonicalPair(pair));
}
