/**
 * GenerationParams: every knob of a generation run, with the reference design's defaults (one default set),
 * validation that names the field and the allowed values, and the snake_case form used by files and the CLI.
 */
import { PAIR_KINDS, QUERY_LENGTHS, QUERY_STYLES, type PairKind, type QueryLength, type QueryStyle, type Shares } from './kinds';

/** Question difficulty. */
export type Difficulty = 'easy' | 'medium' | 'hard';
/** Chunking strategy. */
export type SplitterType = 'semantic' | 'sentence';
/** Target answer length. */
export type AnswerLength = 'short' | 'medium' | 'long';

/** Optional steering of question generation (reference design's "dimensional generation"). */
export interface Dimensions {
  features?: string;
  persona?: string;
  scenarios?: string;
}

/** All parameters of a run, camelCase. See {@link DEFAULT_PARAMS} for the defaults. */
export interface GenerationParams {
  /** Total number of pairs for the whole run, spread over the inputs in proportion to their content. */
  numPairs: number;
  questionTypes: string[];
  difficulty: Difficulty;
  splitterType: SplitterType;
  /** Maximum chunk size, in tokens. */
  chunkSize: number;
  statementsPerChunk: number;
  answerLength: AnswerLength;
  /** Pairs scoring below this (0..1) are rejected and become candidates for enhancement. */
  validationThreshold: number;
  maxReflectionIterations: number;
  customGuidelines?: string;
  exampleQuestion?: string;
  exampleAnswer?: string;
  dimensions: Dimensions;
  /** Percentile (0..100) of neighbour distances above which the semantic splitter breaks. */
  breakpointPercentileThreshold: number;
  /**
   * The share of num_pairs of each kind (resolved to sum 1). Absent: every pair single_hop, as before kinds (and the
   * manifest's params stay as they were).
   */
  kinds?: Shares<PairKind>;
  /** The share of questions worded in each style (resolved to sum 1); absent: no style is asked for or recorded. */
  queryStyles?: Shares<QueryStyle>;
  /** The share of questions of each length (resolved to sum 1); absent: no length is asked for or recorded. */
  queryLengths?: Shares<QueryLength>;
}

/** The one default set (reference design's GenerationParams defaults). */
export const DEFAULT_PARAMS: Readonly<GenerationParams> = Object.freeze({
  numPairs: 1,
  questionTypes: ['factual', 'conceptual', 'application', 'analysis'],
  difficulty: 'medium',
  splitterType: 'semantic',
  chunkSize: 4000,
  statementsPerChunk: 5,
  answerLength: 'medium',
  validationThreshold: 0.7,
  maxReflectionIterations: 3,
  dimensions: {},
  breakpointPercentileThreshold: 95,
});

/**
 * The most sentences an answer of each length may have; this maximum goes into the answer instruction (an answer
 * is as short as its fact allows: a one-fact answer is one sentence whatever the length).
 */
export const ANSWER_MAX_SENTENCES: Readonly<Record<AnswerLength, number>> = Object.freeze({
  short: 2,
  medium: 4,
  long: 8,
});

/** Raised when a parameter is out of range; the message names the field and what is allowed. */
export class InvalidParamsError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
    this.name = 'InvalidParamsError';
  }
}

const SNAKE_OF: Record<keyof GenerationParams, string> = {
  numPairs: 'num_pairs',
  questionTypes: 'question_types',
  difficulty: 'difficulty',
  splitterType: 'splitter_type',
  chunkSize: 'chunk_size',
  statementsPerChunk: 'statements_per_chunk',
  answerLength: 'answer_length',
  validationThreshold: 'validation_threshold',
  maxReflectionIterations: 'max_reflection_iterations',
  customGuidelines: 'custom_guidelines',
  exampleQuestion: 'example_question',
  exampleAnswer: 'example_answer',
  dimensions: 'dimensions',
  breakpointPercentileThreshold: 'breakpoint_percentile_threshold',
  kinds: 'kinds',
  queryStyles: 'query_styles',
  queryLengths: 'query_lengths',
};
const CAMEL_OF: Record<string, keyof GenerationParams> = Object.fromEntries(
  Object.entries(SNAKE_OF).map(([camel, snake]) => [snake, camel as keyof GenerationParams]),
);

/** The snake_case name of a field, as used in dataset manifests and error messages. */
export function snakeName(field: keyof GenerationParams): string {
  return SNAKE_OF[field];
}

function fail(field: keyof GenerationParams, allowed: string, got: unknown): never {
  throw new InvalidParamsError(SNAKE_OF[field], `${SNAKE_OF[field]} must be ${allowed}; got ${JSON.stringify(got)}`);
}

function checkInt(p: GenerationParams, field: keyof GenerationParams, min: number, max: number): void {
  const v = p[field];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) fail(field, `an integer from ${min} to ${max}`, v);
}

function checkNumber(p: GenerationParams, field: keyof GenerationParams, min: number, max: number): void {
  const v = p[field];
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) fail(field, `a number from ${min} to ${max}`, v);
}

function checkOneOf(p: GenerationParams, field: keyof GenerationParams, allowed: readonly string[]): void {
  const v = p[field];
  if (typeof v !== 'string' || !allowed.includes(v)) fail(field, `one of ${allowed.join(', ')}`, v);
}

function checkOptionalText(p: GenerationParams, field: keyof GenerationParams): void {
  const v = p[field];
  if (v !== undefined && typeof v !== 'string') fail(field, 'a string', v);
}

/**
 * Merges `input` (camelCase or snake_case keys) over the defaults and validates the result.
 * Unknown keys are refused, as the reference design does.
 * @throws InvalidParamsError naming the field and the allowed values or range.
 */
export function resolveParams(input: Partial<GenerationParams> | Record<string, unknown> = {}): GenerationParams {
  const merged: Record<string, unknown> = { ...DEFAULT_PARAMS, dimensions: { ...DEFAULT_PARAMS.dimensions } };
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    const camel = key in SNAKE_OF ? (key as keyof GenerationParams) : CAMEL_OF[key];
    if (!camel) {
      throw new InvalidParamsError(key, `unknown parameter ${JSON.stringify(key)}; known: ${Object.values(SNAKE_OF).join(', ')}`);
    }
    merged[camel] = value;
  }
  const p = merged as unknown as GenerationParams;
  checkInt(p, 'numPairs', 1, 10000);
  if (!Array.isArray(p.questionTypes) || p.questionTypes.length === 0 ||
      p.questionTypes.some((t) => typeof t !== 'string' || t.trim() === '')) {
    fail('questionTypes', 'a non-empty list of non-empty strings', p.questionTypes);
  }
  p.questionTypes = [...new Set(p.questionTypes.map((t) => t.trim()))];
  checkOneOf(p, 'difficulty', ['easy', 'medium', 'hard']);
  checkOneOf(p, 'splitterType', ['semantic', 'sentence']);
  checkInt(p, 'chunkSize', 64, 200000);
  checkInt(p, 'statementsPerChunk', 1, 100);
  checkOneOf(p, 'answerLength', ['short', 'medium', 'long']);
  checkNumber(p, 'validationThreshold', 0, 1);
  checkInt(p, 'maxReflectionIterations', 0, 20);
  checkOptionalText(p, 'customGuidelines');
  checkOptionalText(p, 'exampleQuestion');
  checkOptionalText(p, 'exampleAnswer');
  checkNumber(p, 'breakpointPercentileThreshold', 0, 100);
  const dims = p.dimensions;
  if (dims === null || typeof dims !== 'object' || Array.isArray(dims)) fail('dimensions', 'an object {features, persona, scenarios}', dims);
  for (const [k, v] of Object.entries(dims)) {
    if (!['features', 'persona', 'scenarios'].includes(k)) {
      throw new InvalidParamsError(`dimensions.${k}`, `dimensions.${k} is not known; allowed keys: features, persona, scenarios`);
    }
    if (v !== undefined && typeof v !== 'string') {
      throw new InvalidParamsError(`dimensions.${k}`, `dimensions.${k} must be a string; got ${JSON.stringify(v)}`);
    }
  }
  p.kinds = checkShares(p, 'kinds', PAIR_KINDS);
  p.queryStyles = checkShares(p, 'queryStyles', QUERY_STYLES);
  p.queryLengths = checkShares(p, 'queryLengths', QUERY_LENGTHS);
  // an absent distribution is no key at all, so resolved params equal DEFAULT_PARAMS when nothing was given
  for (const field of ['kinds', 'queryStyles', 'queryLengths'] as const) if (p[field] === undefined) delete p[field];
  return p;
}

/**
 * A distribution over `names`: an object of non-negative numbers, at least one above 0, every key one of `names`;
 * returned scaled to sum 1 (so `{single_hop: 6, multi_hop: 4}` and `{single_hop: 0.6, multi_hop: 0.4}` agree), with
 * the zero shares left out. Undefined stays undefined.
 */
function checkShares<K extends string>(p: GenerationParams, field: 'kinds' | 'queryStyles' | 'queryLengths', names: readonly K[]): Shares<K> | undefined {
  const v = p[field] as unknown;
  if (v === undefined) return undefined;
  const name = SNAKE_OF[field];
  if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(field, `an object of shares {${names.join(', ')}}`, v);
  const entries = Object.entries(v as Record<string, unknown>);
  for (const [k, share] of entries) {
    if (!(names as readonly string[]).includes(k)) throw new InvalidParamsError(`${name}.${k}`, `${name}.${k} is not known; allowed: ${names.join(', ')}`);
    if (typeof share !== 'number' || !Number.isFinite(share) || share < 0) {
      throw new InvalidParamsError(`${name}.${k}`, `${name}.${k} must be a number of 0 or more; got ${JSON.stringify(share)}`);
    }
  }
  const total = entries.reduce((sum, [, share]) => sum + (share as number), 0);
  if (total <= 0) fail(field, `an object of shares with at least one above 0 (of ${names.join(', ')})`, v);
  const out: Shares<K> = {};
  // in the list's order, so the resolved params (and a manifest) read the same whatever order they were given in
  for (const k of names) {
    const share = (v as Record<string, number>)[k];
    if (share) out[k] = Math.round((share / total) * 1e6) / 1e6;
  }
  return out;
}

/** True when `dimensions.persona` asks for personas proposed from the corpus (`auto`, any case). */
export function autoPersonas(p: GenerationParams): boolean {
  return p.dimensions.persona?.trim().toLowerCase() === 'auto';
}

/** The share of each kind a run asks for ({single_hop: 1} when kinds were not given). */
export function kindShares(p: GenerationParams): Shares<PairKind> {
  return p.kinds ?? { single_hop: 1 };
}

/** The snake_case form of params, with a fixed key order, for manifests and the reference-shaped result. */
export function paramsToSnake(p: GenerationParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of Object.keys(SNAKE_OF) as (keyof GenerationParams)[]) {
    if (p[field] !== undefined) out[SNAKE_OF[field]] = p[field];
  }
  return out;
}
