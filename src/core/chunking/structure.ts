/** Where fenced code blocks are in a text: the block parser (blocks.ts) keeps each one whole. */

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
