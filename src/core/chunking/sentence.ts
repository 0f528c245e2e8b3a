/**
 * The `sentence` splitter: the document's structural units (units.ts: sections, blocks, then items, sentences,
 * lines) packed into chunks of at most `chunkSize` exact tokens (pack.ts). Every chunk is counted exactly; one
 * found over the cap (the packer's sizes are sums of unit counts) is packed again with a lower target.
 */
import type { TextRange } from './chunk';
import { exactTokens } from './counting';
import { MIN_CHUNK_CHARS, packUnits, type UnitRun } from './pack';
import { exactSplit, structuralUnits, trim, type TokenCounter, type Unit } from './units';

export type { TokenCounter } from './units';

/** A range with its exact token count. */
export interface CountedRange extends TextRange {
  tokens: number;
}

/**
 * Splits `text` into ranges of at most `chunkSize` exact tokens, trimmed of surrounding blanks.
 * @param count exact counter (default: the shared fast exact counter)
 */
export async function sentenceRanges(text: string, chunkSize: number, count: TokenCounter = exactTokens): Promise<CountedRange[]> {
  const whole = fitsWhole(text, chunkSize, count);
  if (whole) return whole;
  const units = structuralUnits(text, chunkSize, count);
  return polish(text, exactRanges(text, units, packUnits(units, chunkSize, undefined, exactOf(text, units, count)), chunkSize, count), chunkSize, count);
}

const LAST_LINE_HEADING = /(?:^|\n)[ ]{0,3}#{1,6}[ \t][^\n]*$/;

/**
 * The last pass, on exact counts (unit sizes were partly estimates): a chunk that ends on a heading gives it to
 * the next chunk when they fit together, and a scrap joins a neighbour it fits with.
 */
export function polish(text: string, ranges: CountedRange[], chunkSize: number, count: TokenCounter): CountedRange[] {
  const out = ranges.map((r) => ({ ...r }));
  for (let i = 0; i + 1 < out.length; i++) {
    const tail = LAST_LINE_HEADING.exec(text.slice(out[i].start, out[i].end));
    if (!tail || tail.index === 0) continue;
    const headingStart = out[i].start + tail.index + (tail[0].startsWith('\n') ? 1 : 0);
    const joined = count(text.slice(headingStart, out[i + 1].end));
    if (joined > chunkSize) continue;
    const rest = trimRange(text, { start: out[i].start, end: headingStart });
    out[i] = { ...rest, tokens: count(text.slice(rest.start, rest.end)) };
    out[i + 1] = { start: headingStart, end: out[i + 1].end, tokens: joined };
  }
  for (let i = 0; i < out.length && out.length > 1; i++) {
    if (out[i].end - out[i].start >= MIN_CHUNK_CHARS) continue;
    const withPrevious = i > 0 ? count(text.slice(out[i - 1].start, out[i].end)) : Infinity;
    const withNext = i + 1 < out.length ? count(text.slice(out[i].start, out[i + 1].end)) : Infinity;
    if (Math.min(withPrevious, withNext) > chunkSize) continue;
    if (withPrevious <= withNext) {
      out[i - 1] = { start: out[i - 1].start, end: out[i].end, tokens: withPrevious };
      out.splice(i, 1);
      i = Math.max(-1, i - 2);
    } else {
      out[i] = { start: out[i].start, end: out[i + 1].end, tokens: withNext };
      out.splice(i + 1, 1);
      i = Math.max(-1, i - 1);
    }
  }
  return out;
}

/** The whole (trimmed) text as one range when it fits; [] when blank; undefined when it must be split. */
export function fitsWhole(text: string, chunkSize: number, count: TokenCounter): CountedRange[] | undefined {
  const range = trimRange(text, { start: 0, end: text.length });
  if (range.end <= range.start) return [];
  // Prose averages about four characters a token: a longer text rarely fits, and one that does is packed into a
  // single run anyway (then counted once), so the whole-text count is only spent where it likely pays.
  if (range.end - range.start > chunkSize * 4) return undefined;
  const tokens = count(text.slice(range.start, range.end));
  return tokens <= chunkSize ? [{ ...range, tokens }] : undefined;
}

/** The runs as text ranges with exact counts; a run over the cap is packed again, aiming lower. */
export function exactRanges(text: string, units: readonly Unit[], runs: readonly UnitRun[], chunkSize: number, count: TokenCounter): CountedRange[] {
  const out: CountedRange[] = [];
  for (const run of runs) {
    const start = units[run.from].start;
    const end = units[run.to - 1].end;
    const tokens = count(text.slice(start, end));
    if (tokens <= chunkSize) {
      out.push({ start, end, tokens });
      continue;
    }
    if (run.to - run.from === 1) {
      // A unit whose estimate was low: cut it with exact counts.
      const pieces = exactSplit(text, { start, end }, chunkSize, count);
      out.push(...pieces.map((p) => ({ start: p.start, end: p.end, tokens: count(text.slice(p.start, p.end)) })));
      continue;
    }
    const sub = units.slice(run.from, run.to);
    let target = chunkSize;
    let again: UnitRun[] = [];
    for (let attempt = 0; attempt < 8 && again.length < 2; attempt++) {
      target = Math.max(1, Math.floor(target * (chunkSize / tokens) * 0.95));
      again = packUnits(sub, target, undefined, exactOf(text, sub, count));
    }
    if (again.length < 2) again = sub.map((_, i) => ({ from: i, to: i + 1 }));
    out.push(...exactRanges(text, sub, again, chunkSize, count));
  }
  return out;
}

/** Exact token count of the text of units [from, to). */
export function exactOf(text: string, units: readonly Unit[], count: TokenCounter): (from: number, to: number) => number {
  return (from, to) => count(text.slice(units[from].start, units[to - 1].end));
}

/** Shrinks a range so it neither starts nor ends with whitespace. */
export function trimRange(text: string, range: TextRange): TextRange {
  return trim(text, range.start, range.end);
}
