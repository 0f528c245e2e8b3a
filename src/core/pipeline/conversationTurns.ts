/**
 * The turns of a conversation chunk, read back from its rendered text (`[turn N] role: content` blocks,
 * ingest/sessions/render.ts), so a statement's cited turn can be checked against what that turn says.
 */
import type { Statement } from '../domain/records';
import type { TaskStatement } from '../domain/tasks';

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

/** What a prompt shows of a statement beside its text: its scope when not current, its speaker and turn in a conversation. */
export function statementMarks(s: Pick<Statement, 'scope' | 'turn' | 'speaker'>): Pick<TaskStatement, 'scope' | 'turn' | 'speaker'> {
  return {
    ...(s.scope ? { scope: s.scope } : {}),
    ...(s.turn !== undefined ? { turn: s.turn } : {}),
    ...(s.speaker ? { speaker: s.speaker } : {}),
  };
}
