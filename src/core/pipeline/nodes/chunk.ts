/** ChunkContent: splits every document with the configured splitter (H3's chunkDocument by default). */
import type { GraphNode } from '../../graph/types';
import { chunkDocument } from '../../chunking/index';
import { forEachBatch, isFatal } from '../llmCall';
import type { PipelineState } from '../state';
import { NODE } from './ids';

/**
 * Chunks the documents on the pool; a document that fails to chunk is reported and skipped.
 * Counts: in = documents with text, out = chunks, dropped = documents that could not be chunked.
 */
export const chunkContent: GraphNode<PipelineState> = {
  id: NODE.chunk,
  label: 'Split content into chunks (sentence or semantic)',
  next: [{ to: NODE.extract }],
  async run(state, ctx) {
    const rt = state.runtime;
    const chunker = rt.chunker ?? chunkDocument;
    const { splitterType, chunkSize, breakpointPercentileThreshold } = state.params;
    const embed = rt.llm.embed ? (texts: string[], signal?: AbortSignal) => rt.llm.embed!(texts, signal) : undefined;
    const perDoc: Array<Awaited<ReturnType<typeof chunker>>> = state.documents.map(() => []);
    const nonEmpty = state.documents.map((doc, i) => ({ doc, i })).filter(({ doc }) => doc.text.trim() !== '');
    let failed = 0;
    try {
      await forEachBatch(nonEmpty, async ({ doc, i }) => {
        try {
          perDoc[i] = await rt.pool.run(() => chunker(doc, i, { splitterType, chunkSize, breakpointPercentileThreshold, embed, signal: rt.signal }), rt.signal);
        } catch (error) {
          if (isFatal(error, rt.signal)) throw error;
          const message = `could not chunk ${doc.path}: ${error instanceof Error ? error.message : String(error)}`;
          state.errors.push({ node: NODE.chunk, subject: doc.path, message });
          failed++;
          ctx.warn(message);
        }
      });
    } finally {
      state.chunks.push(...perDoc.flat());
    }
    return { next: NODE.extract, counts: { in: nonEmpty.length, out: state.chunks.length, dropped: failed } };
  },
};
