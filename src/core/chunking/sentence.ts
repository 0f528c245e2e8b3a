/**
 * The `sentence` splitter: the document's structural units (units.ts: sections, blocks, then items, sentences,
 * lines) packed into chunks of at most `chunkSize` exact tokens (pack.ts). Every chunk is counted exactly; one
 * found over the cap (the packer's sizes are sums of unit counts) is packed again with a lower target.
 */
import type { TextRange } from './chunk';
import { exactTokens } from './counting';
import { packUnits, type UnitRun } from './pack';
import { structuralUnits, trim, type TokenCounter, type Unit } from './units';

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
  return exactRanges(text, units, packUnits(units, chunkSize, undefined, exactOf(text, units, count)), chunkSize, count);
}

/** The whole (trimmed) text as one range when it fits; [] when blank; undefined when it must be split. */
export function fitsWhole(text: string, chunkSize: number, count: TokenCounter): CountedRange[] | undefined {
  const range = trimRange(text, { start: 0, end: text.length });
  if (range.end <= range.start) return [];
  // A token is rarely more than eight characters, so a longer text cannot fit: skip the wasted count.
  if (range.end - range.start > chunkSize * 8) return undefined;
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
    if (tokens <= chunkSize || run.to - run.from === 1) {
      out.push({ start, end, tokens });
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
