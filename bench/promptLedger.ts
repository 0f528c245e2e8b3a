/**
 * A recording wrapper over an LLM port for the pipeline benchmark: prompt tokens per task of every call, and an
 * estimate of how many of them a provider's automatic prompt cache would serve (OpenAI's rule: the longest prefix
 * shared with an earlier request, counted in steps of 128 tokens from 1,024 up).
 */
import type { LlmPort, StructuredReply, StructuredRequest } from '../src/core/llm/port';
import { countTokens } from '../src/core/text/tokens';

/** Shortest prefix a provider caches, and the step it caches in (OpenAI). */
const CACHE_MIN_TOKENS = 1024;
const CACHE_STEP_TOKENS = 128;

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

function commonPrefixLength(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Records every call made through {@link PromptLedger.wrap}; the figures are read with {@link PromptLedger.byKind}. */
export class PromptLedger {
  private readonly seen: string[] = [];
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
    const shared = this.seen.reduce((best, earlier) => Math.max(best, commonPrefixLength(earlier, text)), 0);
    const sharedTokens = shared > 0 ? countTokens(text.slice(0, shared)) : 0;
    const cached = sharedTokens >= CACHE_MIN_TOKENS ? Math.floor(sharedTokens / CACHE_STEP_TOKENS) * CACHE_STEP_TOKENS : 0;
    this.seen.push(text);
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
