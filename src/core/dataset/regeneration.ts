/**
 * Regeneration of pairs already in a dataset file: the dataset pair as the pipeline's QAPair and back, and the
 * source text each must be grounded in now. Shared by the Regenerate commands and the dataset editor.
 */
import type { Difficulty } from '../domain/params';
import type { QAPair } from '../domain/records';
import type { LlmPort } from '../llm/port';
import { LineIndex } from '../text/lines';
import { withVerdict } from './fromRun';
import { lineSpanHash } from './span';
import type { ReadSource } from './staleness';
import { isSessionSource, spansOf, type DatasetPair, type FileSource, type SessionSource } from './types';

/** Lines of context around a pair's span given to the model with it. */
const CONTEXT_LINES = 3;

/** A span of the file as the pipeline's provenance (offsets unknown: the pipeline reads lines back). */
function provenanceOfSource(s: FileSource | SessionSource): QAPair['provenance'] {
  return isSessionSource(s)
    ? { kind: 'session', file: s.session_file, sessionId: s.session_id, messageIndices: [...s.message_indices], spanHash: s.span_hash }
    : { kind: 'file', path: s.path, startLine: s.start_line, endLine: s.end_line, start: 0, end: 0, spanHash: s.span_hash };
}

/** The dataset pair as the pipeline carries it. */
export function toQaPair(pair: DatasetPair): QAPair {
  const s = pair.source;
  const more = spansOf(pair).slice(1);
  return {
    id: pair.id, question: pair.question, answer: pair.answer, questionType: pair.question_type,
    difficulty: pair.difficulty as Difficulty, chunkId: `dataset:${pair.id}`, statementIds: [], contexts: [...pair.contexts],
    provenance: provenanceOfSource(s),
    quality: pair.quality
      ? {
        score: pair.quality.score, criteria: pair.quality.criteria as NonNullable<QAPair['quality']>['criteria'], feedback: pair.quality.feedback,
        ...(pair.quality.verdict !== undefined ? { verdict: pair.quality.verdict } : {}),
        ...(pair.quality.question_critique !== undefined ? { questionCritique: pair.quality.question_critique } : {}),
        ...(pair.quality.answer_critique !== undefined ? { answerCritique: pair.quality.answer_critique } : {}),
      }
      : undefined,
    iteration: pair.generator.iteration, previousScores: [...(pair.previous_scores ?? [])],
    // the kind stays: an unanswerable pair is regenerated as unanswerable, a multi_turn one keeps its turns
    ...(pair.kind && pair.kind !== 'single_hop' ? { kind: pair.kind } : {}),
    ...(pair.turns?.length ? { turns: pair.turns.map((t) => ({ ...t })) } : {}),
    // a multi_hop pair's further spans, which its regeneration reads back as further chunks
    ...(more.length > 0 ? { moreProvenance: more.map(provenanceOfSource) } : {}),
    ...(pair.persona ? { persona: pair.persona } : {}),
    ...(pair.query_style ? { queryStyle: pair.query_style } : {}),
    ...(pair.query_length ? { queryLength: pair.query_length } : {}),
  };
}

/** The text a pair must be grounded in now: its current source lines with a little context, else its contexts. */
export async function sourceTextFor(pair: DatasetPair, read: ReadSource): Promise<string> {
  // a multi_hop pair's first context is its primary span's; the others are its further spans'
  const fallback = pair.sources?.length ? (pair.contexts[0] ?? '') : pair.contexts.join('\n\n');
  return spanTextFor(pair.source, fallback, read);
}

/** The current texts of a multi_hop pair's further spans (each with a little context, else its own context). */
export async function moreSourceTextsFor(pair: DatasetPair, read: ReadSource): Promise<string[]> {
  return Promise.all(spansOf(pair).slice(1).map((s, i) => spanTextFor(s, pair.contexts[i + 1] ?? '', read)));
}

async function spanTextFor(source: FileSource | SessionSource, fallback: string, read: ReadSource): Promise<string> {
  if (isSessionSource(source)) return fallback;
  const text = await read(source.path);
  if (text === undefined) return fallback;
  const lines = text.split(/\r?\n/);
  const from = Math.max(0, source.start_line - 1 - CONTEXT_LINES);
  const to = Math.min(lines.length, source.end_line + CONTEXT_LINES);
  return lines.slice(from, to).join('\n').trim() || fallback;
}

const round4 = (n: number): number => Math.round(n * 10000) / 10000;

/**
 * A span moved to the lines its new contexts came from in the file's current text, with the hash of those lines
 * (as it was when the text is unknown or a session's).
 */
function refreshedSource<S extends FileSource | SessionSource>(span: S, currentText: string | undefined, contexts: readonly string[]): S {
  const source = { ...span };
  if (isSessionSource(source) || currentText === undefined) return source;
  const lines = linesOfContexts(currentText, contexts, source.start_line);
  if (lines) {
    source.start_line = lines.start;
    source.end_line = Math.max(lines.start, lines.end);
  }
  source.span_hash = lineSpanHash(currentText, source.start_line, source.end_line) ?? source.span_hash;
  return source;
}

/**
 * The lines of `text` the contexts were taken from (each found verbatim, searched from a few lines before the
 * old range, where the regeneration's source window starts); undefined when one is not found.
 */
function linesOfContexts(text: string, contexts: readonly string[], oldStartLine: number): { start: number; end: number } | undefined {
  if (contexts.length === 0) return undefined;
  const index = new LineIndex(text);
  let from = 0;
  for (let line = 1; line < oldStartLine - CONTEXT_LINES && from >= 0; line++) from = text.indexOf('\n', from) + 1 || -1;
  from = Math.max(0, from);
  let start = Number.POSITIVE_INFINITY;
  let end = -1;
  for (const context of contexts) {
    const body = context.trim();
    if (!body) continue;
    let at = text.indexOf(body, from);
    if (at < 0) at = text.indexOf(body);
    if (at < 0) return undefined;
    start = Math.min(start, at);
    end = Math.max(end, at + body.length);
  }
  if (end < 0) return undefined;
  const range = index.range(start, end);
  return { start: range.startLine, end: range.endLine };
}

/**
 * The regenerated version as a dataset pair, or undefined when regeneration brought nothing new (the same question
 * and answer) to a pair that was not `stale`. It is a
 * draft again (it needs a new review) and records the scores it replaced. Its provenance agrees with its new
 * answer: the source range covers the lines its new contexts came from, the span hash is of those lines, and
 * `statements` are the ones the new answer rests on (`statementText`: the regeneration's statements by id).
 */
export function regeneratedPair(
  original: DatasetPair, next: QAPair, llm: Pick<LlmPort, 'provider' | 'model'>, currentSource?: string,
  statementText: ReadonlyMap<string, string> = new Map(), moreCurrent: ReadonlyArray<string | undefined> = [], stale = false,
): DatasetPair | undefined {
  // the same words bring nothing new, except to a stale pair: its spans still move to where its text now is
  if (!stale && next.question === original.question && next.answer === original.answer) return undefined;
  const further = spansOf(original).slice(1);
  // a multi_hop pair's first context belongs to its primary span, each further one to its own span
  const source = refreshedSource(original.source, currentSource, further.length > 0 ? next.contexts.slice(0, 1) : next.contexts);
  const sources = further.length > 0
    ? { sources: [source, ...further.map((s, i) => refreshedSource(s, moreCurrent[i], next.contexts.slice(i + 1, i + 2)))] }
    : {};
  const statements = next.statementIds.flatMap((id) => {
    const text = statementText.get(id);
    return text === undefined ? [] : [text];
  });
  const previous = [...(original.previous_scores ?? [])];
  if (original.quality) previous.push(original.quality.score);
  return {
    ...original,
    question: next.question, answer: next.answer, contexts: [...next.contexts], source, ...sources,
    statements: statements.length ? statements : original.statements,
    quality: next.quality
      ? withVerdict({ score: round4(next.quality.score), criteria: Object.fromEntries(Object.entries(next.quality.criteria).map(([k, v]) => [k, round4(v)])), feedback: next.quality.feedback }, next.quality)
      : original.quality,
    status: 'draft',
    generator: { ...original.generator, provider: llm.provider, model: llm.model, iteration: next.iteration },
    previous_scores: previous.map(round4),
  };
}
