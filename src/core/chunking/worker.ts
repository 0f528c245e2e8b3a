/**
 * Worker-thread entry of the chunk pool (pool.ts): receives a document's text and a chunk size, answers with the
 * sentence splitter's ranges as a flat Int32Array [start, end, tokens, …] (no chunk text is copied back; the
 * main thread slices and hashes). Bundled on its own as dist/chunkWorker.js.
 */
import { parentPort } from 'node:worker_threads';
import { exactTokens } from './counting';
import { sentenceRanges } from './sentence';

/** A request to split one text. */
export interface RangeRequest {
  id: number;
  text: string;
  chunkSize: number;
}

/** The answer: ranges flattened as [start, end, tokens, …], or the error message. */
export type RangeResponse = { id: number; ranges: Int32Array } | { id: number; error: string } | { ready: true };

const port = parentPort;
if (port) {
  // Load the tokenizer before saying ready, so its start-up is not paid by the first document.
  exactTokens('warm up the tokenizer');
  port.on('message', (request: RangeRequest) => {
    sentenceRanges(request.text, request.chunkSize).then(
      (ranges) => {
        const flat = new Int32Array(ranges.length * 3);
        ranges.forEach((r, i) => flat.set([r.start, r.end, r.tokens], i * 3));
        port.postMessage({ id: request.id, ranges: flat } satisfies RangeResponse, [flat.buffer]);
      },
      (error: unknown) => port.postMessage({ id: request.id, error: String((error as Error)?.message ?? error) } satisfies RangeResponse),
    );
  });
  port.postMessage({ ready: true } satisfies RangeResponse);
}
