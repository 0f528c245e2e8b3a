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
import { calibrate, estimateTokens, exactTokens, hasWideCharacters } from './tokenCache';

const WIDE_SENTENCE_ENDS = ['。', '！', '？'];

const SEPARATORS = [
  '\n# ', '\n## ', '\n### ', '\n#### ', '\n##### ', '\n###### ',
  '\n\n', '\n', SENTENCE_BREAK, ...WIDE_SENTENCE_ENDS, CODE_NEWLINE, ' ', '',
];

/** Recursive splitter that keeps CJK sentence ends with the sentence before them. */
class ProseSplitter extends RecursiveCharacterTextSplitter {
  protected override splitOnSeparator(text: string, separator: string): string[] {
    if (!WIDE_SENTENCE_ENDS.includes(separator)) return super.splitOnSeparator(text, separator);
    return text.split(new RegExp(`(?<=${separator})`)).filter((s) => s !== '');
  }
}

/** An exact token counter. */
export type TokenCounter = (text: string) => number;

/** Token estimate of a (masked) piece, for packing. */
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
  const mask = structureMask(text);
  const charsPerToken = calibrate(text);
  const estimate: Estimator = hasWideCharacters(text)
    ? (piece) => estimateTokens(piece, charsPerToken)
    : (piece) => Math.ceil(piece.length / charsPerToken);
  return splitRange(text, mask, { start: 0, end: text.length }, chunkSize, chunkSize, estimate, count, 0);
}

async function splitRange(
  text: string, mask: string, range: TextRange, chunkSize: number, target: number, estimate: Estimator,
  count: TokenCounter, depth: number,
): Promise<CountedRange[]> {
  const splitter = new ProseSplitter({
    chunkSize: target,
    chunkOverlap: 0,
    keepSeparator: true,
    separators: SEPARATORS,
    lengthFunction: estimate,
  });
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
    if (tokens > chunkSize && depth < 8 && trimmed.end - trimmed.start > 1) {
      // The estimate was low for this stretch: split it again, aiming lower in proportion.
      const lower = Math.max(1, Math.floor(target * (chunkSize / tokens) * 0.95));
      ranges.push(...(await splitRange(text, mask, trimmed, chunkSize, lower, estimate, count, depth + 1)));
    } else {
      ranges.push({ ...trimmed, tokens });
    }
  }
  return ranges;
}

/** Shrinks a range so it neither starts nor ends with whitespace. */
export function trimRange(text: string, range: TextRange): TextRange {
  let { start, end } = range;
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end };
}
