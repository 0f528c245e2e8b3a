/**
 * Packing units into chunks: a stretch over the cap is cut at its strongest boundaries (outer headings first,
 * then inner headings, blocks, items, sentences, lines, blanks), the parts are cut further only where they are
 * still too big, and neighbouring parts merge again while they fit — so small sections share a chunk and a
 * large one splits at paragraphs before sentences. Scraps (under MIN_CHUNK_CHARS) then join a neighbour when
 * the result fits. Sizes use the units' exact counts plus one token per join; the caller counts each chunk
 * exactly and re-packs the rare one that is still over.
 */
import type { Unit } from './units';

/** Chunks shorter than this many characters are scraps: merged into a neighbour whenever that fits. */
export const MIN_CHUNK_CHARS = 500;

/** A run of units [from, to) (indices into the unit list). */
export interface UnitRun {
  from: number;
  to: number;
}

/** Sizes of unit runs in O(1): prefix sums of unit tokens. */
class Sizes {
  private readonly prefix: Float64Array;

  constructor(units: readonly Unit[]) {
    this.prefix = new Float64Array(units.length + 1);
    units.forEach((u, i) => { this.prefix[i + 1] = this.prefix[i] + u.tokens; });
  }

  /** Tokens of units [from, to) with one token per join. */
  of(from: number, to: number): number {
    return this.prefix[to] - this.prefix[from] + Math.max(0, to - from - 1);
  }
}

/**
 * Packs `units` into runs of at most `cap` tokens (see the module comment).
 * @param breaks indices of units a chunk must start at (the semantic splitter's breakpoints), unless that leaves a scrap
 */
export function packUnits(units: readonly Unit[], cap: number, breaks: ReadonlySet<number> = new Set(), exact?: (from: number, to: number) => number): UnitRun[] {
  if (units.length === 0) return [];
  const sizes = new Sizes(units);
  const runs: UnitRun[] = [];
  let from = 0;
  for (let i = 1; i <= units.length; i++) {
    if (i === units.length || breaks.has(i)) {
      runs.push(...packRange(units, sizes, from, i, cap));
      from = i;
    }
  }
  // The sizes are sums: a join that looks a little over the cap is counted exactly before a scrap is left alone.
  const fits = (from: number, to: number): boolean => {
    const estimate = sizes.of(from, to);
    return estimate <= cap || (exact !== undefined && estimate <= cap * 1.5 && exact(from, to) <= cap);
  };
  return headingsForward(units, mergeScraps(units, fits, runs), fits);
}

/** A heading left at the end of a run moves to the next run, where its body is, whenever it fits there. */
function headingsForward(units: readonly Unit[], runs: UnitRun[], fits: (from: number, to: number) => boolean): UnitRun[] {
  for (let i = 0; i + 1 < runs.length; i++) {
    const run = runs[i];
    if (run.to - run.from > 1 && units[run.to - 1].headingOnly && fits(run.to - 1, runs[i + 1].to)) {
      run.to--;
      runs[i + 1].from--;
    }
  }
  return runs;
}

function packRange(units: readonly Unit[], sizes: Sizes, from: number, to: number, cap: number): UnitRun[] {
  if (to - from <= 1 || sizes.of(from, to) <= cap) return [{ from, to }];
  let strongest = -Infinity;
  for (let i = from + 1; i < to; i++) strongest = Math.max(strongest, units[i].strength);
  const parts: UnitRun[] = [];
  let start = from;
  for (let i = from + 1; i <= to; i++) {
    if (i < to && units[i].strength < strongest) continue;
    parts.push(...packRange(units, sizes, start, i, cap));
    start = i;
  }
  // Neighbouring parts merge again while they fit.
  const merged: UnitRun[] = [];
  for (const part of parts) {
    const last = merged[merged.length - 1];
    if (last && sizes.of(last.from, part.to) <= cap) last.to = part.to;
    else merged.push({ ...part });
  }
  return merged;
}

function charsOf(units: readonly Unit[], run: UnitRun): number {
  return units[run.to - 1].end - units[run.from].start;
}

/** Joins each scrap to the neighbour it fits with, across the weaker boundary when both fit. */
function mergeScraps(units: readonly Unit[], fits: (from: number, to: number) => boolean, runs: UnitRun[]): UnitRun[] {
  const out = runs.map((r) => ({ ...r }));
  for (let i = 0; i < out.length; i++) {
    if (out.length < 2 || charsOf(units, out[i]) >= MIN_CHUNK_CHARS) continue;
    const prev = i > 0 && fits(out[i - 1].from, out[i].to);
    const next = i + 1 < out.length && fits(out[i].from, out[i + 1].to);
    if (!prev && !next) continue;
    const intoPrevious = prev && (!next || units[out[i].from].strength <= units[out[i + 1].from].strength);
    if (intoPrevious) {
      out[i - 1].to = out[i].to;
      out.splice(i, 1);
      i -= 2; // the grown chunk may still be a scrap
    } else {
      out[i].to = out[i + 1].to;
      out.splice(i + 1, 1);
      i -= 1;
    }
    if (i < -1) i = -1;
  }
  return out;
}
