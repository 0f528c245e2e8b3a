/**
 * The `sentence` splitter: sentence-aware packing with @langchain/textsplitters' recursive splitter, sized in
 * tokens. Breaks are tried at markdown headings, then blank lines, lines, sentence ends, code lines, words.
 * The splitter works on the structure mask (structure.ts), so code blocks stay whole when they fit, and every
 * piece it returns is located exactly in the text (never guessed).
 *
 * Sizing: the splitter packs with a token estimate calibrated on the document (exact counting of every
 * candidate piece, several times over, is what made a first version crawl); each resulting chunk is then counted
 * exactly and re-split if it is over `chunkSize`. So every chunk is at most `chunkSize` exact tokens.
 */
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import type { TextRange } from './chunk';
import { CODE_NEWLINE, SENTENCE_BREAK, structureMask } from './structure';
import { calibrate, estimateTokens, exactTokens, wideCharacters } from './counting';

const WIDE_SENTENCE_ENDS = ['。', '！', '？'];

const SEPARATORS = [
  '\n# ', '\n## ', '\n### ', '\n#### ', '\n##### ', '\n###### ',
  '\n\n', '\n', SENTENCE_BREAK, ...WIDE_SENTENCE_ENDS, CODE_NEWLINE, ' ', '',
];

/**
 * Recursive splitter that keeps CJK sentence ends with the sentence before them, and cuts text without any
 * separator into blocks of `charBlock` characters instead of single characters (a megabyte of base64 in a
 * markdown file would otherwise become a million one-character pieces).
 */
class ProseSplitter extends RecursiveCharacterTextSplitter {
  charBlock = 1;

  protected override splitOnSeparator(text: string, separator: string): string[] {
    if (separator === '' && this.charBlock > 1) return charBlocks(text, this.charBlock);
    if (separator === '') return super.splitOnSeparator(text, separator);
    if (!WIDE_SENTENCE_ENDS.includes(separator)) return splitBefore(text, separator);
    return text.split(new RegExp(`(?<=${separator})`)).filter((s) => s !== '');
  }
}

/**
 * The pieces of `text` cut before each occurrence of `separator` (overlapping ones included) but not at 0:
 * what the base class's `text.split(/(?=separator)/)` returns with keepSeparator, found with indexOf because the
 * look-ahead split was a tenth of all chunking time.
 */
export function splitBefore(text: string, separator: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (let at = text.indexOf(separator, 1); at !== -1; at = text.indexOf(separator, at + 1)) {
    out.push(text.slice(from, at));
    from = at;
  }
  if (from < text.length) out.push(text.slice(from));
  return out;
}

function charBlocks(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length;) {
    let end = Math.min(text.length, i + size);
    // never between the halves of a surrogate pair
    if (end < text.length && /[\ud800-\udbff]/.test(text[end - 1])) end++;
    out.push(text.slice(i, end));
    i = end;
  }
  return out;
}

/** Estimates are in thousandths of a token, so the splitter adds integers (no float residue) without rounding small pieces up. */
const SCALE = 1000;

/** An exact token counter. */
export type TokenCounter = (text: string) => number;

/** Token estimate of a (masked) piece, for packing, in thousandths of a token. */
type Estimator = (piece: string) => number;

/** A range with its exact token count. */
export interface CountedRange extends TextRange {
  tokens: number;
}

/**
 * Splits `text` into ranges of at most `chunkSize` exact tokens, trimmed of surrounding blanks.
 * @param count exact counter (default: the shared fast exact counter)
 */
export async function sentenceRanges(text: string, chunkSize: number, count: TokenCounter = exactTokens): Promise<CountedRange[]> {
  const factor = calibrate(text);
  const whole = trimRange(text, { start: 0, end: text.length });
  if (whole.end <= whole.start) return [];
  const wide = wideCharacters(text);
  // A document that fits needs no splitting: one exact count instead of mask + splitter + count.
  if (((text.length - wide) / 4 + wide) * factor <= chunkSize * 0.9) {
    const tokens = count(text.slice(whole.start, whole.end));
    if (tokens <= chunkSize) return [{ ...whole, tokens }];
  }
  const mask = structureMask(text);
  // Per-character estimates only pay off when wide characters are common; a stray CJK word is noise.
  const estimate: Estimator = wide / text.length > 0.02
    ? (piece) => Math.round(estimateTokens(piece) * factor * SCALE)
    : (piece) => Math.round((piece.length / 4) * factor * SCALE);
  // Aim 5% under the cap: the estimate is noisy, and every chunk found over the cap is split and counted again.
  const target = Math.max(1, Math.floor(chunkSize * 0.95));
  return splitRange(text, mask, { start: 0, end: text.length }, chunkSize, target, estimate, 4 / factor, count, 0);
}

async function splitRange(
  text: string, mask: string, range: TextRange, chunkSize: number, target: number, estimate: Estimator,
  charsPerToken: number, count: TokenCounter, depth: number,
): Promise<CountedRange[]> {
  const splitter = new ProseSplitter({
    chunkSize: target * SCALE,
    chunkOverlap: 0,
    keepSeparator: true,
    separators: SEPARATORS,
    lengthFunction: estimate,
  });
  splitter.charBlock = Math.max(1, Math.floor((target * charsPerToken) / 32));
  const masked = mask.slice(range.start, range.end);
  const pieces = await splitter.splitText(masked);
  const ranges: CountedRange[] = [];
  let cursor = 0;
  for (const piece of pieces) {
    const at = masked.indexOf(piece, cursor);
    if (at === -1) throw new Error(`sentence splitter: piece not found after offset ${range.start + cursor}; this is a bug`);
    cursor = at + piece.length;
    const trimmed = trimRange(text, { start: range.start + at, end: range.start + cursor });
    if (trimmed.end <= trimmed.start) continue;
    const tokens = count(text.slice(trimmed.start, trimmed.end));
    if (tokens <= chunkSize || trimmed.end - trimmed.start <= 1) {
      ranges.push({ ...trimmed, tokens });
    } else if (depth < 8) {
      // The estimate was low for this stretch: split it again, aiming lower in proportion.
      const lower = Math.max(1, Math.floor(target * (chunkSize / tokens) * 0.95));
      ranges.push(...(await splitRange(text, mask, trimmed, chunkSize, lower, estimate, charsPerToken, count, depth + 1)));
    } else {
      ranges.push(...halveUntilFits(text, trimmed, chunkSize, count));
    }
  }
  return ranges;
}

/** Last resort that keeps the cap: halves a range (at a blank near the middle when there is one) until each part fits. */
function halveUntilFits(text: string, range: TextRange, chunkSize: number, count: TokenCounter): CountedRange[] {
  const tokens = count(text.slice(range.start, range.end));
  if (tokens <= chunkSize || range.end - range.start <= 1) return [{ ...range, tokens }];
  let middle = range.start + Math.floor((range.end - range.start) / 2);
  const blank = text.lastIndexOf(' ', middle);
  if (blank > range.start) middle = blank;
  if (/[\ud800-\udbff]/.test(text[middle - 1])) middle++;
  return [range.start, middle].flatMap((start, i) => {
    const part = trimRange(text, { start, end: i === 0 ? middle : range.end });
    return part.end > part.start ? halveUntilFits(text, part, chunkSize, count) : [];
  });
}

/** Shrinks a range so it neither starts nor ends with whitespace. */
export function trimRange(text: string, range: TextRange): TextRange {
  let { start, end } = range;
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end };
}
