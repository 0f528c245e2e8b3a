/**
 * The TEST DOUBLE's imitation of a provider's automatic prompt caching (OpenAI's rules): a prompt whose prefix of
 * at least 1,024 tokens was sent before is reported with that prefix as cached, counted in steps of 128 tokens.
 */
import { countTokens } from '../../src/core/text/tokens';

/** Shortest cacheable prefix, in tokens. */
const MIN_CACHED_TOKENS = 1024;
/** Cached prefixes grow in steps of this many tokens. */
const CACHE_STEP_TOKENS = 128;
/** Prompts remembered (a real cache evicts too; enough for one run's shared instructions). */
const REMEMBERED = 256;

/** Length of the common prefix of two strings. */
function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Remembers prompts and tells how many tokens of a new one a provider would serve from its cache. */
export class PrefixCache {
  private prompts: string[] = [];

  /** Cached tokens for `prompt` (its longest prefix seen before, rounded down to the provider's steps); remembers it. */
  cachedTokens(prompt: string): number {
    let longest = 0;
    for (const seen of this.prompts) longest = Math.max(longest, commonPrefix(seen, prompt));
    this.prompts.push(prompt);
    if (this.prompts.length > REMEMBERED) this.prompts.shift();
    const tokens = countTokens(prompt.slice(0, longest));
    if (tokens < MIN_CACHED_TOKENS) return 0;
    return MIN_CACHED_TOKENS + Math.floor((tokens - MIN_CACHED_TOKENS) / CACHE_STEP_TOKENS) * CACHE_STEP_TOKENS;
  }

  /** Forgets every prompt. */
  clear(): void {
    this.prompts = [];
  }
}
