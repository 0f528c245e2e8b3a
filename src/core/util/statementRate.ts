/**
 * How many statements a chunk is asked for. Below the pipeline so that the before-the-run estimate
 * (src/core/llm/estimate.ts) and the shard weights follow the same rule as the run.
 */

/**
 * Chunk length per `statements_per_chunk`: a longer chunk may give proportionally more statements. 1,000 tokens
 * (about one statement per 200 tokens at the default of 5): at 4,000, a dense reference page of 1,200 tokens was
 * asked for 5 of its ~20 facts, and every trial's answerers found the cap dropping core facts.
 */
export const STATEMENT_RATE_TOKENS = 1000;

/** Most statements to ask of a chunk: `statements_per_chunk` per 1,000 tokens, never fewer than the parameter. */
export function statementsFor(tokens: number, statementsPerChunk: number): number {
  return Math.max(statementsPerChunk, Math.ceil((statementsPerChunk * tokens) / STATEMENT_RATE_TOKENS));
}
