import assert from 'node:assert/strict';
import { backoffDelay, DEFAULT_RETRY_POLICY, parseResetDuration, retryPolicy, serverRetryDelay, sleep, withRetries } from '../../../../src/core/llm/retry';
import { AdaptiveLimiter } from '../../../../src/core/llm/limiter';
import { TransportError } from '../../../../src/core/llm/errors';
import type { RetryInfo } from '../../../../src/core/llm/port';

const headers = (h: Record<string, string>) => (name: string) => h[name];

describe('llm: retries', () => {
  it('parses the reset durations OpenAI sends', () => {
    assert.equal(parseResetDuration('1s'), 1000);
    assert.equal(parseResetDuration('6m0s'), 360_000);
    assert.equal(parseResetDuration('20ms'), 20);
    assert.equal(parseResetDuration('1h2m3.5s'), 3_723_500);
    assert.equal(parseResetDuration('2'), 2000);
    assert.equal(parseResetDuration('soon'), undefined);
  });

  it('reads Retry-After as seconds or date, and the larger x-ratelimit reset', () => {
    assert.equal(serverRetryDelay(headers({ 'retry-after': '3' })), 3000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(serverRetryDelay(headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }), now), 5000);
    assert.equal(serverRetryDelay(headers({ 'x-ratelimit-reset-requests': '20ms', 'x-ratelimit-reset-tokens': '1s' })), 1000);
    assert.equal(serverRetryDelay(headers({ 'retry-after-ms': '150' })), 150);
    assert.equal(serverRetryDelay(headers({})), undefined);
  });

  it('uses full jitter bounded by the doubling ceiling', () => {
    const p = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };
    assert.equal(backoffDelay(0, p, () => 1), 100);
    assert.equal(backoffDelay(3, p, () => 1), 800);
    assert.equal(backoffDelay(10, p, () => 1), 1000);
    assert.equal(backoffDelay(3, p, () => 0), 0);
  });

  it('honours the server delay and reports each retry', async () => {
    const infos: RetryInfo[] = [];
    let calls = 0;
    const result = await withRetries(async () => {
      calls++;
      if (calls < 3) throw new TransportError('rate limited', 'http', 429, 5);
      return 'done';
    }, { onRetry: (i) => infos.push(i) });
    assert.equal(result, 'done');
    assert.deepEqual(infos.map((i) => i.delayMs), [5, 5]);
    assert.deepEqual(infos.map((i) => i.attempt), [1, 2]);
  });

  it('gives up after maxRetries with the last error', async () => {
    let calls = 0;
    await assert.rejects(withRetries(async () => {
      calls++;
      throw new TransportError('down', 'http', 502);
    }, { policy: { maxRetries: 2, baseDelayMs: 1 } }), /down/);
    assert.equal(calls, 3);
  });

  it('an option left undefined keeps its default: five retries, not retries without end', async () => {
    let calls = 0;
    await assert.rejects(withRetries(async () => {
      calls++;
      throw new TransportError('could not reach x: fetch failed', 'network');
    }, { policy: { maxRetries: undefined, baseDelayMs: 0, timeoutMs: undefined }, random: () => 0 }), /could not reach/);
    assert.equal(calls, DEFAULT_RETRY_POLICY.maxRetries + 1);
    assert.deepEqual(retryPolicy({ maxRetries: undefined, timeoutMs: 5 }), { ...DEFAULT_RETRY_POLICY, timeoutMs: 5 });
  });

  it('turns a hung attempt into a timeout and retries it', async () => {
    let calls = 0;
    const result = await withRetries((signal) => {
      calls++;
      if (calls === 1) {
        return new Promise<string>((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
      }
      return Promise.resolve('second');
    }, { policy: { timeoutMs: 20, baseDelayMs: 1 } });
    assert.equal(result, 'second');
    assert.equal(calls, 2);
  });

  it('stops promptly on abort during backoff, clearing its timer', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const run = withRetries(async () => { throw new TransportError('busy', 'http', 429, 60_000); },
      { signal: controller.signal, policy: { maxServerDelayMs: 60_000 } });
    setTimeout(() => controller.abort(), 10);
    await assert.rejects(run, (e: Error) => e.name === 'AbortError');
    assert.ok(Date.now() - started < 5000);
    // If the 60 s backoff timer were still pending, mocha (run without --exit) would hang here.
  });

  it('halves the limiter on 429', async () => {
    const limiter = new AdaptiveLimiter(8);
    let calls = 0;
    await withRetries(async () => {
      if (calls++ === 0) throw new TransportError('slow down', 'http', 429, 1);
      return 1;
    }, { limiter });
    assert.equal(limiter.limit, 4);
    assert.equal(limiter.active, 0);
  });

  it('a burst of 429s for calls in flight together halves the limiter once, a later 429 again', async () => {
    const limiter = new AdaptiveLimiter(8);
    let calls = 0;
    let open!: () => void;
    const gate = new Promise<void>((resolve) => { open = resolve; });
    const call = () => withRetries(async () => {
      // the first four calls are all in flight before any of them is refused
      if (++calls <= 4) {
        if (calls === 4) open();
        await gate;
        throw new TransportError('slow down', 'http', 429, 1);
      }
      return 1;
    }, { limiter });
    await Promise.all([call(), call(), call(), call()]);
    assert.equal(limiter.limit, 4, 'one congestion signal, one halving (not 8 → 1)');
    await assert.rejects(withRetries(async () => { throw new TransportError('slow down', 'http', 429, 1); }, { limiter, policy: { maxRetries: 0 } }));
    assert.equal(limiter.limit, 2, 'a 429 for a call started after the halving halves again');
  });

  it('sleep rejects immediately on an already aborted signal', async () => {
    const c = new AbortController();
    c.abort();
    await assert.rejects(sleep(1000, c.signal), (e: Error) => e.name === 'AbortError');
  });
});

describe('llm: adaptive limiter', () => {
  it('never runs more than the limit at once', async () => {
    const limiter = new AdaptiveLimiter(3);
    let running = 0;
    let peak = 0;
    await Promise.all(Array.from({ length: 12 }, async () => {
      const release = await limiter.acquire();
      running++;
      peak = Math.max(peak, running);
      await sleep(2);
      running--;
      release();
    }));
    assert.equal(peak, 3);
  });

  it('halves on 429 (not below 1) and grows back by one after N successes', () => {
    const limiter = new AdaptiveLimiter(8, { growAfter: 2 });
    limiter.onRateLimited();
    assert.equal(limiter.limit, 4);
    limiter.onRateLimited(); limiter.onRateLimited(); limiter.onRateLimited();
    assert.equal(limiter.limit, 1);
    limiter.onSuccess();
    assert.equal(limiter.limit, 1);
    limiter.onSuccess();
    assert.equal(limiter.limit, 2);
    for (let i = 0; i < 40; i++) limiter.onSuccess();
    assert.equal(limiter.limit, 8);
  });

  it('removes an aborted waiter from the queue', async () => {
    const limiter = new AdaptiveLimiter(1);
    const held = await limiter.acquire();
    const c = new AbortController();
    const waiting = limiter.acquire(c.signal);
    assert.equal(limiter.waiting, 1);
    c.abort();
    await assert.rejects(waiting, (e: Error) => e.name === 'AbortError');
    assert.equal(limiter.waiting, 0);
    held();
    held();
    assert.equal(limiter.active, 0);
  });
});
