/**
 * Sentence segmentation helpers shared by chunking, evidence and the offline engine. ICU's sentence segmenter
 * (Intl.Segmenter) ends a sentence at every line break; in prose a single line break is only a wrap.
 */

/** A line that starts a block of its own: heading, quote, table row, list item, fence. */
const BLOCK_START = /^[ \t]*(?:#{1,6}[ \t]|>|\||[-*+][ \t]|\d{1,3}[.)][ \t]|```|~~~)/;
/** A line after which a new line is a new block: heading, table row. */
const BLOCK_LINE = /^[ \t]*(?:#{1,6}[ \t]|\|)/;

/**
 * `slice` with its soft line wraps (a newline inside a paragraph) turned into spaces. ICU ends a sentence at
 * every newline, which cut hard-wrapped markdown mid-sentence; the copy has the same length, so offsets hold.
 */
export function unwrapSoftBreaks(slice: string): string {
  if (!slice.includes('\n')) return slice;
  const lines = slice.split('\n');
  let out = lines[0];
  for (let i = 1; i < lines.length; i++) {
    const prev = lines[i - 1];
    const line = lines[i];
    const soft = prev.trim() !== '' && line.trim() !== '' && !BLOCK_START.test(line) && !BLOCK_LINE.test(prev);
    if (soft && out.endsWith('\r')) out = `${out.slice(0, -1)} `;
    out += (soft ? ' ' : '\n') + line;
  }
  return out;
}
