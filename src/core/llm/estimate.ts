/**
 * A before-the-run estimate of calls, tokens and cost from the token counts of the inputs, following the
 * pipeline's batching. It is an estimate, and these are its assumptions:
 * - each document of T tokens becomes ceil(T / chunkSize) chunks of equal size;
 * - chunks are packed in order into batched calls of about `batchTokenBudget` prompt tokens (default 6000,
 *   400 of them instructions and JSON framing); a chunk larger than the budget is a call of its own;
 * - one pass = extract_statements over every chunk, then generate_questions, generate_answers and
 *   validate_pairs over the chunks that receive questions (min(chunks, numPairs)) — so ≈ 4 batched calls per
 *   ~6000-token batch of chunks, or more: a stage splits to fill `concurrency` as the run does (callSizing.ts:
 *   at least MIN_EXTRACT_TOKENS_PER_CALL chunk tokens / MIN_ITEMS_PER_CALL pairs (MIN_VERDICTS_PER_CALL for validation) a call, at most
 *   MAX_ITEMS_PER_CALL pairs), each call repeating its instructions;
 * - question writing gets each chunk's statements with their quotes (not the chunk text); answering and
 *   validation get the chunk text as evidence;
 * - exactly numPairs questions are asked (no over-generation, no failed calls, no re-asks);
 * - completions: ~40 tokens per statement and per question, ~25 tokens per answer sentence + 15, ~60 per verdict;
 * - reflection: `reviseShare` (default 30%) of pairs fall under the threshold after the first pass, half as many
 *   after each further iteration, up to maxReflectionIterations; each iteration runs revise_questions,
 *   generate_answers and validate_pairs over the chunks of those pairs;
 * - prompt caching: a task whose fixed instructions (the system message, `instructionTokens`) are at least
 *   1,024 tokens long is served from the provider's prompt cache after its first call, in steps of 128 tokens
 *   (OpenAI's automatic caching); those tokens are priced at the cached-input price;
 * - prices from prices.ts (or overrides); unknown models cost 0.
 */
import type { GenerationParams } from '../domain/params';
import type { TaskId } from '../domain/tasks';
import { statementsFor } from '../util/statementRate';
import { DEFAULT_CONCURRENCY, MAX_ITEMS_PER_CALL, MIN_EXTRACT_TOKENS_PER_CALL, MIN_ITEMS_PER_CALL, MIN_VERDICTS_PER_CALL, callsFor } from '../util/callSizing';
import { batchPriceOf, FREE, priceFor, costOf, type ModelPrice } from './prices';

/** The estimate. */
export interface RunEstimate {
  calls: number;
  promptTokens: number;
  /** The part of promptTokens expected to be served from the provider's prompt cache. */
  cachedPromptTokens: number;
  completionTokens: number;
  costUsd: number;
  /** The same figures per task. */
  byTask: Partial<Record<TaskId, { calls: number; promptTokens: number; cachedPromptTokens: number; completionTokens: number }>>;
}

/** Knobs of {@link estimateRun}. */
export interface EstimateOptions {
  batchTokenBudget?: number;
  prices?: Record<string, ModelPrice>;
  /** A batch run: batch prices (overrides by model; default half of the live price). */
  batch?: { prices?: Record<string, ModelPrice> };
  reviseShare?: number;
  /** Model calls in flight at once (the run's concurrency): stages split to fill it. Default DEFAULT_CONCURRENCY. */
  concurrency?: number;
  /** Tokens of each task's fixed instructions (its system message); the call overhead when not given. */
  instructionTokens?: Partial<Record<TaskId, number>>;
}

/** Prompt caches (OpenAI) start at this many identical leading tokens and grow in steps of CACHE_STEP. */
export const CACHE_MIN_PREFIX = 1024;
const CACHE_STEP = 128;

/** Tokens of a fixed prefix that a provider's prompt cache serves on repeated calls. */
export function cacheablePrefix(prefixTokens: number): number {
  return prefixTokens >= CACHE_MIN_PREFIX ? Math.floor(prefixTokens / CACHE_STEP) * CACHE_STEP : 0;
}

const OVERHEAD = 400;
const ANSWER_SENTENCES: Record<GenerationParams['answerLength'], number> = { short: 1.5, medium: 3, long: 6 };

/** Number of batched calls for chunks of the given prompt sizes (same packing as the pipeline's batching). */
function batches(sizes: number[], budget: number): number {
  let count = 0;
  let used = OVERHEAD;
  let open = false;
  for (const size of sizes) {
    if (open && used + size > budget) {
      count++;
      used = OVERHEAD;
      open = false;
    }
    used += size;
    open = true;
  }
  return count + (open ? 1 : 0);
}

/** Estimates a run over documents of the given token counts; see the module comment for the assumptions. */
export function estimateRun(documentsTokens: number[], params: GenerationParams, model?: string, options: EstimateOptions = {}): RunEstimate {
  const budget = options.batchTokenBudget ?? 6000;
  const live = (model && priceFor(model, options.prices)) || FREE;
  const price = !options.batch ? live : (model && options.batch.prices?.[model]) || batchPriceOf(live);
  const chunks = documentsTokens.filter((t) => t > 0).flatMap((t) => {
    const n = Math.max(1, Math.ceil(t / params.chunkSize));
    return Array<number>(n).fill(t / n);
  });
  const estimate: RunEstimate = { calls: 0, promptTokens: 0, cachedPromptTokens: 0, completionTokens: 0, costUsd: 0, byTask: {} };
  if (chunks.length === 0) return estimate;
  const add = (task: TaskId, calls: number, promptTokens: number, completionTokens: number) => {
    const entry = (estimate.byTask[task] ??= { calls: 0, promptTokens: 0, cachedPromptTokens: 0, completionTokens: 0 });
    entry.calls += calls;
    entry.promptTokens += Math.round(promptTokens);
    entry.completionTokens += Math.round(completionTokens);
  };
  // statements a chunk is asked for, as the run asks (a rate per 1,000 tokens), ~20 tokens each
  const statements = sum(chunks.map((tokens) => statementsFor(tokens, params.statementsPerChunk)));
  const statementTokens = Math.round(statements / Math.max(1, chunks.length)) * 20;
  const answerTokens = ANSWER_SENTENCES[params.answerLength] * 25 + 15;

  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const allCalls = Math.max(batches(chunks, budget), callsFor(sum(chunks), concurrency, MIN_EXTRACT_TOKENS_PER_CALL));
  add('extract_statements', allCalls, sum(chunks) + allCalls * OVERHEAD, statements * 40);

  const asked = chunks.slice(0, Math.min(chunks.length, params.numPairs));
  const pairs = params.numPairs;
  const pass = (withQuestions: TaskId, share: number) => {
    const involved = asked.slice(0, Math.max(1, Math.ceil(asked.length * share)));
    const n = Math.max(1, Math.round(pairs * share));
    const qaTokens = n * (40 + answerTokens);
    const calls = Math.max(batches(involved.map((c) => c + statementTokens), budget), callsFor(n, concurrency, MIN_ITEMS_PER_CALL, MAX_ITEMS_PER_CALL));
    const text = sum(involved) + involved.length * statementTokens + calls * OVERHEAD;
    // statements and their quotes (about twice the statement text) instead of the chunk text
    const questionInput = 2 * involved.length * statementTokens + calls * OVERHEAD;
    add(withQuestions, calls, withQuestions === 'revise_questions' ? text + qaTokens : questionInput, n * 40);
    add('generate_answers', calls, text + n * 40, n * answerTokens);
    const verdictCalls = Math.max(batches(involved.map((c) => c + statementTokens), budget), callsFor(n, concurrency, MIN_VERDICTS_PER_CALL, MAX_ITEMS_PER_CALL));
    add('validate_pairs', verdictCalls, sum(involved) + verdictCalls * OVERHEAD + qaTokens, n * 60);
  };
  pass('generate_questions', 1);
  let share = options.reviseShare ?? 0.3;
  for (let i = 0; i < params.maxReflectionIterations && pairs * share >= 0.5; i++, share /= 2) pass('revise_questions', share);

  for (const [task, entry] of Object.entries(estimate.byTask) as Array<[TaskId, RunEstimate['byTask'][TaskId] & object]>) {
    // every call of a task after its first reuses the cached instructions
    entry.cachedPromptTokens = Math.min(entry.promptTokens, Math.max(0, entry.calls - 1) * cacheablePrefix(options.instructionTokens?.[task] ?? OVERHEAD));
    estimate.calls += entry.calls;
    estimate.promptTokens += entry.promptTokens;
    estimate.cachedPromptTokens += entry.cachedPromptTokens;
    estimate.completionTokens += entry.completionTokens;
  }
  estimate.costUsd = costOf(estimate, price);
  return estimate;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
