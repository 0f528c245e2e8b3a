/** Which pairs go into an export, and the small helpers every exporter shares. */
import type { DatasetManifest } from '../manifest';
import { isSessionSource, spansOf, type DatasetPair, type FileSource, type SessionSource } from '../types';
import { sourceLocation } from '../../../shared/labels';

/** The offline assertion promptfoo runs by default, or a model-graded one, or none. */
export type PromptfooAssertion = 'rouge-n' | 'factuality' | 'llm-rubric' | 'none';

/** Every promptfoo assertion choice, the default first. */
export const PROMPTFOO_ASSERTIONS: readonly PromptfooAssertion[] = ['rouge-n', 'factuality', 'llm-rubric', 'none'];

/** Options common to every exporter (each reads the ones it needs). */
export interface ExportOptions {
  /**
   * Also export pairs a reviewer rejected, and pairs the validator dropped (verdict `drop`: not multi-hop, answerable,
   * or a source that cannot support a good pair) that no reviewer accepted or edited since (default: left out).
   */
  includeRejected?: boolean;
  /** Leave out pairs whose quality score is below this (pairs without a score are kept). */
  minScore?: number;
  /** The dataset's name, where a format names its dataset or eval (default `qaforge`). */
  name?: string;
  /** The dataset's manifest, for the formats that carry its facts (Hugging Face card, Axion). */
  manifest?: DatasetManifest;
  /** promptfoo: the assertion of each test (default `rouge-n`). */
  assert?: PromptfooAssertion;
  /** CSV: prefix cells that a spreadsheet would run as a formula (default true). */
  escapeFormulas?: boolean;
}

/** The pairs an export should contain, in the order given. */
export function selectPairs(pairs: readonly DatasetPair[], options: ExportOptions = {}): DatasetPair[] {
  // a dropped pair's score can still be above the threshold (trial 13: 0.75, dropped as not multi-hop), so --min-score
  // alone would ship it; a person who accepted or edited it has overruled the validator
  const dropped = (p: DatasetPair) => p.quality?.verdict === 'drop' && p.status === 'draft';
  return pairs.filter((p) => (options.includeRejected || (p.status !== 'rejected' && !dropped(p)))
    && (options.minScore === undefined || p.quality === null || p.quality.score >= options.minScore));
}

/** `docs/guide.md:10-14` or `chats/support.json#s1:3,4` — one span, for humans and tools. */
export function spanLabel(s: FileSource | SessionSource): string {
  if (isSessionSource(s)) return `${s.session_file}#${s.session_id}:${s.message_indices.join(',')}`;
  return sourceLocation(s.path, s.start_line, s.end_line);
}

/** Where a pair comes from: the label of its primary span. */
export function sourceLabel(pair: DatasetPair): string {
  return spanLabel(pair.source);
}

/**
 * The span each context comes from: a multi-hop pair has one context per span (the primary's first), so when the
 * counts match each context names its own span; otherwise (one span, or contexts that do not follow the spans)
 * every context names the primary span.
 */
export function contextSpans(pair: DatasetPair): Array<FileSource | SessionSource> {
  const spans = spansOf(pair);
  return pair.contexts.map((_, i) => (spans.length === pair.contexts.length ? spans[i] : pair.source));
}

/** The source file path of a pair (session file for sessions). */
export function sourceFile(pair: DatasetPair): string {
  return isSessionSource(pair.source) ? pair.source.session_file : pair.source.path;
}

/** The supporting statements, or the contexts when the pair has none. */
export function referenceTexts(pair: DatasetPair): string[] {
  return pair.statements.length ? pair.statements : pair.contexts;
}

/**
 * The pair's kind (single_hop, multi_hop, unanswerable, multi_turn). Pairs written before kinds existed are
 * single-hop; a pair that carries a `kind` keeps it.
 */
export function pairKind(pair: DatasetPair): string {
  const kind = (pair as DatasetPair & { kind?: unknown }).kind;
  return typeof kind === 'string' && kind ? kind : 'single_hop';
}

/** The pair's quality score, or null when it was never scored. */
export function pairScore(pair: DatasetPair): number | null {
  return pair.quality?.score ?? null;
}

/**
 * The facts about a pair every format carries as its metadata, in one place so a new pair field is added
 * once: id, kind, question_type, difficulty, score, status, source.
 */
export interface PairFacts {
  id: string;
  kind: string;
  question_type: string;
  difficulty: string;
  score: number | null;
  status: string;
  source: string;
}

/** The metadata facts of a pair. */
export function pairFacts(pair: DatasetPair): PairFacts {
  return {
    id: pair.id,
    kind: pairKind(pair),
    question_type: pair.question_type,
    difficulty: pair.difficulty,
    score: pairScore(pair),
    status: pair.status,
    source: sourceLabel(pair),
  };
}

/** The facts as strings only (for formats whose tags must be `dict[str, str]`); no score is ''. */
export function pairFactStrings(pair: DatasetPair): Record<keyof PairFacts, string> {
  const f = pairFacts(pair);
  return { ...f, score: f.score === null ? '' : String(f.score) };
}

/** The dataset name, or the default. */
export function datasetName(options: ExportOptions = {}): string {
  return options.name?.trim() || 'qaforge';
}

/** JSON Lines: one compact object a line, newline at the end (empty for no rows). */
export function jsonLines(rows: readonly unknown[]): string {
  return rows.map((r) => `${JSON.stringify(r)}\n`).join('');
}

/**
 * JSON with every non-ASCII character as a `\u` escape (as Python's `json.dumps(ensure_ascii=True)` writes):
 * the same text once parsed, but readable by a loader that opens the file with the platform encoding.
 */
export function asciiJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Pretty JSON text with a newline at the end. */
export function prettyJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** A file name without its last extension: `docs.ragas.jsonl` → `docs.ragas`. */
export function fileStem(file: string): string {
  return file.replace(/\.[^.]*$/, '');
}
