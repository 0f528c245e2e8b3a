/**
 * Chunking: splits a SourceDocument into Chunks sized in tokens, each with exact offsets into the document's
 * text and provenance back to the file lines (or session messages).
 */
import type { SourceDocument } from '../ingest/types';
import type { SplitterType } from '../domain/params';
import type { Chunk } from '../domain/records';
import { makeChunk, type TextRange } from './chunk';
import { semanticRanges } from './semantic';
import { sentenceRanges } from './sentence';
import { exactTokens } from './counting';
import { exchangeRanges } from './exchanges';

/** How to chunk. `chunkSize` is in tokens (o200k_base). */
export interface ChunkOptions {
  splitterType: SplitterType;
  chunkSize: number;
  /** Percentile (0..100) of neighbour distances above which the semantic splitter breaks. */
  breakpointPercentileThreshold: number;
  /** Embeds texts for the semantic splitter; without it a built-in lexical vector is used (works offline). */
  embed?: (texts: string[], signal?: AbortSignal) => Promise<number[][]>;
  signal?: AbortSignal;
}

/**
 * Splits `doc` into chunks of at most `options.chunkSize` tokens.
 * Each chunk's `text` equals `doc.text.slice(chunk.start, chunk.end)`; ids are stable for the same path, offset and text.
 * @param docIndex index of the document in the run's input list
 */
export async function chunkDocument(doc: SourceDocument, docIndex: number, options: ChunkOptions): Promise<Chunk[]> {
  if (!Number.isFinite(options.chunkSize) || options.chunkSize < 1) {
    throw new RangeError(`chunkSize must be a positive number of tokens, got ${options.chunkSize}`);
  }
  options.signal?.throwIfAborted();
  if (doc.text.trim() === '') return [];
  const ranges: Array<TextRange & { tokens?: number }> = doc.session
    ? exchangeRanges(doc.text, doc.session, options.chunkSize, exactTokens)
    : options.splitterType === 'semantic'
      ? await semanticRanges(doc.text, { ...options, count: exactTokens })
      : await sentenceRanges(doc.text, options.chunkSize);
  options.signal?.throwIfAborted();
  return ranges.map((r) => makeChunk(doc, docIndex, r, r.tokens ?? exactTokens(doc.text.slice(r.start, r.end))));
}

export type { TextRange } from './chunk';
