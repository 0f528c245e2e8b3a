/**
 * ExtractStatements: the factual statements of every chunk, batched, each verified by its quote (exact, then
 * fuzzily aligned to its span of the chunk, keeping the alignment score). A statement whose quote is not in the
 * chunk is dropped before any question is asked, with the reason in the log.
 */
import type { GraphNode } from '../../graph/types';
import { shortHash } from '../../text/hash';
import { alignPassage, type Alignment } from '../../util/align';
import { normalizeText } from '../../util/similarity';
import { statementsFor } from '../allocate';
import { MAX_STATEMENTS_PER_CALL, MIN_EXTRACT_TOKENS_PER_CALL, callsFor, promptLimit, splitEvenly, textCost } from '../batching';
import { headingLine } from '../evidence';
import { callTask, forEachBatch, newTally } from '../llmCall';
import { localId } from '../callIds';
import type { Chunk, Statement } from '../../domain/records';
import type { ConversationAttribution, StatementScope } from '../../domain/tasks';
import { turnAt, turnsOf, type ChunkTurn } from '../../domain/turns';
import type { PipelineState } from '../state';
import { NODE } from './ids';
import { materialOf } from './steering';

/** Below this alignment score a quote is not found in its chunk: the statement is dropped. */
export const MIN_ALIGNMENT = 0.5;

/**
 * Verifies a statement's quote against its chunk: exact first, then the fuzzy aligner (hard-wrapped or
 * re-punctuated quotes still match). Returns the span in document offsets, or undefined when the quote is blank
 * or matches nothing well enough.
 */
export function alignQuote(chunk: Chunk, quote: string): Alignment | undefined {
  if (!quote.trim()) return undefined;
  const found = alignPassage(quote, chunk.text);
  if (found.score < MIN_ALIGNMENT || found.end <= found.start) return undefined;
  return { start: chunk.start + found.start, end: chunk.start + found.end, score: found.score };
}

/** A statement the model proposed and the pipeline did not keep, with the reason. */
export interface DroppedStatement {
  statement: string;
  reason: string;
}

/** One chunk's statements: those kept, and those dropped before any question is asked. */
export interface ChunkStatements {
  kept: Statement[];
  dropped: DroppedStatement[];
}

/** A statement as a reply proposes it (conversation replies add the attribution fields). */
export type ProposedStatement = { statement: string; quote: string; scope?: StatementScope } & Partial<ConversationAttribution>;

/**
 * Turns one chunk's reply into verified, de-duplicated statements (at most `max`): each keeps the chunk text its
 * quote aligned to as `quote`; a statement whose quote is not in the chunk is dropped, with the reason. In a
 * conversation chunk the quote must be in the turn the statement cites (a reply that cites none gets the turn its
 * quote aligned in), the statement keeps that turn and its speaker, and a claim the conversation contradicted or
 * left unsure is dropped: it never becomes ground truth.
 */
export function statementsOf(chunk: Chunk, reply: ProposedStatement[], max: number): ChunkStatements {
  const seen = new Set<string>();
  const kept: Statement[] = [];
  const dropped: DroppedStatement[] = [];
  const turns = chunk.provenance.kind === 'session' ? turnsOf(chunk.text) : [];
  for (const proposed of reply) {
    const { statement, quote, scope } = proposed;
    const content = statement.trim();
    const key = normalizeText(content);
    if (!content) continue;
    if (seen.has(key)) {
      dropped.push({ statement: content, reason: 'a duplicate of another statement of the chunk' });
      continue;
    }
    const standing = proposed.standing ?? 'established';
    if (standing !== 'established') {
      dropped.push({ statement: content, reason: `${standing === 'contradicted' ? 'the conversation later contradicts it' : 'its speaker was unsure of it'}${proposed.turn !== undefined ? ` (turn ${proposed.turn})` : ''}` });
      continue;
    }
    if (kept.length >= max) {
      dropped.push({ statement: content, reason: `over the chunk's ${max} statements` });
      continue;
    }
    const found = turns.length > 0 ? alignInTurn(chunk, turns, quote ?? '', proposed.turn) : { a: alignQuote(chunk, quote ?? '') };
    const a = found.a;
    if (!a) {
      dropped.push({ statement: content, reason: found.why ?? (quote?.trim() ? `its quote "${clip(quote)}" is not in the chunk` : 'it has no quote') });
      continue;
    }
    seen.add(key);
    const text = chunk.text.slice(a.start - chunk.start, a.end - chunk.start);
    const marked = scope === 'planned' || scope === 'history' ? { scope } : {};
    const attributed = found.turn ? { turn: found.turn.turn, speaker: found.turn.speaker } : {};
    kept.push({ id: shortHash([chunk.id, content]), chunkId: chunk.id, content, quote: text, start: a.start, end: a.end, alignment: a.score, ...marked, ...attributed });
  }
  return { kept, dropped };
}

/**
 * The turn-aware quote check: with a cited turn, the quote is aligned inside that turn's content only; without
 * one, anywhere in the chunk, and the statement is attributed to the turn it aligned in.
 */
function alignInTurn(chunk: Chunk, turns: readonly ChunkTurn[], quote: string, cited: number | undefined): { a?: Alignment; turn?: ChunkTurn; why?: string } {
  if (cited === undefined) {
    const a = alignQuote(chunk, quote);
    // the quote's last character names the turn (a quote copied with its `[turn N] role:` label starts before it)
    return { a, turn: a ? turnAt(turns, a.end - chunk.start - 1) : undefined };
  }
  const turn = turns.find((t) => t.turn === cited);
  if (!turn) return { why: `it cites turn ${cited}, which is not in the chunk` };
  const inTurn = { ...chunk, start: chunk.start + turn.start, text: chunk.text.slice(turn.start, turn.end) };
  const a = alignQuote(inTurn, quote);
  return a ? { a, turn } : { why: quote.trim() ? `its quote "${clip(quote)}" is not in turn ${cited}` : 'it has no quote' };
}

/** A quote shortened for a log line. */
function clip(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > 80 ? `${one.slice(0, 77)}…` : one;
}

/**
 * The ExtractStatements node (split into even shares of the corpus to fill the concurrency, each within the token
 * budget and a cap on statements per call; each chunk's statements stored as its batch returns).
 * Counts: in = statements the model proposed, out = kept, dropped = blank, duplicate, over statements_per_chunk or
 * with a quote not found in the chunk (each named in a warning).
 */
export const extractStatements: GraphNode<PipelineState> = {
  id: NODE.extract,
  label: 'Extract factual statements with their source spans',
  next: [{ to: NODE.questions }],
  async run(state, ctx) {
    const rate = state.params.statementsPerChunk;
    const tally = newTally();
    // even shares of the corpus to fill the concurrency; a call's statements are capped so that its reply stays short
    const corpusTokens = state.chunks.reduce((n, c) => n + c.tokens, 0);
    const calls = callsFor(corpusTokens, state.runtime.splitCalls, MIN_EXTRACT_TOKENS_PER_CALL);
    const batches = splitEvenly(state.chunks, (c) => c.tokens, calls, [
      promptLimit((c) => textCost(c.text), state.runtime.batchTokenBudget),
      { measure: (c) => statementsFor(c.tokens, rate), max: MAX_STATEMENTS_PER_CALL },
    ]);
    let proposed = 0;
    let kept = 0;
    await forEachBatch(batches, async (batch) => {
      const reply = await callTask(state, NODE.extract, ctx, 'extract_statements', {
        ...materialOf(state),
        chunks: batch.map((c, i) => {
          const heading = headingLine(c);
          return { chunk_id: localId('c', i), ...(heading ? { heading_path: heading } : {}), text: c.text, max_statements: statementsFor(c.tokens, rate) };
        }),
      }, `chunks ${batch.map((c) => c.id).join(', ')}`, tally);
      if (!reply) return;
      for (const [i, chunk] of batch.entries()) {
        const entry = reply.chunks.find((c) => c.chunk_id === localId('c', i));
        const found = statementsOf(chunk, entry?.statements ?? [], statementsFor(chunk.tokens, rate));
        proposed += entry?.statements.length ?? 0;
        kept += found.kept.length;
        state.statementsByChunk.set(chunk.id, found.kept);
        state.statements.push(...found.kept);
        const unverified = found.dropped.filter((d) => !d.reason.startsWith('over ') && !d.reason.startsWith('a duplicate'));
        // (contradicted and unsure claims are among them: a reader of the log sees which agent claims were left out)
        if (unverified.length > 0) {
          ctx.warn(`${chunk.path} (chunk ${chunk.id}): ${unverified.length} statement(s) dropped before questions: ${unverified.map((d) => `"${clip(d.statement)}" — ${d.reason}`).join('; ')}`);
        }
      }
    });
    return { next: NODE.questions, counts: { in: proposed, out: kept, dropped: proposed - kept, retried: tally.retried } };
  },
};
