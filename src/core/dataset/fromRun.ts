/**
 * Turns a run's pairs (QAPair, camelCase, pipeline provenance) into dataset pairs (snake_case, root-relative
 * paths, line-based span hashes that `qaforge check` can recompute).
 */
import type { Session } from '../ingest/types';
import type { Provenance, QAPair, RunResult } from '../domain/records';
import { LineIndex } from '../text/lines';
import { lineSpanHash, messagesSpanHash } from './span';
import type { DatasetPair, FileSource, PairQuality, SessionSource } from './types';

/** How to place a run's pairs in the dataset. */
export interface PairsFromRunOptions {
  /** Maps a pipeline path (relative to the ingest root) to the dataset's root-relative path. Default: as is. */
  mapPath?: (path: string) => string;
  /**
   * The current text of a source file, by its pipeline path, for the line-based span hash. When it returns
   * undefined (inline content, unreadable file) the pipeline's own span hash is kept.
   */
  sourceText?: (path: string) => string | undefined;
  /** Sessions of the run, for the message-based span hash of session pairs. */
  sessions?: readonly Session[];
  /** Overrides of what is written into `generator` (default: the run's). */
  provider?: string;
  model?: string;
  promptVersion?: string;
  /** Leave out pairs below the run's validation threshold (default: keep them, as drafts with their score). */
  validatedOnly?: boolean;
}

const round4 = (n: number): number => Math.round(n * 10000) / 10000;

function quality(pair: QAPair): PairQuality | null {
  if (!pair.quality) return null;
  const criteria: Record<string, number> = {};
  for (const [name, value] of Object.entries(pair.quality.criteria)) criteria[name] = round4(value);
  return withVerdict({ score: round4(pair.quality.score), criteria, feedback: pair.quality.feedback }, pair.quality);
}

/** The quality's verdict and critiques in the file's names, when the run produced them. */
export function withVerdict(out: PairQuality, quality: NonNullable<QAPair['quality']>): PairQuality {
  if (quality.verdict !== undefined) out.verdict = quality.verdict;
  if (quality.questionCritique !== undefined) out.question_critique = quality.questionCritique;
  if (quality.answerCritique !== undefined) out.answer_critique = quality.answerCritique;
  return out;
}

function fileSource(p: Extract<Provenance, { kind: 'file' }>, options: PairsFromRunOptions, lineIndexes: Map<string, LineIndex>): FileSource {
  const text = options.sourceText?.(p.path);
  let { startLine, endLine } = p;
  if (p.page !== undefined && text !== undefined) {
    // Paged formats locate lines from the top of the page; the file keeps lines of the whole extracted text.
    let index = lineIndexes.get(text);
    if (!index) {
      index = new LineIndex(text);
      lineIndexes.set(text, index);
    }
    ({ startLine, endLine } = index.range(p.start, p.end));
  }
  const hash = text === undefined ? undefined : lineSpanHash(text, startLine, endLine);
  const source: FileSource = {
    path: options.mapPath ? options.mapPath(p.path) : p.path,
    start_line: startLine,
    end_line: Math.max(startLine, endLine),
    span_hash: hash ?? p.spanHash,
  };
  if (p.page !== undefined) source.page = p.page;
  return source;
}

function sessionSource(p: Extract<Provenance, { kind: 'session' }>, options: PairsFromRunOptions): SessionSource {
  const session = options.sessions?.find((s) => s.file === p.file && s.id === p.sessionId);
  const messages = session ? p.messageIndices.map((i) => session.messages[i]) : [];
  const complete = messages.length > 0 && messages.every((m) => m !== undefined);
  return {
    session_file: options.mapPath ? options.mapPath(p.file) : p.file,
    session_id: p.sessionId,
    message_indices: [...p.messageIndices],
    span_hash: complete ? messagesSpanHash(messages) : p.spanHash,
  };
}

/**
 * Dataset pairs (status `draft`) for the run's pairs in their best version — validated and below-threshold
 * alike unless `validatedOnly`. Ids are the pipeline's; `previous_scores` is set when the pair was enhanced.
 */
export function pairsFromRun(result: RunResult, options: PairsFromRunOptions = {}): DatasetPair[] {
  const statementText = new Map(result.statements.map((s) => [s.id, s.content]));
  const accepted = new Set(result.validatedQaPairs.map((p) => p.id));
  const pairs = options.validatedOnly ? result.qaPairs.filter((p) => accepted.has(p.id)) : result.qaPairs;
  const lineIndexes = new Map<string, LineIndex>();
  const sourceOf = (p: Provenance) => (p.kind === 'file' ? fileSource(p, options, lineIndexes) : sessionSource(p, options));
  return pairs.map((pair) => {
    const source = sourceOf(pair.provenance);
    const out: DatasetPair = {
      id: pair.id,
      question: pair.question,
      answer: pair.answer,
      question_type: pair.questionType,
      difficulty: pair.difficulty,
      ...(pair.kind ? { kind: pair.kind } : {}),
      ...(pair.turns?.length ? { turns: pair.turns.map((t) => ({ role: t.role, content: t.content })) } : {}),
      ...(pair.persona ? { persona: pair.persona } : {}),
      ...(pair.queryStyle ? { query_style: pair.queryStyle } : {}),
      ...(pair.queryLength ? { query_length: pair.queryLength } : {}),
      contexts: [...pair.contexts],
      statements: pair.statementIds.flatMap((id) => {
        const text = statementText.get(id);
        return text === undefined ? [] : [text];
      }),
      source,
      // a multi_hop pair's every span, its primary first (the reader and staleness check each of them)
      ...(pair.moreProvenance?.length ? { sources: [source, ...pair.moreProvenance.map(sourceOf)] } : {}),
      quality: quality(pair),
      status: 'draft',
      generator: {
        provider: options.provider ?? result.provider,
        model: options.model ?? result.model,
        prompt_version: options.promptVersion ?? result.promptVersion,
        iteration: pair.iteration,
      },
    };
    if (pair.previousScores.length) out.previous_scores = pair.previousScores.map(round4);
    return out;
  });
}
