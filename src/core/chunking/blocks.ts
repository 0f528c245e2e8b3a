/**
 * The block structure of a document's text: headings, fenced code, tables, lists and paragraphs, with exact
 * offsets. The readers normalise every markup (rst, AsciiDoc, html) to this markdown-like shape, so one parser
 * serves all formats: ATX headings (`## Title`) and setext headings (a line underlined with `===`/`---`),
 * fences (``` or ~~~), tables (lines starting with `|` or `+`, or rst simple-table borders), list items with
 * their indented continuation lines, and paragraphs (consecutive non-blank lines).
 */
import { fencedBlocks } from './structure';

/** Kinds of block. Code and tables are never split when they fit; a heading is never a chunk's last block. */
export type BlockKind = 'heading' | 'code' | 'table' | 'list' | 'paragraph';

/** One block: [start, end) of the text, without surrounding blank lines. */
export interface Block {
  kind: BlockKind;
  start: number;
  end: number;
  /** Heading level (1 = outermost), headings only. */
  level?: number;
  /** Heading title as shown (markers removed), headings only. */
  title?: string;
}

const ATX = /^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
const LIST_ITEM = /^[ \t]*(?:[-*+•][ \t]|\d{1,3}[.)][ \t]|[a-zA-Z][.)][ \t]|#\.[ \t])/;
const TABLE_LINE = /^[ \t]*(?:\||\+[-=+])/;
const SIMPLE_TABLE_BORDER = /^[ \t]*=+(?:[ \t]+=+)+[ \t]*$/;

interface Line {
  start: number;
  end: number;
  text: string;
}

/** The last text parsed and its blocks: the splitter and the heading paths of its chunks parse the same text. */
let last: { text: string; blocks: Block[] } | undefined;

/** The blocks of `text` in order (do not modify the array: the last result is shared). */
export function parseBlocks(text: string): Block[] {
  if (last?.text === text) return last.blocks;
  const blocks = parse(text);
  last = { text, blocks };
  return blocks;
}

function parse(text: string): Block[] {
  const blocks: Block[] = [];
  const fences = fencedBlocks(text);
  let pos = 0;
  for (const fence of fences) {
    parseProse(text, pos, fence.start, blocks);
    blocks.push({ kind: 'code', start: fence.start, end: fence.end });
    pos = fence.end;
  }
  parseProse(text, pos, text.length, blocks);
  return blocks;
}

function* linesOf(text: string, from: number, to: number): Generator<Line> {
  let s = from;
  while (s < to) {
    let e = text.indexOf('\n', s);
    if (e === -1 || e > to) e = to;
    yield { start: s, end: e, text: text.slice(s, e).replace(/\r$/, '') };
    s = e + 1;
  }
}

function parseProse(text: string, from: number, to: number, out: Block[]): void {
  let open: { kind: BlockKind; start: number; end: number; lines: number } | undefined;
  const close = (): void => {
    if (open) out.push({ kind: open.kind, start: open.start, end: open.end });
    open = undefined;
  };
  for (const line of linesOf(text, from, to)) {
    const content = line.text;
    const lineEnd = line.start + content.length;
    if (content.trim() === '') {
      close();
      continue;
    }
    const atx = ATX.exec(content);
    if (atx) {
      close();
      out.push({ kind: 'heading', start: line.start + (content.length - content.trimStart().length), end: lineEnd, level: atx[1].length, title: atx[2].trim() });
      continue;
    }
    if (open && open.kind === 'paragraph' && open.lines === 1 && SETEXT.exec(content)) {
      const title = text.slice(open.start, open.end).trim();
      out.push({ kind: 'heading', start: open.start, end: lineEnd, level: content.trim()[0] === '=' ? 1 : 2, title });
      open = undefined;
      continue;
    }
    const kind: BlockKind = TABLE_LINE.test(content) || SIMPLE_TABLE_BORDER.test(content)
      ? 'table'
      : LIST_ITEM.test(content) ? 'list' : 'paragraph';
    if (open && (open.kind === kind || open.kind === 'table' || (open.kind === 'list' && kind === 'paragraph'))) {
      open.end = lineEnd;
      open.lines++;
      continue;
    }
    close();
    open = { kind, start: line.start + (content.length - content.trimStart().length), end: lineEnd, lines: 1 };
  }
  close();
}

/** A section's heading titles for every block: the path of headings above it, outermost first. */
export function headingPaths(blocks: readonly Block[]): string[][] {
  const stack: Array<{ level: number; title: string }> = [];
  return blocks.map((b) => {
    if (b.kind === 'heading') {
      while (stack.length && stack[stack.length - 1].level >= (b.level ?? 1)) stack.pop();
      stack.push({ level: b.level ?? 1, title: b.title ?? '' });
    }
    return stack.map((s) => s.title);
  });
}

/** A table's header separator: `| --- | :-: |` (markdown, and the readers' html/AsciiDoc tables) or `+===+===+` (rst grid). */
const HEADER_SEPARATOR = /^[ \t]*(?:\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?|\+(?:=+\+)+)[ \t]*$/;

/** Whether `line` is a table's header separator (see HEADER_SEPARATOR). */
export function isTableHeaderSeparator(line: string): boolean {
  return HEADER_SEPARATOR.test(line);
}

/** Where a table block's header ends (just past its separator line), or undefined when it has no header. */
export function tableHeaderEnd(text: string, block: Block): number | undefined {
  let lineStart = block.start;
  for (let line = 0; line < 8 && lineStart < block.end; line++) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1 || lineEnd > block.end) lineEnd = block.end;
    if (line > 0 && HEADER_SEPARATOR.test(text.slice(lineStart, lineEnd))) return lineEnd;
    lineStart = lineEnd + 1;
  }
  return undefined;
}
