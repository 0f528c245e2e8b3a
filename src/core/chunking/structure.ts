/**
 * A same-length "structure mask" of a text that tells the splitter where it may break: newlines inside fenced
 * code blocks are hidden (so blocks are not cut when that can be avoided), and the space after a sentence end
 * becomes a sentence-break mark. Because the mask has exactly the text's length, offsets found in the mask are
 * offsets into the text.
 */

/** Stands for a newline inside a fenced code block. */
export const CODE_NEWLINE = '\uE000';
/** Stands for the blank after a sentence end (". ", "? ", …). */
export const SENTENCE_BREAK = '\u2029';

/** [start, end) of each fenced code block (``` or ~~~), from the opening fence to the end of the closing one. */
export function fencedBlocks(text: string): Array<{ start: number; end: number }> {
  const blocks: Array<{ start: number; end: number }> = [];
  const fence = /^ {0,3}(`{3,}|~{3,})/gm;
  let open: { start: number; marker: string } | undefined;
  for (let m = fence.exec(text); m; m = fence.exec(text)) {
    const marker = m[1];
    if (!open) {
      // An info string after backticks may not contain a backtick (CommonMark); such a line is not a fence.
      const lineEnd = endOfLine(text, m.index);
      if (marker[0] === '`' && text.slice(m.index + m[0].length, lineEnd).includes('`')) continue;
      open = { start: m.index, marker };
    } else if (marker[0] === open.marker[0] && marker.length >= open.marker.length) {
      const lineEnd = endOfLine(text, m.index);
      if (text.slice(m.index + m[0].length, lineEnd).trim() !== '') continue;
      blocks.push({ start: open.start, end: lineEnd });
      open = undefined;
    }
  }
  if (open) blocks.push({ start: open.start, end: text.length });
  return blocks;
}

function endOfLine(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl === -1 ? text.length : nl;
}

const SENTENCE_END = /([.!?…][)\]"'’”»]*)[ \t](?=\S)/g;

/** The structure mask of `text` (same length; see the module comment). */
export function structureMask(text: string): string {
  const blocks = fencedBlocks(text);
  const out: string[] = [];
  let pos = 0;
  for (const b of blocks) {
    out.push(markSentences(text.slice(pos, b.start)));
    out.push(text.slice(b.start, b.end).replaceAll('\n', CODE_NEWLINE));
    pos = b.end;
  }
  out.push(markSentences(text.slice(pos)));
  return out.join('');
}

function markSentences(prose: string): string {
  // A replacement string, not a callback: the engine substitutes without calling back into JavaScript per match.
  return prose.replace(SENTENCE_END, `$1${SENTENCE_BREAK}`);
}

/** The text a masked piece stands for, for counting its tokens. */
export function unmask(piece: string): string {
  return piece.replaceAll(SENTENCE_BREAK, ' ').replaceAll(CODE_NEWLINE, '\n');
}
