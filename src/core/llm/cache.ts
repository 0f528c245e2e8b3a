/**
 * The reply cache: content-addressed by sha256 of (provider kind, endpoint host, model, messages, schema,
 * temperature), one JSON file per entry under the caller's folder (two-level fan-out: ab/cdef….json), written
 * atomically (temp file + rename) as each call completes — so a re-run with nothing changed makes 0 calls and a
 * cancelled or crashed run resumes by running it again. Hits cost nothing and never reach the limiter.
 * Embeddings are cached the same way. A cache that cannot be read or written never fails the run.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LlmPort, StructuredReply, StructuredRequest, TokenUsage } from './port';
import type { LlmStats } from './metering';
import { matchesSchema } from './replyParsing';
import { sha256 } from '../text/hash';
import { writeFileAtomic } from '../util/atomicWrite';

/** What identifies the model behind the cache (no secrets). */
export interface CacheIdentity {
  /** Provider kind, e.g. `openai`. */
  provider: string;
  /** Endpoint host (and Azure deployment). */
  endpoint: string;
  model: string;
  embeddingModel?: string;
}

/** Options of {@link CachedLlm}. */
export interface CacheOptions {
  /** Folder of the entries (created on first write). */
  dir: string;
  identity: CacheIdentity;
  /** Totals to count hits in. */
  stats?: LlmStats;
  /** Where unreadable or unwritable entries are reported. */
  log?: (line: string) => void;
}

interface ChatEntry {
  kind: 'chat';
  task: string;
  value: unknown;
  usage: TokenUsage;
}
interface EmbeddingEntry {
  kind: 'embedding';
  vectors: number[][];
}

/** Cache key of a chat request (exported for tests and tools). */
export function chatCacheKey(identity: CacheIdentity, request: StructuredRequest): string {
  return sha256(JSON.stringify({
    v: 1, kind: 'chat', provider: identity.provider, endpoint: identity.endpoint, model: identity.model,
    messages: request.messages, schema: request.schema, temperature: request.temperature ?? null,
  }));
}

/** Decorator that serves repeated requests from disk. */
export class CachedLlm implements LlmPort {
  readonly embed?: (texts: string[], signal?: AbortSignal) => Promise<number[][]>;

  constructor(private readonly inner: LlmPort, private readonly options: CacheOptions) {
    const embed = inner.embed?.bind(inner);
    if (embed) {
      this.embed = async (texts, signal) => {
        const { identity } = this.options;
        const key = sha256(JSON.stringify({ v: 1, kind: 'embedding', provider: identity.provider, endpoint: identity.endpoint, model: identity.embeddingModel ?? '', texts }));
        const hit = await this.read<EmbeddingEntry>(key);
        if (hit?.kind === 'embedding' && Array.isArray(hit.vectors) && hit.vectors.length === texts.length) return hit.vectors;
        const vectors = await embed(texts, signal);
        await this.write(key, { kind: 'embedding', vectors } satisfies EmbeddingEntry);
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

  /** The file of an entry. */
  pathOf(key: string): string {
    return join(this.options.dir, key.slice(0, 2), `${key.slice(2)}.json`);
  }

  async chatJson<T>(request: StructuredRequest): Promise<StructuredReply<T>> {
    const key = chatCacheKey(this.options.identity, request);
    const hit = await this.read<ChatEntry>(key);
    if (hit?.kind === 'chat' && hit.task === request.task && matchesSchema(hit.value, request.schema)) {
      if (this.options.stats) this.options.stats.cacheHits++;
      // No call was made: no tokens spent this run (run totals and the manifest count what was used, like cost).
      return { value: hit.value as T, usage: { promptTokens: 0, completionTokens: 0 }, cached: true, costUsd: 0 };
    }
    const reply = await this.inner.chatJson<T>(request);
    await this.write(key, { kind: 'chat', task: request.task, value: reply.value, usage: reply.usage } satisfies ChatEntry);
    return reply;
  }

  private async read<E>(key: string): Promise<E | undefined> {
    let text: string;
    try {
      text = await readFile(this.pathOf(key), 'utf8');
    } catch {
      return undefined;
    }
    try {
      return JSON.parse(text) as E;
    } catch {
      this.options.log?.(`cache entry ${this.pathOf(key)} is unreadable; asking the model again`);
      return undefined;
    }
  }

  private async write(key: string, entry: ChatEntry | EmbeddingEntry): Promise<void> {
    const file = this.pathOf(key);
    try {
      await writeFileAtomic(file, JSON.stringify(entry));
    } catch (error) {
      this.options.log?.(`could not write cache entry ${file}: ${(error as Error).message}; the run goes on without caching it`);
    }
  }
}
