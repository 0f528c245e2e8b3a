/**
 * Chunking a conversation: a conversation that fits is one chunk; otherwise it splits between exchanges (a
 * user turn with every turn that answers it, up to the next user turn), small exchanges sharing a chunk. An
 * exchange over the cap is cut inside its answer (paragraphs, then sentences) but never between the user's
 * turn and the first part of the answer to it.
 */
import type { SessionRef } from '../ingest/types';
import type { CountedRange, TokenCounter } from './sentence';
import { exactOf, exactRanges, fitsWhole, polish } from './sentence';
import { packUnits } from './pack';
import { STRENGTH, structuralUnits, type Unit } from './units';

/** Ranges of a rendered conversation `text` (its message ranges in `session`), each at most `chunkSize` tokens. */
export function exchangeRanges(text: string, session: SessionRef, chunkSize: number, count: TokenCounter): CountedRange[] {
  const whole = fitsWhole(text, chunkSize, count);
  if (whole) return whole;
  const units: Unit[] = [];
  for (const exchange of exchanges(text, session)) {
    const tokens = count(text.slice(exchange.start, exchange.end));
    if (tokens <= chunkSize) {
      units.push({ ...exchange, tokens, strength: STRENGTH.heading1 });
      continue;
    }
    const inner = structuralUnits(text.slice(exchange.start, exchange.end), chunkSize, count)
      .map((u) => ({ ...u, start: u.start + exchange.start, end: u.end + exchange.start }));
    // The first cut inside the answer is the weakest boundary: the question stays with the start of its answer.
    const answerStart = exchange.answerStart === -1 ? -1 : inner.findIndex((u) => u.start >= exchange.answerStart);
    if (answerStart > 0) inner[answerStart] = { ...inner[answerStart], strength: 0 };
    inner[0] = { ...inner[0], strength: STRENGTH.heading1 };
    units.push(...inner);
  }
  return polish(text, exactRanges(text, units, packUnits(units, chunkSize, undefined, exactOf(text, units, count)), chunkSize, count), chunkSize, count);
}

interface Exchange {
  start: number;
  end: number;
  /** Where the first turn after the user's starts (the answer); -1 while there is none. */
  answerStart: number;
}

const USER_TURN = /^(?:\[turn \d+\] )?(?:user|human|customer|client)\s*:/i;

/** The exchanges of a conversation; text before the first message (a metadata header) goes with the first. */
function exchanges(text: string, session: SessionRef): Exchange[] {
  const out: Exchange[] = [];
  let open: Exchange | undefined;
  let asked = false;
  for (const r of session.messageRanges) {
    const isUser = USER_TURN.test(text.slice(r.start, r.start + 48));
    if (open && isUser && open.answerStart !== -1) {
      out.push(open);
      open = undefined;
      asked = false;
    }
    open ??= { start: out.length === 0 ? 0 : r.start, end: r.end, answerStart: -1 };
    open.end = r.end;
    if (isUser) asked = true;
    else if (asked && open.answerStart === -1) open.answerStart = r.start;
  }
  if (open) out.push(open);
  return out;
}
