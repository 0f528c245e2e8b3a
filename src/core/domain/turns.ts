/**
 * The turns of a conversation chunk, read back from its rendered text (`[turn N] role: content` blocks, as
 * ingest/sessions/render.ts writes them): the one reading of that convention for the reply schema, the
 * pipeline's turn-aware quote check and the offline engine. A turn's content that itself holds a line starting
 * `[turn N] role: ` would read as two turns.
 */

/** One turn inside a chunk: its number as shown (1-based), its speaker, and its content's range in the chunk text. */
export interface ChunkTurn {
  turn: number;
  speaker: string;
  /** [start, end) of the turn's content (after `[turn N] role: `) in the chunk's text. */
  start: number;
  end: number;
}

/** A turn label at the start of a line: `[turn 3] assistant: `. */
const TURN_LABEL = /^\[turn (\d+)\] ([^:\n]+): /gm;

/** The turns of a chunk's text, in order; empty when the text is not a rendered conversation. */
export function turnsOf(text: string): ChunkTurn[] {
  const labels = [...text.matchAll(TURN_LABEL)];
  return labels.map((m, i) => {
    const start = (m.index ?? 0) + m[0].length;
    const next = labels[i + 1]?.index ?? text.length;
    return { turn: Number(m[1]), speaker: m[2].trim(), start, end: start + text.slice(start, next).trimEnd().length };
  });
}

/** The turn whose content holds the offset `at` of the chunk text (undefined outside every turn). */
export function turnAt(turns: readonly ChunkTurn[], at: number): ChunkTurn | undefined {
  return turns.find((t) => at >= t.start && at < t.end);
}
