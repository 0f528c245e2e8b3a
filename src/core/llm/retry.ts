/**
 * Retries with exponential backoff and full jitter on 429, 5xx, network errors and timeouts; honours the
 * server's Retry-After and x-ratelimit-reset-* headers; a per-request timeout; cancellation that clears every
 * timer it set. Each attempt holds a slot of the shared {@link AdaptiveLimiter} only while it is in flight.
 */
import type { RetryInfo } from './port';
import { abortError, TransportError } from './errors';
import type { AdaptiveLimiter } from './limiter';

/** How hard to retry. */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** First backoff ceiling; doubles each retry. */
  baseDelayMs: number;
  /** Ceiling of the computed backoff. */
  maxDelayMs: number;
  /** Ceiling of a server-requested delay (a "6m0s" reset is waited at most this long before trying again). */
  maxServerDelayMs: number;
  /** Per-attempt timeout; 0 disables it. */
  timeoutMs: number;
}

/** Defaults: 5 retries, 500 ms doubling to 30 s, server delays up to 60 s, 120 s per attempt. */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxRetries: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxServerDelayMs: 60_000,
  timeoutMs: 120_000,
});

/**
 * Parses a Go-style duration as sent in x-ratelimit-reset-requests/-tokens ("1s", "6m0s", "20ms", "1h2m3.5s")
 * or a bare number of seconds. Returns ms, or undefined when unparseable.
 */
export function parseResetDuration(value: string): number | undefined {
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, µs: 0.001, ns: 0.000001 };
  const part = /(\d+(?:\.\d+)?)(ms|us|µs|ns|h|m|s)/gy;
  let total = 0;
  let matched = 0;
  for (let m = part.exec(text); m; m = part.exec(text)) {
    total += Number(m[1]) * units[m[2]];
    matched = part.lastIndex;
  }
  return matched === text.length && matched > 0 ? Math.round(total) : undefined;
}

/** Looks up a response header by lower-case name. */
export type HeaderLookup = (name: string) => string | null | undefined;

/**
 * The delay the server asked for, in ms: `retry-after-ms`, `Retry-After` (seconds or an HTTP date), or the
 * larger of `x-ratelimit-reset-requests` / `x-ratelimit-reset-tokens`. Undefined when none is present.
 */
export function serverRetryDelay(header: HeaderLookup, now: number = Date.now()): number | undefined {
  const ms = header('retry-after-ms');
  if (ms && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.round(Number(ms));
  const after = header('retry-after');
  if (after) {
    const seconds = after.trim();
    if (/^\d+(\.\d+)?$/.test(seconds)) return Math.round(Number(seconds) * 1000);
    const date = Date.parse(seconds);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const resets = ['x-ratelimit-reset-requests', 'x-ratelimit-reset-tokens']
    .map((name) => header(name))
    .map((value) => (value ? parseResetDuration(value) : undefined))
    .filter((value): value is number => value !== undefined);
  return resets.length > 0 ? Math.max(...resets) : undefined;
}

/** Full-jitter backoff: uniform in [0, min(maxDelay, base·2^retry)]. `retry` counts from 0. */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.round(random() * ceiling);
}

/** Sleeps `ms`, or rejects as soon as `signal` aborts (the timer is cleared either way). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortError(signal));
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The defaults with `overrides` on top, skipping the ones left undefined: a spread would let an unset setting
 * (`{ maxRetries: undefined }`, as callers pass an optional option on) replace the default, and
 * `retry >= undefined` never ends the loop — a dead endpoint was retried for an hour.
 */
export function retryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const set = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
  return { ...DEFAULT_RETRY_POLICY, ...set };
}

/** Options of {@link withRetries}. */
export interface RetryOptions {
  policy?: Partial<RetryPolicy>;
  signal?: AbortSignal;
  limiter?: AdaptiveLimiter;
  onRetry?: (info: RetryInfo) => void;
  /** Names the call in timeout messages, e.g. `task "generate_answers"`. */
  label?: string;
  random?: () => number;
}

/**
 * Runs `attempt` until it succeeds, a non-retryable error occurs, the retries are spent, or `signal` aborts.
 * `attempt` gets a signal that fires on the caller's abort or on the per-attempt timeout; it must pass it on
 * to its request so that nothing stays pending.
 */
export async function withRetries<T>(attempt: (signal: AbortSignal) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const policy = retryPolicy(options.policy);
  const { signal, limiter } = options;
  for (let retry = 0; ; retry++) {
    if (signal?.aborted) throw abortError(signal);
    const release = limiter ? await limiter.acquire(signal) : undefined;
    const epoch = limiter?.epoch;
    let error: unknown;
    let timedOut = false;
    const attemptController = new AbortController();
    const onAbort = () => attemptController.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer = policy.timeoutMs > 0
      ? setTimeout(() => { timedOut = true; attemptController.abort(); }, policy.timeoutMs)
      : undefined;
    try {
      const result = await attempt(attemptController.signal);
      limiter?.onSuccess();
      return result;
    } catch (caught) {
      error = caught;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      release?.();
    }
    if (signal?.aborted) throw abortError(signal);
    if (timedOut) {
      error = new TransportError(`${options.label ?? 'the request'} got no reply within ${policy.timeoutMs} ms`, 'timeout');
    }
    if (!(error instanceof TransportError) || !error.retryable) throw error;
    if (error.status === 429) limiter?.onRateLimited(epoch);
    if (retry >= policy.maxRetries) throw error;
    const delayMs = error.retryAfterMs !== undefined
      ? Math.min(error.retryAfterMs, policy.maxServerDelayMs)
      : backoffDelay(retry, policy, options.random);
    options.onRetry?.({ attempt: retry + 1, reason: error.message, delayMs });
    await sleep(delayMs, signal);
  }
}
