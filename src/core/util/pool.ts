/**
 * A small bounded-concurrency pool: at most `limit` tasks run at once, the rest wait in order.
 * Every LLM call of a run goes through one pool, so nested batches never fan out without bound.
 */

/** Raised for work submitted after the signal was aborted. */
export function abortError(reason = 'the run was cancelled'): Error {
  return Object.assign(new Error(reason), { name: 'AbortError' });
}

/** Runs async tasks with at most `limit` in flight. */
export class Pool {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  /** Highest number of tasks seen in flight at once (for tests and stats). */
  maxInFlight = 0;

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency must be an integer of at least 1; got ${limit}`);
  }

  /** Runs `task` when a slot is free. Rejects with an AbortError if `signal` is aborted before it starts. */
  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    this.maxInFlight = Math.max(this.maxInFlight, this.active);
    try {
      if (signal?.aborted) throw abortError();
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

/**
 * Maps `items` through `fn` on the pool, settling every item (a failure does not stop the others).
 * Results are in input order.
 */
export function settleAll<I, O>(pool: Pool, items: readonly I[], fn: (item: I, index: number) => Promise<O>, signal?: AbortSignal): Promise<PromiseSettledResult<O>[]> {
  return Promise.allSettled(items.map((item, i) => pool.run(() => fn(item, i), signal)));
}
