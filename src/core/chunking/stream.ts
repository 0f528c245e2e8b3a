/**
 * Whole-tree chunking: turns a stream of ingested items into the same stream with each document's chunks,
 * in input order, optionally splitting on a worker pool (pool.ts) while the main thread keeps reading.
 * Chunks equal what chunkDocument returns for the same document and index.
 */
import type { IngestItem } from '../ingest';
import type { SourceDocument } from '../ingest/types';
import type { Chunk } from '../domain/records';
import { makeChunk } from './chunk';
import { chunkDocument, type ChunkOptions } from './index';
import type { ChunkPool } from './pool';

/** A document with its chunks (`docIndex` counts documents only, from 0), or a skipped file. */
export type ChunkedItem =
  | { kind: 'document'; document: SourceDocument; docIndex: number; chunks: Chunk[] }
  | Extract<IngestItem, { kind: 'skipped' }>;

/** Options of chunkStream. */
export interface ChunkStreamOptions {
  /** Workers for the sentence splitter (see startChunkPool); without one, documents are chunked in-thread. */
  pool?: ChunkPool;
  /** Documents chunked ahead of the consumer at most (default: 2 per worker + 2); bounds memory. */
  window?: number;
}

/**
 * Chunks every document of `items`, yielding results in input order. With a pool and the sentence splitter,
 * up to `window` documents are in flight on the workers; otherwise one at a time, in-thread.
 */
export async function* chunkStream(items: AsyncIterable<IngestItem>, options: ChunkOptions, streamOptions: ChunkStreamOptions = {}): AsyncGenerator<ChunkedItem> {
  const pool = options.splitterType === 'sentence' && !options.embed ? streamOptions.pool : undefined;
  let docIndex = 0;
  if (!pool) {
    for await (const item of items) {
      if (item.kind === 'skipped') yield item;
      else yield { kind: 'document', document: item.document, docIndex, chunks: await chunkDocument(item.document, docIndex++, options) };
    }
    return;
  }
  if (!Number.isFinite(options.chunkSize) || options.chunkSize < 1) {
    throw new RangeError(`chunkSize must be a positive number of tokens, got ${options.chunkSize}`);
  }
  const window = Math.max(1, streamOptions.window ?? pool.size * 2 + 2);
  const inFlight: Array<Promise<ChunkedItem>> = [];
  try {
    for await (const item of items) {
      options.signal?.throwIfAborted();
      inFlight.push(item.kind === 'skipped' ? Promise.resolve(item) : chunkOnPool(pool, item.document, docIndex++, options));
      if (inFlight.length >= window) yield await inFlight.shift()!;
    }
    while (inFlight.length) {
      options.signal?.throwIfAborted();
      yield await inFlight.shift()!;
    }
  } finally {
    // Results nobody will read must not reject unobserved.
    for (const p of inFlight) p.catch(() => undefined);
  }
}

async function chunkOnPool(pool: ChunkPool, doc: SourceDocument, docIndex: number, options: ChunkOptions): Promise<ChunkedItem> {
  if (doc.text.trim() === '') return { kind: 'document', document: doc, docIndex, chunks: [] };
  // Conversations split between exchanges, which needs their message ranges: in-thread.
  if (doc.session) return { kind: 'document', document: doc, docIndex, chunks: await chunkDocument(doc, docIndex, options) };
  let ranges;
  try {
    ranges = await pool.sentenceRanges(doc.text, options.chunkSize);
  } catch {
    // A worker that died (or a closed pool) must not lose the document: split it here instead; a splitter error
    // then surfaces with its own message.
    return { kind: 'document', document: doc, docIndex, chunks: await chunkDocument(doc, docIndex, options) };
  }
  return { kind: 'document', document: doc, docIndex, chunks: ranges.map((r) => makeChunk(doc, docIndex, r, r.tokens)) };
}
