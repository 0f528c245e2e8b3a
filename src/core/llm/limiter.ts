/**
 * One adaptive concurrency limiter shared by every call of an LLM client: it halves its limit when the endpoint
 * answers 429 and grows back by one after a run of successes, so a rate-limited run slows down instead of
 * storming the endpoint. Waiters leave the queue as soon as their AbortSignal fires.
 */
import { abortError } from './errors';

/** Releases a slot; calling it more than once is harmless. */
export type Release = () => void;

interface Waiter {
  grant: (release: Release) => void;
  fail: (error: Error) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

/** Options of {@link AdaptiveLimiter}. */
export interface LimiterOptions {
  /** Successes in a row after which the limit grows by one (up to the maximum). Default 8. */
  growAfter?: number;
}

/** Adaptive concurrency limiter (AIMD: multiplicative decrease on 429, additive increase on success). */
export class AdaptiveLimiter {
  private current: number;
  private running = 0;
  private successes = 0;
  private decreases = 0;
  private readonly queue: Waiter[] = [];
  private readonly growAfter: number;

  /** @param max the most calls in flight at once (also the starting limit). */
  constructor(readonly max: number, options: LimiterOptions = {}) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`concurrency must be an integer >= 1; got ${max}`);
    this.current = max;
    this.growAfter = options.growAfter ?? 8;
  }

  /** The current limit (between 1 and `max`). */
  get limit(): number {
    return this.current;
  }
  /** Calls holding a slot now. */
  get active(): number {
    return this.running;
  }
  /** Calls waiting for a slot. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Waits for a slot. Rejects with the abort reason if `signal` fires first (the waiter leaves the queue). */
  acquire(signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) return Promise.reject(abortError(signal));
    return new Promise<Release>((resolve, reject) => {
      const waiter: Waiter = { grant: resolve, fail: reject, signal };
      if (signal) {
        waiter.onAbort = () => {
          const at = this.queue.indexOf(waiter);
          if (at >= 0) this.queue.splice(at, 1);
          reject(abortError(signal));
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.queue.push(waiter);
      this.pump();
    });
  }

  /** Counts the decreases; a call notes it when it starts (see {@link onRateLimited}). */
  get epoch(): number {
    return this.decreases;
  }

  /**
   * The endpoint said 429: halve the limit (not below 1). Pass the {@link epoch} read when the rate-limited call
   * started: a burst of 429s for calls that were all in flight together is one congestion signal, so only the
   * first of them halves (AIMD); without it, every 429 halves.
   */
  onRateLimited(startedInEpoch?: number): void {
    if (startedInEpoch !== undefined && startedInEpoch !== this.decreases) return;
    this.decreases++;
    this.current = Math.max(1, Math.floor(this.current / 2));
    this.successes = 0;
  }

  /** A call succeeded: after `growAfter` of them in a row, allow one more concurrent call. */
  onSuccess(): void {
    if (this.current >= this.max) return;
    this.successes++;
    if (this.successes >= this.growAfter) {
      this.successes = 0;
      this.current++;
      this.pump();
    }
  }

  private pump(): void {
    while (this.running < this.current && this.queue.length > 0) {
      const waiter = this.queue.shift()!;
      if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
      this.running++;
      let released = false;
      waiter.grant(() => {
        if (released) return;
        released = true;
        this.running--;
        this.pump();
      });
    }
  }
}
