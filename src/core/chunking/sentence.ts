/**
 * The `sentence` splitter: sentence-aware packing with @langchain/textsplitters' recursive splitter, sized in
 * tokens. Breaks are tried at markdown headings, then blank lines, lines, sentence ends, code lines, words.
 * The splitter works on the structure mask (structure.ts), so code blocks stay whole when they fit, and every
 * piece it returns is located exactly in the text (never guessed).
 */
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import type { TextRange } from './chunk';
import { CODE_NEWLINE, SENTENCE_BREAK, structureMask, unmask } from './structure';
import { cachedTokenCounter } from './tokenCache';

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

/** A token counter for the splitter: counts what the masked piece stands for. */
export type TokenCounter = (text: string) => number;

/**
 * Splits `text` into ranges of at most `chunkSize` tokens (exactly counted), trimmed of surrounding blanks.
 * @param mask the structure mask of the text, when the caller already has it
 */
export async function sentenceRanges(
  text: string,
  chunkSize: number,
  count: TokenCounter = cachedTokenCounter(),
  mask: string = structureMask(text),
): Promise<TextRange[]> {
  return splitRange(text, mask, { start: 0, end: text.length }, chunkSize, count, 0);
}

async function splitRange(
  text: string, mask: string, range: TextRange, chunkSize: number, count: TokenCounter, depth: number,
): Promise<TextRange[]> {
  const splitter = new ProseSplitter({
    chunkSize,
    chunkOverlap: 0,
    keepSeparator: true,
    separators: SEPARATORS,
    lengthFunction: (piece: string) => count(unmask(piece)),
  });
  const masked = mask.slice(range.start, range.end);
  const pieces = await splitter.splitText(masked);
  const ranges: TextRange[] = [];
  let cursor = 0;
  for (const piece of pieces) {
    const at = masked.indexOf(piece, cursor);
    if (at === -1) throw new Error(`sentence splitter: piece not found after offset ${range.start + cursor}; this is a bug`);
    cursor = at + piece.length;
    const trimmed = trimRange(text, { start: range.start + at, end: range.start + cursor });
    if (trimmed.end <= trimmed.start) continue;
    // The splitter adds up the pieces' counts; the joined text can count a few tokens more. Re-split those.
    if (depth < 4 && count(text.slice(trimmed.start, trimmed.end)) > chunkSize) {
      ranges.push(...(await splitRange(text, mask, trimmed, Math.max(1, Math.floor(chunkSize * 0.9)), count, depth + 1)));
    } else {
      ranges.push(trimmed);
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
