/**
 * ExtractStatements: the factual statements of every chunk, batched, each aligned to its span of the
 * document (verbatim quote first, then the statement itself, fuzzily), keeping the alignment score.
 */
import type { GraphNode } from '../../graph/types';
import { shortHash } from '../../text/hash';
import { alignPassage, type Alignment } from '../../util/align';
import { normalizeText } from '../../util/similarity';
import { batchByTokens, textCost } from '../batching';
import { callTask, forEachBatch } from '../llmCall';
import type { Chunk, Statement } from '../../domain/records';
import type { PipelineState } from '../state';
import { NODE } from './ids';

/** Below this alignment score the span is not trusted: the statement points at its whole chunk. */
export const MIN_ALIGNMENT = 0.3;

/** Aligns a statement to its chunk: the quote first, the statement when the quote does not match well. */
export function alignStatement(chunk: Chunk, statement: string, quote: string): Alignment {
  let best: Alignment = { start: 0, end: 0, score: 0 };
  if (quote.trim()) best = alignPassage(quote, chunk.text);
  if (best.score < 1) {
    const own = alignPassage(statement, chunk.text);
    if (own.score > best.score) best = own;
  }
  // too weak to trust: no span of its own (alignment 0, as records.ts defines), the whole chunk instead
  if (best.score < MIN_ALIGNMENT) return { start: chunk.start, end: chunk.end, score: 0 };
  return { start: chunk.start + best.start, end: chunk.start + best.end, score: best.score };
}

/** Turns one chunk's reply into aligned, de-duplicated statements (at most `max`). */
export function statementsOf(chunk: Chunk, reply: Array<{ statement: string; quote: string }>, max: number): Statement[] {
  const seen = new Set<string>();
  const out: Statement[] = [];
  for (const { statement, quote } of reply) {
    const content = statement.trim();
    const key = normalizeText(content);
    if (!content || seen.has(key)) continue;
    seen.add(key);
    const a = alignStatement(chunk, content, quote ?? '');
    out.push({ id: shortHash([chunk.id, content]), chunkId: chunk.id, content, start: a.start, end: a.end, alignment: a.score });
    if (out.length >= max) break;
  }
  return out;
}

/**
 * The ExtractStatements node (batched by token budget; each chunk's statements stored as its batch returns).
 * Counts: in = statements the model proposed, out = kept, dropped = blank, duplicate or over statements_per_chunk.
 */
export const extractStatements: GraphNode<PipelineState> = {
  id: NODE.extract,
  label: 'Extract factual statements with their source spans',
  next: [{ to: NODE.questions }],
  async run(state, ctx) {
    const max = state.params.statementsPerChunk;
    const batches = batchByTokens(state.chunks, (c) => textCost(c.text), state.runtime.batchTokenBudget);
    let proposed = 0;
    let kept = 0;
    await forEachBatch(batches, async (batch) => {
      const reply = await callTask(state, NODE.extract, ctx, 'extract_statements', {
        chunks: batch.map((c) => ({ chunk_id: c.id, text: c.text, max_statements: max })),
      }, `chunks ${batch.map((c) => c.id).join(', ')}`);
      if (!reply) return;
      for (const chunk of batch) {
        const entry = reply.chunks.find((c) => c.chunk_id === chunk.id);
        const found = statementsOf(chunk, entry?.statements ?? [], max);
        proposed += entry?.statements.length ?? 0;
        kept += found.length;
        state.statementsByChunk.set(chunk.id, found);
        state.statements.push(...found);
      }
    });
    return { next: NODE.questions, counts: { in: proposed, out: kept, dropped: proposed - kept, retried: state.retries } };
  },
};
