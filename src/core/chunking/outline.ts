/**
 * Heading paths of chunks: the titles of the sections a range of a document sits in, outermost first. For a
 * range that spans several sections, the path they share (the range's own text keeps their heading lines).
 * A conversation's chunks all carry the conversation's title line instead.
 */
import type { SourceDocument } from '../ingest/types';
import type { TextRange } from './chunk';
import { headingPaths, parseBlocks, tableHeaderEnd, type Block } from './blocks';

interface Outline {
  blocks: Block[];
  paths: string[][];
}

const outlines = new WeakMap<SourceDocument, Outline>();

/** The heading path of `range` of `doc.text` (see the module comment). */
export function headingPathOf(doc: SourceDocument, range: TextRange): string[] {
  if (doc.session) return doc.session.title ? [doc.session.title] : [];
  const { blocks, paths } = outlineOf(doc);
  // The block the range starts in (or the last one before it), then every block that starts inside it.
  const lo = blockAt(blocks, range.start);
  if (blocks.length === 0 || blocks[lo].start > range.start) return [];
  // Headings only open sections: the path is what the chunk's content blocks share (its headings' when it has none).
  let shared: string[] | undefined;
  let headingsOnly: string[] | undefined;
  for (let i = lo; i < blocks.length && blocks[i].start < range.end; i++) {
    if (blocks[i].kind === 'heading') headingsOnly = headingsOnly ? commonPrefix(headingsOnly, paths[i]) : paths[i];
    else shared = shared ? commonPrefix(shared, paths[i]) : paths[i];
  }
  return [...(shared ?? headingsOnly ?? [])];
}

/**
 * The header lines of the table `at` falls inside, past that header (a chunk continuing a split table), or
 * undefined when `at` is not inside a table, is within its header, or the table has none.
 */
export function tableHeaderAt(doc: SourceDocument, at: number): string | undefined {
  if (doc.session) return undefined;
  const { blocks } = outlineOf(doc);
  const block = blocks[blockAt(blocks, at)];
  if (!block || block.kind !== 'table' || at <= block.start || at >= block.end) return undefined;
  const headerEnd = tableHeaderEnd(doc.text, block);
  return headerEnd !== undefined && at > headerEnd ? doc.text.slice(block.start, headerEnd) : undefined;
}

/** The opening fence line of the fenced code block `at` falls inside, past that line; otherwise undefined. */
export function codeFenceAt(doc: SourceDocument, at: number): string | undefined {
  if (doc.session) return undefined;
  const { blocks } = outlineOf(doc);
  const block = blocks[blockAt(blocks, at)];
  if (!block || block.kind !== 'code' || at >= block.end) return undefined;
  const lineEnd = doc.text.indexOf('\n', block.start);
  return lineEnd !== -1 && at > lineEnd ? doc.text.slice(block.start, lineEnd).trim() : undefined;
}

function outlineOf(doc: SourceDocument): Outline {
  let outline = outlines.get(doc);
  if (!outline) {
    const blocks = parseBlocks(doc.text);
    outline = { blocks, paths: headingPaths(blocks) };
    outlines.set(doc, outline);
  }
  return outline;
}

/** Index of the last block starting at or before `at` (0 when none does). */
function blockAt(blocks: readonly Block[], at: number): number {
  let lo = 0;
  let hi = blocks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (blocks[mid].start <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function commonPrefix(a: string[], b: string[]): string[] {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n === a.length ? a : a.slice(0, n);
}
