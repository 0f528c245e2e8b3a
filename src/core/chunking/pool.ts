/**
 * A small pool of worker threads that run the sentence splitter, so a whole-tree ingest uses more than one core
 * while the main thread discovers and reads files. Workers only compute ranges and token counts; chunk ids and
 * provenance are built on the main thread from the document (see stream.ts), so results equal chunkDocument's.
 *
 * The worker script is found next to the running code: dist/chunkWorker.js in the bundles, worker.ts (loaded
 * through tsx) when running from source. When neither exists, `startChunkPool` answers undefined and callers
 * chunk in-thread.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CountedRange } from './sentence';
import type { RangeRequest, RangeResponse } from './worker';

/** File name of the bundled worker, next to dist/extension.js and dist/cli.js. */
export const BUNDLED_WORKER = 'chunkWorker.js';

/** A started pool of sentence-splitter workers. */
export interface ChunkPool {
  /** Number of workers. */
  readonly size: number;
  /** Exact-token ranges of `text` for the sentence splitter (same as sentenceRanges(text, chunkSize)). */
  sentenceRanges(text: string, chunkSize: number): Promise<CountedRange[]>;
  /** Stops the workers; pending requests are rejected. */
  close(): Promise<void>;
}

/** Where the worker script is: the bundled JavaScript, or the TypeScript source (run through tsx). */
export interface WorkerEntry {
  file: string;
  typescript: boolean;
}

/**
 * The worker script next to the running code (`dir`, default this module's folder); undefined when there is
 * none (ESM callers without __dirname included), so callers chunk in-thread.
 */
export function locateWorker(dir: string | undefined = typeof __dirname === 'string' ? __dirname : undefined): WorkerEntry | undefined {
  if (!dir) return undefined;
  const bundled = join(dir, BUNDLED_WORKER);
  if (existsSync(bundled)) return { file: bundled, typescript: false };
  const source = join(dir, 'worker.ts');
  if (existsSync(source)) return { file: source, typescript: true };
  return undefined;
}

interface Pending {
  resolve: (ranges: CountedRange[]) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
}

/**
 * Starts `size` workers (default: min(2, available cores)) and waits until each has loaded its tokenizer.
 * Answers undefined when no worker script is found or a worker cannot start (callers then chunk in-thread).
 */
export async function startChunkPool(size = Math.min(2, availableParallelism())): Promise<ChunkPool | undefined> {
  const entry = locateWorker();
  if (!entry || size < 1) return undefined;
  const slots: Slot[] = [];
  try {
    for (let i = 0; i < size; i++) slots.push(startSlot(entry));
    await Promise.all(slots.map((s) => ready(s.worker)));
    // Idle workers must not keep the process alive (a busy one is ref'd while it has work).
    for (const s of slots) s.worker.unref();
  } catch {
    await Promise.all(slots.map((s) => s.worker.terminate()));
    return undefined;
  }
  let nextId = 0;
  let closed = false;
  return {
    size,
    sentenceRanges(text, chunkSize) {
      if (closed) return Promise.reject(new Error('chunk pool is closed; start a new one with startChunkPool()'));
      // The least busy worker takes it (documents differ a lot in size, so round-robin would queue behind big ones).
      const slot = slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
      const id = nextId++;
      return new Promise<CountedRange[]>((resolve, reject) => {
        if (slot.pending.size === 0) slot.worker.ref();
        slot.pending.set(id, { resolve, reject });
        slot.worker.postMessage({ id, text, chunkSize } satisfies RangeRequest);
      });
    },
    async close() {
      closed = true;
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}

function startSlot(entry: WorkerEntry): Slot {
  // Node 20 does not apply `--import tsx` to a worker's own .ts entry, so from source tsx's require hook is
  // installed by a one-line CommonJS bootstrap.
  const worker = entry.typescript
    ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(entry.file)});`, { eval: true })
    : new Worker(entry.file);
  const slot: Slot = { worker, pending: new Map() };
  worker.on('message', (message: RangeResponse) => {
    if ('ready' in message) return;
    const pending = slot.pending.get(message.id);
    if (!pending) return;
    slot.pending.delete(message.id);
    if (slot.pending.size === 0) worker.unref();
    if ('error' in message) pending.reject(new Error(message.error));
    else pending.resolve(unflatten(message.ranges));
  });
  const failAll = (error: Error): void => {
    for (const p of slot.pending.values()) p.reject(error);
    slot.pending.clear();
  };
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`chunk worker exited (code ${code})`)));
  return slot;
}

function ready(worker: Worker): Promise<void> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: RangeResponse): void => {
      if ('ready' in message) { worker.off('message', onMessage); worker.off('error', reject); resolve(); }
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`chunk worker exited during start-up (code ${code})`)));
  });
}

function unflatten(flat: Int32Array): CountedRange[] {
  const ranges: CountedRange[] = [];
  for (let i = 0; i < flat.length; i += 3) ranges.push({ start: flat[i], end: flat[i + 1], tokens: flat[i + 2] });
  return ranges;
}
