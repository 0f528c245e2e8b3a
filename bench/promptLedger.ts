/**
 * A recording wrapper over an LLM port for the pipeline benchmark: prompt tokens per task of every call, and an
 * estimate of how many of them a provider's automatic prompt cache would serve (the test double's PrefixCache: OpenAI's
 * rule of the longest prefix shared with an earlier request, counted in steps of 128 tokens from 1,024 up).
 */
import type { LlmPort, StructuredReply, StructuredRequest } from '../src/core/llm/port';
import { PrefixCache } from '../test/support/testPromptCache';

/** Prompt and cached-prompt tokens of one kind of call. */
export interface TaskTokens { calls: number; promptTokens: number; cachedPromptTokens: number }

/**
 * The kind of a call as the benchmark reports it: the task, with question calls that carry `avoid_questions`
 * (a top-up: earlier questions sent back so new ones differ) counted as `top_up`.
 */
function kindOf(request: StructuredRequest): string {
  const input = request.input as { avoid_questions?: unknown[] } | undefined;
  if (request.task === 'generate_questions' && (input?.avoid_questions?.length ?? 0) > 0) return 'top_up';
  return request.task;
}

/** Records every call made through {@link PromptLedger.wrap}; the figures are read with {@link PromptLedger.byKind}. */
export class PromptLedger {
  private readonly cache = new PrefixCache();
  private readonly kinds = new Map<string, TaskTokens>();

  /** The port, recording each call that reached the model (cache hits spend nothing and are not counted). */
  wrap(inner: LlmPort): LlmPort {
    return {
      provider: inner.provider,
      model: inner.model,
      embed: inner.embed?.bind(inner),
      chatJson: async <T>(request: StructuredRequest): Promise<StructuredReply<T>> => {
        const reply = await inner.chatJson<T>(request);
        if (!reply.cached) this.record(request, reply.usage.promptTokens);
        return reply;
      },
    };
  }

  private record(request: StructuredRequest, promptTokens: number): void {
    const text = request.messages.map((m) => `${m.role}\n${m.content}`).join('\n');
    const cached = this.cache.cachedTokens(text);
    const entry = this.kinds.get(kindOf(request)) ?? { calls: 0, promptTokens: 0, cachedPromptTokens: 0 };
    entry.calls++;
    entry.promptTokens += promptTokens;
    entry.cachedPromptTokens += Math.min(cached, promptTokens);
    this.kinds.set(kindOf(request), entry);
  }

  /** Tokens per kind of call, in the order the kinds were first seen. */
  byKind(): Record<string, TaskTokens> {
    return Object.fromEntries(this.kinds);
  }
}
