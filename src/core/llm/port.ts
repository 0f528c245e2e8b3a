/**
 * The LLM port: the only way the core talks to a model. Adapters (OpenAI-compatible, vscode.lm, the offline
 * engine, test fakes) implement it; decorators (cache, metering, concurrency) wrap it.
 */

/** One chat message. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** A JSON Schema object (draft 2020-12 subset accepted by OpenAI strict structured outputs). */
export type JsonSchema = Record<string, unknown>;

/** Token counts for one or more calls. */
export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  /**
   * The part of `promptTokens` the provider served from its prompt cache (OpenAI:
   * `usage.prompt_tokens_details.cached_tokens`), billed at the cached-input price; absent when not reported.
   */
  cachedPromptTokens?: number;
}

/** Adds `more` to `total` in place (cached prompt tokens only when either reports them). */
export function addTokenUsage(total: TokenUsage, more: TokenUsage): void {
  total.promptTokens += more.promptTokens;
  total.completionTokens += more.completionTokens;
  if (more.cachedPromptTokens) total.cachedPromptTokens = (total.cachedPromptTokens ?? 0) + more.cachedPromptTokens;
}

/** What a node learns when the adapter retries (shown in the graph view and the log). */
export interface RetryInfo {
  attempt: number;
  reason: string;
  delayMs: number;
}

/** A request for a JSON reply that must match `schema`. */
export interface StructuredRequest {
  /** The task id (see domain/tasks.ts); also the schema name sent to the endpoint. */
  task: string;
  /** Version of the prompt that built `messages`. */
  promptVersion: string;
  messages: ChatMessage[];
  schema: JsonSchema;
  /**
   * The structured input the prompt was built from. Model-free engines answer from it; model adapters ignore
   * it (the same data is in `messages`).
   */
  input: unknown;
  temperature?: number;
  maxOutputTokens?: number;
  signal?: AbortSignal;
  onRetry?: (info: RetryInfo) => void;
}

/** A validated reply. */
export interface StructuredReply<T> {
  value: T;
  /** Tokens this call spent, re-asks included (zero for cache hits: no call was made). */
  usage: TokenUsage;
  /** True when served from the cache (no call was made). */
  cached: boolean;
  /** Cost in USD of this call, when known (0 for cache hits and offline). */
  costUsd: number;
}

/** The port. */
export interface LlmPort {
  /** `openai`, `azure-openai`, `vscode-lm`, `offline`, … — written into results and dataset files. */
  readonly provider: string;
  /** The model name as the provider knows it. */
  readonly model: string;
  /** Chat that must return JSON matching `request.schema`; rejects only after bounded repair/retries. */
  chatJson<T>(request: StructuredRequest): Promise<StructuredReply<T>>;
  /** Embeddings, when the provider has them (semantic chunking falls back to lexical vectors otherwise). */
  embed?(texts: string[], signal?: AbortSignal): Promise<number[][]>;
}

/** Thrown by a metering decorator when the run's budget is spent; the pipeline stops cleanly on it. */
export class BudgetExceededError extends Error {
  constructor(readonly spentUsd: number, readonly budgetUsd: number) {
    super(`budget of $${budgetUsd.toFixed(4)} reached ($${spentUsd.toFixed(4)} spent); stopping and keeping the pairs produced so far`);
    this.name = 'BudgetExceededError';
  }
}

/** Why a model error cannot be cured by retrying or by going on with other batches. */
export type FatalLlmReason = 'auth' | 'config' | 'model-not-found' | 'consent' | 'no-model' | 'quota' | 'unreachable';

/**
 * An error no retry or other batch can cure (wrong key, unknown model, consent declined, no model available,
 * an account without quota — OpenAI's 429 `insufficient_quota`, unlike a rate limit, does not pass with time —
 * or an endpoint that stayed unreachable through the retries of several calls in a row):
 * adapters throw it, and the pipeline ends the run on it (status 'failed', keeping what was produced) instead of
 * recording it per batch and going on.
 */
export class FatalLlmError extends Error {
  constructor(readonly reason: FatalLlmReason, message: string, /** The HTTP status behind it, when there was one. */ readonly status?: number) {
    super(message);
    this.name = 'FatalLlmError';
  }
}

/** True for a {@link FatalLlmError}, also across bundles (checks the name, not only the prototype). */
export function isFatalLlmError(error: unknown): error is FatalLlmError {
  return error instanceof FatalLlmError || (error instanceof Error && error.name === 'FatalLlmError');
}
