/**
 * One run at a time per dataset file: a second run on the same file waits for the first (it would otherwise
 * merge into a stale copy and lose pairs); runs on different files go ahead in parallel.
 */

/** A per-key FIFO of async jobs. */
export class RunQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** True while a job for `key` is running or queued. */
  isBusy(key: string): boolean {
    return this.tails.has(key);
  }

  /** Runs `job` after every earlier job for `key` has settled; resolves/rejects with the job's outcome. */
  run<T>(key: string, job: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(job, job);
    const tail = result.then(() => undefined, () => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
