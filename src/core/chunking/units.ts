/**
 * The units chunks are made of, with the strength of the boundary before each: a heading glued to the block
 * under it (so no chunk ends on a bare heading), whole code blocks, tables, lists and paragraphs; a unit over
 * the chunk size is cut finer — a list into its items, prose into sentences (sentenceEnds: never inside inline
 * code, abbreviations or versions), code into lines, tables between rows, and only then at blanks.
 */
import type { TextRange } from './chunk';
import { parseBlocks, type Block } from './blocks';
import { continuesInLowercase, closesSentence, sentenceEnds } from '../text/sentences';
import { calibrate, estimateTokens } from './counting';

/** How strong the boundary before a unit is: breaking at a stronger one keeps more of the structure. */
export const STRENGTH = {
  /** Before a heading of level 1 (outermost); deeper headings are weaker by one per level. */
  heading1: 20,
  block: 10,
  item: 6,
  sentence: 4,
  line: 2,
  word: 1,
} as const;

/** A piece of text that a chunk boundary may come before, with its exact token count. */
export interface Unit extends TextRange {
  tokens: number;
  /** Strength of the boundary before this unit (see STRENGTH). */
  strength: number;
  /** A heading that could not share a unit with its body (the two are over the cap together). */
  headingOnly?: boolean;
}

/** An exact token counter. */
export type TokenCounter = (text: string) => number;

const ITEM_START = /^[ \t]*(?:[-*+•][ \t]|\d{1,3}[.)][ \t]|[a-zA-Z][.)][ \t]|#\.[ \t])/;

/**
 * The units of `text`: one per block (headings glued forward), finer ones inside blocks over `chunkSize` tokens.
 * A unit's `tokens` is exact near the cap and a calibrated estimate well under it (counting every unit exactly
 * cost as much again as counting the chunks); the chunks themselves are always counted exactly.
 */
export function structuralUnits(text: string, chunkSize: number, exact: TokenCounter): Unit[] {
  const factor = calibrate(text);
  const count: TokenCounter = (piece) => {
    const estimate = Math.ceil(estimateTokens(piece) * factor);
    return estimate <= chunkSize * 0.5 ? estimate : exact(piece);
  };
  // Code and tables are counted exactly: their estimate can be half the truth, and an atomic block taken to fit
  // would later be cut at lines (with its heading) when the exact count finds the chunk over the cap.
  const isAtomic = (block: Block) => block.kind === 'code' || block.kind === 'table';
  const tokensUpTo = (start: number, block: Block) => (isAtomic(block) ? exact : count)(text.slice(start, block.end));
  const units: Unit[] = [];
  let glue: { start: number; strength: number } | undefined;
  const blocks = parseBlocks(text);
  for (const [i, block] of blocks.entries()) {
    if (block.kind === 'heading') {
      glue ??= { start: block.start, strength: STRENGTH.heading1 + 1 - (block.level ?? 1) };
      continue;
    }
    const last = units[units.length - 1];
    if (!glue && last && continuesSentence(text, block, blocks[i - 1]) && last.end === blocks[i - 1].end && !last.headingOnly
      && tokensUpTo(last.start, block) <= chunkSize) {
      // "… input lines of the form" [code] "will be replaced with either" [code] "depending on whether …": one
      // sentence around code blocks; its lowercase continuation reopens the unit before it instead of starting one
      units.pop();
      glue = { start: last.start, strength: last.strength };
    }
    if (introducesNext(text, block, blocks[i + 1]) && tokensUpTo(glue?.start ?? block.start, blocks[i + 1]) <= chunkSize) {
      // "… from the following files:" and the list or code it introduces are one unit: apart, both lose their sense
      glue ??= { start: block.start, strength: STRENGTH.block };
      continue;
    }
    const start = glue?.start ?? block.start;
    const strength = glue?.strength ?? STRENGTH.block;
    glue = undefined;
    const atomic = isAtomic(block);
    const tokens = tokensUpTo(start, block);
    if (tokens <= chunkSize) {
      units.push({ start, end: block.end, tokens, strength });
      continue;
    }
    let fine = finerUnits(text, block, chunkSize, count);
    if (start < block.start) {
      // The heading stays with the first piece of its block (cut finer to leave it room); when even that is over
      // the cap, it stands before it across the weakest boundary there is.
      const room = chunkSize - count(text.slice(start, block.start)) - 1;
      if (count(text.slice(start, fine[0].end)) > chunkSize && room >= 1 && block.kind !== 'code' && block.kind !== 'table') {
        const first = finerUnits(text, { ...block, end: fine[0].end }, room, count);
        fine = [...first, ...fine.slice(1)];
      }
      const headed = atomic ? exact(text.slice(start, fine[0].end)) : count(text.slice(start, fine[0].end));
      if (headed <= chunkSize) {
        fine[0] = { ...fine[0], start, strength, tokens: headed };
      } else {
        fine[0] = { ...fine[0], strength: 0 };
        fine.unshift(...fitted(text, trim(text, start, block.start), strength, chunkSize, count).map((u) => ({ ...u, headingOnly: true })));
      }
    } else {
      fine[0] = { ...fine[0], strength };
    }
    units.push(...fine);
  }
  if (glue) {
    // Headings at the very end of a document have no body to go with: they close the last unit when it fits.
    const end = blocks[blocks.length - 1].end;
    const last = units[units.length - 1];
    const joined = last ? count(text.slice(last.start, end)) : Infinity;
    if (last && joined <= chunkSize) units[units.length - 1] = { ...last, end, tokens: joined };
    else units.push(...fitted(text, { start: glue.start, end }, glue.strength, chunkSize, count));
  }
  return units;
}

/**
 * True when `block` is a paragraph ending in a colon, or before its sentence ends ("input lines of the form"), and
 * `next` the code, list or table it introduces.
 */
function introducesNext(text: string, block: Block, next: Block | undefined): next is Block {
  if (block.kind !== 'paragraph' || next === undefined || next.kind === 'heading' || next.kind === 'paragraph') return false;
  const body = text.slice(block.start, block.end);
  return /:\s*$/u.test(body) || !closesSentence(body);
}

/**
 * True when `block` is a paragraph that carries on the sentence of the code, list or table before it: it starts
 * in lowercase ("will be replaced with either", "depending on whether …"), as no new sentence does.
 */
function continuesSentence(text: string, block: Block, previous: Block | undefined): boolean {
  return block.kind === 'paragraph' && previous !== undefined && previous.kind !== 'heading' && previous.kind !== 'paragraph'
    && continuesInLowercase(text.slice(block.start, block.end));
}

/** A range over the cap as units of at most `chunkSize` exact tokens (lines, blanks, then anywhere). */
export function exactSplit(text: string, range: TextRange, chunkSize: number, count: TokenCounter): Unit[] {
  return split(text, range, lineCuts(text, range), STRENGTH.line, chunkSize, count);
}

/** `range` as one unit of `strength`, or cut at blanks (then anywhere) when it is over the cap. */
function fitted(text: string, range: TextRange, strength: number, chunkSize: number, count: TokenCounter): Unit[] {
  const tokens = count(text.slice(range.start, range.end));
  if (tokens <= chunkSize) return [{ ...range, tokens, strength }];
  const pieces = split(text, range, blankCuts(text, range), STRENGTH.word, chunkSize, count);
  if (pieces.length) pieces[0] = { ...pieces[0], strength };
  return pieces;
}

/** A block over the chunk size as smaller units (items, sentences, lines, then blanks). */
function finerUnits(text: string, block: Block, chunkSize: number, count: TokenCounter): Unit[] {
  const pieces: Array<TextRange & { strength: number }> = [];
  if (block.kind === 'list') {
    let itemStart = block.start;
    for (let nl = text.indexOf('\n', block.start); nl !== -1 && nl < block.end; nl = text.indexOf('\n', nl + 1)) {
      const next = text.indexOf('\n', nl + 1);
      const line = text.slice(nl + 1, next === -1 || next > block.end ? block.end : next);
      // Only top-level items start a new unit; nested ones stay with their parent.
      if (ITEM_START.test(line) && !/^[ \t]/.test(line)) {
        pieces.push({ start: itemStart, end: nl, strength: STRENGTH.item });
        itemStart = nl + 1;
      }
    }
    pieces.push({ start: itemStart, end: block.end, strength: STRENGTH.item });
  } else {
    pieces.push({ start: block.start, end: block.end, strength: STRENGTH.block });
  }
  const out: Unit[] = [];
  for (const piece of pieces) {
    const before = out.length;
    const tokens = count(text.slice(piece.start, piece.end));
    if (tokens <= chunkSize) out.push({ ...piece, tokens });
    else if (block.kind === 'code') out.push(...split(text, piece, lineCuts(text, piece), STRENGTH.line, chunkSize, count));
    else if (block.kind === 'table') out.push(...split(text, piece, rowCuts(text, piece), STRENGTH.line, chunkSize, count));
    else out.push(...split(text, piece, sentenceEnds(text, piece.start, piece.end), STRENGTH.sentence, chunkSize, count));
    if (out.length > before) out[before].strength = piece.strength;
  }
  return out;
}

/**
 * Where a table over the cap may be cut: between rows. A pipe table's row is a line; a grid table's rows are
 * separated by `+---+` border lines, and a cut goes after a border, never between the lines of one row.
 */
function rowCuts(text: string, range: TextRange): number[] {
  const lines = lineCuts(text, range);
  if (text[range.start] !== '+') return lines;
  return lines.filter((nl) => {
    const lineStart = text.lastIndexOf('\n', nl - 1) + 1;
    return /^[ \t]*\+[-=+]/.test(text.slice(lineStart, nl)) && text[nl + 1] !== '+';
  });
}

function lineCuts(text: string, range: TextRange): number[] {
  const cuts: number[] = [];
  for (let nl = text.indexOf('\n', range.start); nl !== -1 && nl < range.end; nl = text.indexOf('\n', nl + 1)) cuts.push(nl);
  return cuts;
}

/** `range` cut at `cuts` into units of `strength`; a piece still over the cap is cut at lines, blanks, then anywhere. */
function split(text: string, range: TextRange, cuts: number[], strength: number, chunkSize: number, count: TokenCounter): Unit[] {
  const out: Unit[] = [];
  let from = range.start;
  for (const cut of [...cuts, range.end]) {
    const piece = trim(text, from, cut);
    from = cut;
    if (piece.end <= piece.start) continue;
    const tokens = count(text.slice(piece.start, piece.end));
    if (tokens <= chunkSize) out.push({ ...piece, tokens, strength });
    else if (strength > STRENGTH.line && piece.end - piece.start > 1 && text.slice(piece.start, piece.end).includes('\n')) out.push(...split(text, piece, lineCuts(text, piece), STRENGTH.line, chunkSize, count));
    else if (strength > STRENGTH.word) out.push(...split(text, piece, blankCuts(text, piece), STRENGTH.word, chunkSize, count));
    else out.push(...halve(text, piece, chunkSize, count));
  }
  return out;
}

function blankCuts(text: string, range: TextRange): number[] {
  // Whole runs of words of about a tenth of the cap would be finer than needed; every blank is a candidate.
  const cuts: number[] = [];
  for (let i = range.start + 1; i < range.end; i++) if (text[i] === ' ' && text[i - 1] !== ' ') cuts.push(i);
  return cuts;
}

/** Last resort that keeps the cap: halves a range until each part fits (never between surrogate halves). */
function halve(text: string, range: TextRange, chunkSize: number, count: TokenCounter): Unit[] {
  const tokens = count(text.slice(range.start, range.end));
  if (tokens <= chunkSize || range.end - range.start <= 1) return [{ ...range, tokens, strength: 0 }];
  let middle = range.start + Math.floor((range.end - range.start) / 2);
  if (/[\ud800-\udbff]/.test(text[middle - 1])) middle++;
  return [...halve(text, { start: range.start, end: middle }, chunkSize, count), ...halve(text, { start: middle, end: range.end }, chunkSize, count)];
}

/** Shrinks [start, end) so it neither starts nor ends with whitespace. */
export function trim(text: string, start: number, end: number): TextRange {
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end };
}
