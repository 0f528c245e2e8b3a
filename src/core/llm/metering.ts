/**
 * Usage and cost: prices each reply from its token usage, keeps running totals, and enforces the budget cap.
 * Once spent ≥ budget, further calls throw {@link BudgetExceededError} (the pipeline then stops cleanly and keeps
 * its pairs). Calls already in flight when the cap is reached still finish, so a run can overshoot the budget
 * by at most the cost of the calls running concurrently.
 */
import { BudgetExceededError, type LlmPort, type StructuredReply, type StructuredRequest, type TokenUsage } from './port';
import { InvalidReplyError } from './errors';
import { costOf, FREE, type ModelPrice } from './prices';
import { countTokens } from '../text/tokens';

/** Running totals of a client (cache hits are counted by the cache, which sits outside the meter). */
export interface LlmStats {
  /** Chat calls that reached the model, also those whose replies stayed invalid (re-asks inside one call are not counted separately). */
  calls: number;
  cacheHits: number;
  promptTokens: number;
  /** The part of promptTokens served from the provider's prompt cache (billed at the cached-input price). */
  cachedPromptTokens: number;
  completionTokens: number;
  embeddingCalls: number;
  embeddingTokens: number;
  costUsd: number;
}

/** A fresh, zeroed {@link LlmStats}. */
export function emptyStats(): LlmStats {
  return { calls: 0, cacheHits: 0, promptTokens: 0, cachedPromptTokens: 0, completionTokens: 0, embeddingCalls: 0, embeddingTokens: 0, costUsd: 0 };
}

/** Options of {@link MeteredLlm}. */
export interface MeteringOptions {
  /** Chat model price (default free). */
  price?: ModelPrice;
  /** Embedding model price (default free). */
  embeddingPrice?: ModelPrice;
  /** Cap in USD; no cap when undefined. */
  budgetUsd?: number;
  /** Totals to add to (shared with the cache so one object reports everything). */
  stats?: LlmStats;
}

/** Decorator that prices replies, totals usage and enforces the budget. */
export class MeteredLlm implements LlmPort {
  readonly stats: LlmStats;
  readonly embed?: (texts: string[], signal?: AbortSignal) => Promise<number[][]>;

  constructor(private readonly inner: LlmPort, private readonly options: MeteringOptions = {}) {
    this.stats = options.stats ?? emptyStats();
    const embed = inner.embed?.bind(inner);
    if (embed) {
      this.embed = async (texts, signal) => {
        this.checkBudget();
        const vectors = await embed(texts, signal);
        const tokens = texts.reduce((sum, t) => sum + countTokens(t), 0);
        this.stats.embeddingCalls++;
        this.stats.embeddingTokens += tokens;
        this.stats.costUsd += costOf({ promptTokens: tokens, completionTokens: 0 }, options.embeddingPrice ?? FREE);
        return vectors;
      };
    }
  }

  get provider(): string {
    return this.inner.provider;
  }
  get model(): string {
    return this.inner.model;
  }

  /** Throws BudgetExceededError when the budget is spent. */
  checkBudget(): void {
    const budget = this.options.budgetUsd;
    if (budget !== undefined && this.stats.costUsd >= budget) throw new BudgetExceededError(this.stats.costUsd, budget);
  }

  async chatJson<T>(request: StructuredRequest): Promise<StructuredReply<T>> {
    this.checkBudget();
    let reply: StructuredReply<T>;
    try {
      reply = await this.inner.chatJson<T>(request);
    } catch (error) {
      // Replies that never became valid were still billed: count them, so cost and budget see them.
      if (error instanceof InvalidReplyError) error.costUsd = this.record(error.usage, false);
      throw error;
    }
    const costUsd = this.record(reply.usage, reply.cached);
    return { ...reply, costUsd };
  }

  /** Adds one call's usage to the totals; returns its cost. */
  private record(usage: TokenUsage, cached: boolean): number {
    const costUsd = cached ? 0 : costOf(usage, this.options.price ?? FREE);
    this.stats.calls++;
    this.stats.promptTokens += usage.promptTokens;
    this.stats.cachedPromptTokens += usage.cachedPromptTokens ?? 0;
    this.stats.completionTokens += usage.completionTokens;
    this.stats.costUsd += costUsd;
    return costUsd;
  }
}
